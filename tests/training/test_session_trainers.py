"""A session's trainers are members of the entity's équipe pédagogique: a numéro names nobody
else, and the refusal is the same whoever it would name (docs/security/invitations.md)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forprev.accreditations.models import Accreditation
from forprev.core.exceptions import DomainError
from forprev.entities.enums import InvitationKind
from forprev.entities.invitations import invitation_create
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.trainers.services import team_remove_trainer
from forprev.training.amendments import session_amend
from forprev.training.models import SessionTrainer, TrainingSession
from forprev.training.services import session_create
from tests.factories import MembershipFactory, UserFactory
from tests.session_fixtures import join_team

pytestmark = pytest.mark.django_db

UNKNOWN = "ZZZ99999"


def declare(entity, by, sst, logins):
    today = timezone.localdate()
    return session_create(
        entity=entity,
        by=by,
        trainer_logins=logins,
        programme_level=sst,
        kind="initial",
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=11),
        place_address="12 rue Paradis",
        place_city="Marseille",
        capacity=10,
    )


def refusal(entity, by, sst, logins):
    """The refusal's text with the typed login put aside, its code and field; nothing written."""
    with CaptureQueriesContext(connection) as queries, pytest.raises(DomainError) as raised:
        declare(entity, by, sst, logins)
    assert not TrainingSession.objects.exists()
    assert not SessionTrainer.objects.exists()
    error = raised.value
    return error.message.replace(logins[-1], "TYPED"), error.code, error.field, len(queries)


def outsider(entity, other_entity, personas, case):
    """An account that exists but may not be named, and what the manager types for it."""
    person = UserFactory(last_name="Discret", first_name="Hortense", email="hortense@exemple.fr")
    if case == "person_by_numero":
        return person, person.forprev_id
    if case == "person_by_email":
        return person, person.email
    if case == "team_of_another_entity":
        join_team(person, other_entity)
    elif case == "removed_from_the_team":
        join_team(person, entity)
        team_remove_trainer(membership=person.teams.get(), by=personas["manager"])
    elif case == "invited_not_yet_accepted":
        invitation_create(
            entity=entity,
            by=personas["manager"],
            kind=InvitationKind.TRAINER,
            identifier=person.forprev_id,
        )
    elif case == "deactivated_member":
        join_team(person, entity)
        person.is_active = False
        person.save()
    elif case == "staff_with_a_team_row":  # e.g. a row kept from before the invitations
        person = personas["support"]
        join_team(person, entity)
    elif case == "delegate_of_the_entity":
        person = MembershipFactory(entity=entity, delegate=True, rights=[]).user
    return person, person.forprev_id


CASES = [
    "person_by_numero",
    "person_by_email",
    "team_of_another_entity",
    "removed_from_the_team",
    "invited_not_yet_accepted",
    "deactivated_member",
    "staff_with_a_team_row",
    "delegate_of_the_entity",
]


@pytest.mark.parametrize("case", CASES)
def test_a_numero_outside_the_team_gets_the_refusal_of_an_unknown_one(
    entity, other_entity, personas, sst, accredited, case
):
    manager = personas["manager"]
    person, typed = outsider(entity, other_entity, personas, case)
    unknown = refusal(entity, manager, sst, [UNKNOWN])
    named = refusal(entity, manager, sst, [typed])
    assert named == unknown  # same text, code, field and number of queries
    assert unknown[1:3] == ("not_in_team", "trainers")
    assert "Aucun formateur de votre équipe pédagogique" in unknown[0]
    assert person.last_name.upper() not in named[0] and person.first_name not in named[0]


def test_a_team_member_is_named_and_a_refused_one_in_the_list_stops_everything(
    entity, other_entity, personas, sst, accredited, team_trainer
):
    manager = personas["manager"]
    stranger, typed = outsider(entity, other_entity, personas, "person_by_numero")
    message, *_rest = refusal(entity, manager, sst, [team_trainer.forprev_id, typed])
    assert "TYPED" in message and stranger.last_name.upper() not in message
    session = declare(entity, manager, sst, [team_trainer.forprev_id.lower()])
    assert list(session.trainers.values_list("trainer", flat=True)) == [team_trainer.pk]


