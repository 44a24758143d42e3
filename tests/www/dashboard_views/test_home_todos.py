"""The private home (/espace/) as a to-do list per role: what each persona has to do, each item
linking where it is done, scoped to what the persona may see, at a constant query count."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.enums import RequestKind, RequestStatus
from forprev.accreditations.models import AccreditationRequest, RequestItem
from forprev.certificates.models import Certificate
from forprev.core.enums import JobRunStatus
from forprev.core.models import JobRun
from forprev.entities.enums import InvitationKind
from forprev.entities.invitations import invitation_create
from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze
from forprev.people.merging_models import DuplicateCandidate, MergeRequest
from forprev.people.models import Person
from forprev.people.requests import PersonRequest, PersonRequestKind
from forprev.training.closing import closing_deadline
from forprev.training.enums import RegularisationKind, SessionStatus
from forprev.training.models import RegularisationRequest, SessionTrainer, TrainingSession
from tests.conftest import login
from tests.factories import AccreditationFactory, UserFactory
from tests.session_fixtures import join_team

HOME = "/espace/"
EMPTY = "Rien à faire pour le moment"


def _today():
    return timezone.localdate()


def make_session(entity, level, creator, trainer, *, status, ends_days_ago=1, city="Marseille"):
    ends_on = _today() - timedelta(days=ends_days_ago)
    session = TrainingSession.objects.create(
        entity=entity,
        programme_level=level,
        kind="initial",
        starts_on=ends_on - timedelta(days=1),
        ends_on=ends_on,
        place_address="1 rue de la Paix",
        place_city=city,
        capacity=10,
        status=status,
        created_by=creator,
    )
    SessionTrainer.objects.create(session=session, trainer=trainer)
    return session


def make_application(entity, creator, status, days_ago=10, level=None):
    application = AccreditationRequest.objects.create(
        entity=entity,
        kind=RequestKind.INITIAL,
        status=status,
        created_by=creator,
        transmitted_at=None
        if status == RequestStatus.DRAFT
        else timezone.now() - timedelta(days=days_ago),
    )
    if level is not None:
        RequestItem.objects.create(request=application, programme_level=level)
    return application


def make_person_request(entity, by, kind=PersonRequestKind.NOT_FOUND):
    return PersonRequest.objects.create(
        entity=entity,
        kind=kind,
        last_name="Zwyqkor",
        first_name="Ulmira",
        birth_date=date(1990, 1, 2),
        requested_by=by,
    )


def make_regularisation(entity, by, session=None):
    return RegularisationRequest.objects.create(
        entity=entity,
        session=session,
        kind=RegularisationKind.LATE_CLOSING,
        explanation="Retard du formateur.",
        requested_by=by,
    )


def make_duplicate(trainer_a, trainer_b, group=None):
    a = Person.objects.create(
        last_name="Qorvath", first_name="Ilde", birth_date=date(1980, 5, 6), user=trainer_a
    )
    b = Person.objects.create(
        last_name="Qorvat", first_name="Ilde", birth_date=date(1980, 5, 6), user=trainer_b
    )
    a, b = sorted([a, b], key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(
        person_a=a, person_b=b, score=0.95, group=group or a.pk
    )


def make_certificate(person, session, level, *, valid_until=None, revoked=False):
    return Certificate.objects.create(
        person=person,
        programme_level=level,
        kind="initial",
        issued_on=session.ends_on,
        valid_until=valid_until,
        session=session,
        entity=session.entity,
        trainer_names="Paul Formateur",
        revoked_at=timezone.now() if revoked else None,
        revoked_reason="Erreur." if revoked else "",
    )


def home(client, user):
    login(client, user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def sections_of(response) -> dict:
    return {section.key: section for section in response.context["sections"]}


def links_of(section) -> list[str]:
    return [action.url for item in section.items for action in item.actions]


# Manager --------------------------------------------------------------------------------------


def test_manager_sees_sessions_to_close_with_their_deadline(client, personas, entity, sst, trainer):
    manager = personas["manager"]
    recent = make_session(entity, sst, manager, trainer, status=SessionStatus.VALIDATED)
    late = make_session(
        entity, sst, manager, trainer, status=SessionStatus.VALIDATED, ends_days_ago=120
    )
    make_session(entity, sst, manager, trainer, status=SessionStatus.CLOSED)
    response = home(client, manager)
    section = sections_of(response)["sessions_to_close"]
    assert section.total == 2
    assert links_of(section) == [
        reverse("training:session_detail", args=[late.public_id]),
        reverse("training:session_detail", args=[recent.public_id]),
    ]
    content = response.content.decode()
    assert f"{closing_deadline(recent.ends_on):%d/%m/%Y}" in content
    assert "Délai de clôture dépassé" in content
    assert "Sessions à clôturer" in content


def test_manager_sees_sessions_awaiting_the_trainer_with_the_trainer_named(
    client, personas, entity, sst, trainer
):
    session = make_session(
        entity, sst, personas["manager"], trainer, status=SessionStatus.SUBMITTED
    )
    response = home(client, personas["manager"])
    section = sections_of(response)["sessions_awaiting_trainer"]
    assert links_of(section) == [reverse("training:session_detail", args=[session.public_id])]
    assert "Formateur : FORMATEUR Paul" in response.content.decode()


def test_manager_sees_expiring_habilitations_with_end_date_and_renewal(client, personas, entity):
    expiring = AccreditationFactory(entity=entity, expires_on=_today() + timedelta(days=60))
    AccreditationFactory(entity=entity)  # four years to run: not listed
    AccreditationFactory(entity=entity, expired=True)  # already over: not listed
    response = home(client, personas["manager"])
    section = sections_of(response)["expiring_accreditations"]
    assert section.total == 1
    assert f"Échéance le {expiring.expires_on:%d/%m/%Y}" in response.content.decode()
    assert links_of(section) == [
        reverse("entities:entity_detail", args=[entity.public_id]),
        reverse("accreditations:request_create"),
    ]


def test_manager_sees_applications_and_where_they_stand(client, personas, entity):
    manager = personas["manager"]
    draft = make_application(entity, manager, RequestStatus.DRAFT)
    review = make_application(entity, manager, RequestStatus.COMPLEMENTS_REQUESTED)
    make_application(entity, manager, RequestStatus.GRANTED)  # decided: not a to-do
    response = home(client, manager)
    section = sections_of(response)["applications"]
    assert section.total == 2
    assert set(links_of(section)) == {
        reverse("accreditations:request_detail", args=[draft.public_id]),
        reverse("accreditations:request_detail", args=[review.public_id]),
    }
    content = response.content.decode()
    assert "Compléments demandés par la caisse" in content
    assert "À compléter et transmettre" in content


def test_manager_sees_pending_invitations_with_a_resend_button(client, personas, entity):
    manager = personas["manager"]
    invitation = invitation_create(
        entity=entity, by=manager, kind=InvitationKind.TRAINER, identifier="xq.vorn@example.org"
    )
    response = home(client, manager)
    section = sections_of(response)["pending_invitations"]
    resend = reverse("entities:invitation_resend", args=[entity.public_id, invitation.public_id])
    assert links_of(section) == [reverse("trainers:team_list"), resend]
    assert f'action="{resend}"' in response.content.decode()
    # The button works: the invitation is resent, back to the team page.
    response = client.post(resend)
    assert response.status_code == 302


def test_manager_empty_sections_say_nothing_to_do(client, personas):
    response = home(client, personas["manager"])
    content = response.content.decode()
    keys = set(sections_of(response))
    assert {"sessions_to_close", "sessions_awaiting_trainer", "applications"} <= keys
    assert content.count(EMPTY) == len(keys)
    assert "fr-tile" not in content  # a to-do list, no more tiles


def test_manager_never_sees_another_entitys_items(
    client, personas, entity, other_entity, sst, trainer
):
    elsewhere = personas["manager_elsewhere"]
    make_session(
        other_entity, sst, elsewhere, trainer, status=SessionStatus.VALIDATED, city="Qzlyon"
    )
    make_session(
        other_entity, sst, elsewhere, trainer, status=SessionStatus.SUBMITTED, city="Qzlyon"
    )
    AccreditationFactory(entity=other_entity, expires_on=_today() + timedelta(days=30))
    make_application(other_entity, elsewhere, RequestStatus.DRAFT)
    invitation_create(
        entity=other_entity,
        by=elsewhere,
        kind=InvitationKind.TRAINER,
        identifier="zz.q@example.org",
    )
    response = home(client, personas["manager"])
    assert all(section.is_empty for section in response.context["sections"])
    content = response.content.decode()
    assert "Qzlyon" not in content and "zz.q@example.org" not in content


# Delegates ------------------------------------------------------------------------------------


def test_delegate_with_every_right_sees_what_the_manager_sees(
    client, personas, entity, sst, trainer
):
    make_session(entity, sst, personas["manager"], trainer, status=SessionStatus.VALIDATED)
    keys = set(sections_of(home(client, personas["delegate"])))
    assert {"sessions_to_close", "sessions_awaiting_trainer", "applications"} <= keys
    # Delegates are the manager's to invite; trainers, whoever manages the team.
    section = sections_of(home(client, personas["delegate"]))["sessions_to_close"]
    assert section.total == 1


def test_delegate_without_right_gets_no_entity_to_do(client, personas, entity, sst, trainer):
    manager = personas["manager"]
    make_session(entity, sst, manager, trainer, status=SessionStatus.VALIDATED, city="Qzville")
    make_session(entity, sst, manager, trainer, status=SessionStatus.SUBMITTED, city="Qzville")
    make_application(entity, manager, RequestStatus.DRAFT)
    invitation_create(
        entity=entity, by=manager, kind=InvitationKind.TRAINER, identifier="qx.w@example.org"
    )
    response = home(client, personas["delegate_without_right"])
    keys = set(sections_of(response))
    assert not keys & {
        "sessions_to_close",
        "sessions_awaiting_trainer",
        "expiring_accreditations",
        "applications",
        "pending_invitations",
    }
    assert "Qzville" not in response.content.decode()


# Trainer and trainee --------------------------------------------------------------------------


def test_trainer_sees_sessions_to_validate_linking_to_the_validation_page(
    client, personas, entity, sst, trainer
):
    join_team(trainer, entity)
    mine = make_session(entity, sst, personas["manager"], trainer, status=SessionStatus.SUBMITTED)
    make_session(entity, sst, personas["manager"], trainer, status=SessionStatus.DRAFT)
    other_trainer = UserFactory()
    make_session(entity, sst, personas["manager"], other_trainer, status=SessionStatus.SUBMITTED)
    response = home(client, trainer)
    section = sections_of(response)["sessions_to_validate"]
    validate = reverse("training:session_validate", args=[mine.public_id])
    assert links_of(section) == [validate]
    assert client.get(validate).status_code == 200


def test_trainer_without_sessions_sees_nothing_to_do(client, entity, trainer):
    join_team(trainer, entity)
    response = home(client, trainer)
    assert sections_of(response)["sessions_to_validate"].is_empty
    assert EMPTY in response.content.decode()


def test_person_sees_their_certificates_with_their_state(client, personas, entity, sst, trainer):
    user = personas["person"]
    person = Person.objects.create(
        last_name=user.last_name, first_name=user.first_name, birth_date=date(1990, 1, 1), user=user
    )
    sessions = [
        make_session(
            entity,
            sst,
            personas["manager"],
            trainer,
            status=SessionStatus.CLOSED,
            ends_days_ago=900,
        )
        for _ in range(3)
    ]
    valid = make_certificate(person, sessions[0], sst, valid_until=_today() + timedelta(days=300))
    make_certificate(person, sessions[1], sst, valid_until=_today() - timedelta(days=1))
    make_certificate(
        person, sessions[2], sst, valid_until=_today() + timedelta(days=300), revoked=True
    )
    stranger = Person.objects.create(
        last_name="Xuvak", first_name="Ode", birth_date=date(1991, 1, 1)
    )
    other = make_session(entity, sst, personas["manager"], trainer, status=SessionStatus.CLOSED)
    make_certificate(stranger, other, sst)
    response = home(client, user)
    section = sections_of(response)["my_certificates"]
    assert section.total == 3
    states = sorted(badge.text for item in section.items for badge in item.badges)
    assert states == ["Expiré", "Révoqué", "Valide"]
    verify = reverse("verification:verify_code", args=[valid.verification_code])
    assert verify in links_of(section)
    assert "Xuvak" not in response.content.decode()


def test_person_without_certificates_is_told_so(client, personas):
    response = home(client, personas["person"])
    section = sections_of(response)["my_certificates"]
    assert section.is_empty
    assert "Vous n&#x27;avez pas encore de certificat." in response.content.decode()


# Instructor -----------------------------------------------------------------------------------


def test_instructor_sees_queue_counts_with_age_and_links(client, personas, entity, sst, trainer):
    manager = personas["manager"]
    make_application(entity, manager, RequestStatus.TRANSMITTED, days_ago=12)
    make_application(entity, manager, RequestStatus.TRANSMITTED, days_ago=3)
    make_application(entity, manager, RequestStatus.UNDER_REVIEW)
    make_application(entity, manager, RequestStatus.DRAFT)  # not the caisse's yet
    make_regularisation(entity, manager)
    make_person_request(entity, manager)
    make_person_request(entity, manager, PersonRequestKind.WRONG_DETAILS)
    response = home(client, personas["instructor"])
    sections = sections_of(response)
    applications = sections["applications_queue"]
    assert applications.total == 3
    first = applications.items[0]
    assert first.text == "Transmise" and first.badges[0].text == "2"
    assert "depuis 12 jours" in first.detail
    assert first.actions[0].url == reverse("accreditations:request_list") + "?status=transmitted"
    assert sections["regularisations_queue"].total == 1
    assert links_of(sections["regularisations_queue"]) == [
        reverse("regularisations:request_list") + "?etat=pending"
    ]
    assert sections["person_requests_queue"].total == 2
    assert sections["duplicates_queue"].is_empty
    login(client, personas["instructor"])
    for section in sections.values():
        for url in links_of(section):
            assert client.get(url).status_code == 200, url


def test_instructor_of_another_caisse_does_not_count_this_caisses_queues(client, personas, entity):
    manager = personas["manager"]
    make_application(entity, manager, RequestStatus.TRANSMITTED)
    make_regularisation(entity, manager)
    make_person_request(entity, manager)
    response = home(client, personas["instructor_elsewhere"])
    assert all(section.total == 0 for section in response.context["sections"])
    assert all(section.is_empty for section in response.context["sections"])


def test_instructor_sees_duplicates_of_their_caisses_trainers(client, personas, entity, trainer):
    join_team(trainer, entity)
    other = join_team(UserFactory(), entity)
    make_duplicate(trainer, other)
    section = sections_of(home(client, personas["instructor"]))["duplicates_queue"]
    assert section.total == 1
    assert links_of(section) == [reverse("duplicates:queue")]
    elsewhere = sections_of(home(client, personas["instructor_elsewhere"]))["duplicates_queue"]
    assert elsewhere.total == 0


# Support and national -------------------------------------------------------------------------


def _failed_run(key="expiry-reminders", minutes_ago=5, status=JobRunStatus.FAILED):
    return JobRun.objects.create(
        job_key=key,
        result_id=str(uuid.uuid4()),
        status=status,
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago),
        finished_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_support_sees_requests_merges_duplicates_and_failed_jobs(client, personas, entity, trainer):
    manager = personas["manager"]
    make_person_request(entity, manager)
    MergeRequest.objects.create(
        requested_by=trainer, other_forprev_id="ABC12345", explanation="Deux comptes."
    )
    make_duplicate(UserFactory(), UserFactory())
    _failed_run("expiry-reminders")
    _failed_run("invitations-expire", minutes_ago=10)
    _failed_run("invitations-expire", minutes_ago=1, status=JobRunStatus.SUCCEEDED)  # recovered
    response = home(client, personas["support"])
    sections = sections_of(response)
    assert sections["person_requests_queue"].total == 1
    assert sections["duplicates_queue"].total == 2  # a group and a merge request
    failed = sections["failed_jobs"]
    assert failed.total == 1
    assert links_of(failed) == [reverse("scheduler:job_list")]
    assert "Échec" in response.content.decode()
    assert "upcoming_freezes" not in sections  # support does not manage freezes
    login(client, personas["support"])
    for section in sections.values():
        for url in links_of(section):
            assert client.get(url).status_code == 200, url


def test_national_sees_decisions_to_take_and_upcoming_freezes(client, personas, entity):
    make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN, days_ago=40)
    make_application(entity, personas["manager"], RequestStatus.TRANSMITTED)  # the caisse's
    FeatureFreeze.objects.create(
        action=FrozenAction.RENEWAL,
        starts_on=_today() + timedelta(days=20),
        message="Renouvellements suspendus.",
        created_by=personas["national"],
    )
    response = home(client, personas["national"])
    sections = sections_of(response)
    decisions = sections["applications_queue"]
    assert decisions.total == 1
    assert links_of(decisions) == [reverse("accreditations:request_list") + "?status=opinion_given"]
    assert sections["upcoming_freezes"].total == 1
    assert links_of(sections["upcoming_freezes"]) == [reverse("freezes:freeze_list")]
    assert "readiness" in sections and "failed_jobs" in sections
    login(client, personas["national"])
    for section in sections.values():
        for url in links_of(section):
            assert client.get(url).status_code == 200, url


# Constant query counts ------------------------------------------------------------------------


def _queries(client, user, django_assert_num_queries, count=None):
    """Queries of the home for ``user``: measured once, or checked against ``count``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, user)
    client.get(HOME)  # warm the session and the caches, as every later page
    if count is None:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)
    with django_assert_num_queries(count):
        assert client.get(HOME).status_code == 200
    return count