def test_a_trainer_removed_from_the_team_can_no_longer_be_named(
    entity, personas, sst, accredited, team_trainer
):
    manager = personas["manager"]
    declare(entity, manager, sst, [team_trainer.forprev_id])
    team_remove_trainer(membership=team_trainer.teams.get(), by=manager)
    with pytest.raises(DomainError, match="Aucun formateur de votre équipe pédagogique"):
        declare(entity, manager, sst, [team_trainer.forprev_id])
    assert TrainingSession.objects.count() == 1


def test_a_member_of_another_entitys_team_is_unknown_to_this_one(
    entity, other_entity, personas, sst, accredited, team_trainer
):
    """The same trainer, in the team of ``entity`` only: the other entity cannot name them."""
    Accreditation.objects.create(
        entity=other_entity,
        programme_level=sst,
        starts_on=accredited.starts_on,
        expires_on=accredited.expires_on,
    )
    with pytest.raises(DomainError, match="Aucun formateur de votre équipe pédagogique"):
        declare(other_entity, personas["manager_elsewhere"], sst, [team_trainer.forprev_id])
    assert not other_entity.sessions.exists()


# Support's changes to a closed session.


def amend(session, by, logins):
    return session_amend(
        session=session,
        by=by,
        reason="Formateur mal saisi par l'entité",
        programme_level=session.programme_level,
        trainer_logins=logins,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        place_address=session.place_address,
        place_city=session.place_city,
    )


def certify(user):
    TrainerCertificate.objects.create(
        holder=user,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=2),
        issued_on=timezone.localdate() - timedelta(days=300),
        valid_until=timezone.localdate() + timedelta(days=300),
        source=CertificateSource.RECORDED,
    )
    return user


def test_support_cannot_attach_a_stranger_and_gets_the_refusal_of_an_unknown_numero(
    closed_session, personas
):
    support = personas["support"]
    stranger = certify(UserFactory(last_name="Discret", first_name="Hortense"))
    before = list(SessionTrainer.objects.values_list("session", "trainer"))
    answers = []
    for typed in (UNKNOWN, stranger.forprev_id):
        with pytest.raises(DomainError) as raised:
            amend(closed_session, support, [typed])
        answers.append((raised.value.message.replace(typed, "TYPED"), raised.value.code))
    assert answers[0] == answers[1]
    assert answers[0][1] == "not_in_team"
    assert "DISCRET" not in answers[1][0]
    assert list(SessionTrainer.objects.values_list("session", "trainer")) == before
    assert not closed_session.amendments.exists()


def test_support_may_name_a_past_member_of_the_team(closed_session, personas):
    former = certify(join_team(UserFactory(last_name="Ancien"), closed_session.entity))
    team_remove_trainer(membership=former.teams.get(), by=personas["manager"])
    amend(closed_session, personas["support"], [former.forprev_id])
    assert [t.trainer for t in closed_session.trainers.all()] == [former]


def test_support_keeps_the_sessions_trainers_even_after_they_left_the_team(
    closed_session, personas, certified_trainer
):
    """The session fixture's trainer was never in the team: kept as is, place corrected."""
    assert not TeamMembership.objects.active().filter(trainer=certified_trainer).exists()
    amendment = session_amend(
        session=closed_session,
        by=personas["support"],
        reason="Lieu mal saisi",
        programme_level=closed_session.programme_level,
        trainer_logins=[certified_trainer.forprev_id],
        starts_on=closed_session.starts_on,
        ends_on=closed_session.ends_on,
        place_address=closed_session.place_address,
        place_city="Aubagne",
    )
    assert amendment.changes == {"place_city": ["Marseille", "Aubagne"]}
    assert [t.trainer for t in closed_session.trainers.all()] == [certified_trainer]