def _member_rows(entity, manager, trainer, sst, n, start=0):
    for index in range(start, start + n):
        make_session(entity, sst, manager, trainer, status=SessionStatus.VALIDATED)
        make_session(entity, sst, manager, trainer, status=SessionStatus.SUBMITTED)
        AccreditationFactory(entity=entity, expires_on=_today() + timedelta(days=30 + index))
        make_application(entity, manager, RequestStatus.DRAFT, level=sst)
        invitation_create(
            entity=entity,
            by=manager,
            kind=InvitationKind.TRAINER,
            identifier=f"qv{index}.n@example.org",
        )


@pytest.mark.parametrize("persona", ["manager", "delegate"])
def test_member_home_queries_do_not_grow_with_rows(
    client, personas, entity, sst, trainer, django_assert_num_queries, persona
):
    manager = personas["manager"]
    _member_rows(entity, manager, trainer, sst, 1)
    one = _queries(client, personas[persona], django_assert_num_queries)
    _member_rows(entity, manager, UserFactory(), sst, 14, start=1)
    _queries(client, personas[persona], django_assert_num_queries, one)


def test_trainer_and_person_home_queries_do_not_grow_with_rows(
    client, personas, entity, sst, trainer, django_assert_num_queries
):
    join_team(trainer, entity)
    person = Person.objects.create(
        last_name="Qomir", first_name="Ana", birth_date=date(1990, 1, 1), user=trainer
    )

    def rows(n):
        for _ in range(n):
            make_session(entity, sst, personas["manager"], trainer, status=SessionStatus.SUBMITTED)
            closed = make_session(
                entity, sst, personas["manager"], trainer, status=SessionStatus.CLOSED
            )
            make_certificate(person, closed, sst)

    rows(1)
    one = _queries(client, trainer, django_assert_num_queries)
    rows(14)
    _queries(client, trainer, django_assert_num_queries, one)


@pytest.mark.parametrize("persona", ["instructor", "support", "national"])
def test_staff_home_queries_do_not_grow_with_rows(
    client, personas, entity, trainer, django_assert_num_queries, persona
):
    manager = personas["manager"]

    def rows(n):
        for index in range(n):
            for status in (
                RequestStatus.TRANSMITTED,
                RequestStatus.UNDER_REVIEW,
                RequestStatus.OPINION_GIVEN,
            ):
                make_application(entity, manager, status, days_ago=index)
            make_regularisation(entity, manager)
            make_person_request(entity, manager)
            MergeRequest.objects.create(
                requested_by=trainer, other_forprev_id="ABC12345", explanation="Deux comptes."
            )
            make_duplicate(join_team(UserFactory(), entity), join_team(UserFactory(), entity))
            _failed_run("expiry-reminders", minutes_ago=index + 1)
            _failed_run("invitations-expire", minutes_ago=index + 1)

    rows(1)
    one = _queries(client, personas[persona], django_assert_num_queries)
    rows(14)
    _queries(client, personas[persona], django_assert_num_queries, one)


@pytest.mark.parametrize("persona", ["manager", "delegate", "delegate_without_right"])
def test_every_member_todo_link_opens_for_its_viewer(
    client, personas, entity, sst, trainer, persona
):
    """No dead link: each « Voir » (and renewal) a member is shown opens for them."""
    join_team(trainer, entity)
    _member_rows(entity, personas["manager"], trainer, sst, 2)
    response = home(client, personas[persona])
    links = [
        action.url
        for section in response.context["sections"]
        for item in section.items
        for action in item.actions
        if not action.post
    ]
    if persona != "delegate_without_right":
        assert links
    for url in links:
        assert client.get(url).status_code == 200, url
