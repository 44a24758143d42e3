"""A closed session is read-only for its entity, even with forged POSTs; delegates act only
within their rights; another entity sees none of it (404) — and nothing is ever written."""

import html
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from forprev.certificates.models import Certificate
from forprev.entities.enums import DelegateRight
from forprev.people.models import Person
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment, TrainingSession
from forprev.www.training_views import urls as training_urls
from tests.conftest import login
from tests.factories import MembershipFactory

from .conftest import CSV_OK
from .test_sessions import session_form


def text(response) -> str:
    return html.unescape(response.content.decode())


def snapshot(session) -> dict:
    """Everything a write on the session could change."""
    session.refresh_from_db()
    return {
        "session": (session.status, session.updated_at, session.starts_on, session.ends_on),
        "enrolments": sorted(
            Enrolment.objects.filter(session=session).values_list(
                "person_id", "result", "identity_confirmed", "updated_at"
            )
        ),
        "certificates": sorted(
            Certificate.objects.filter(session=session).values_list(
                "number", "person_id", "revoked_at", "valid_until", "updated_at"
            )
        ),
        "trainers": sorted(session.trainers.values_list("trainer_id", flat=True)),
        "sessions": TrainingSession.objects.count(),
        "people": Person.objects.count(),
        "mails": len(mail.outbox),
    }


def preview_token(client, session) -> str:
    """The token of a valid import preview, as the upload page hands it to the browser."""
    response = client.post(
        reverse("training:trainees_import", args=[session.public_id]),
        {"file": SimpleUploadedFile("stagiaires.csv", CSV_OK)},
    )
    assert response.status_code == 200
    return response.context["token"]


def enrol(session, result, count=4):
    for index in range(count):
        person = Person.objects.create(
            last_name=f"Lefort{index}", first_name="Jules", birth_date=date(1992, 4, 4)
        )
        Enrolment.objects.create(
            session=session,
            person=person,
            result=result,
            identity_confirmed=result == Result.PASSED,
        )


@pytest.fixture
def stale_token(session, personas, client):
    """A preview left open in another tab while the session was closed: a valid token."""
    return preview_token(login(client, personas["manager"]), session)


@pytest.fixture
def closed(stale_token, closed_session):
    """``closed_session`` (four certificates), closed after ``stale_token`` was handed out."""
    assert closed_session.status == SessionStatus.CLOSED
    assert closed_session.certificates.count() == 4
    return closed_session


# --- A closed session refuses every write, even forged -------------------------------------


def forged_validation(session) -> dict:
    """Every trainee failed, identities unconfirmed: what a trainer could try after the fact."""
    return {f"result-{e.public_id}": Result.FAILED for e in session.enrolments.all()}


FORGED_WRITES = [
    # (who, url name, POST data builder taking the session and a valid import token)
    ("manager", "trainees_import_confirm", lambda s, token: {"token": token}),
    ("delegate", "trainees_import_confirm", lambda s, token: {"token": token}),
    ("manager", "trainees_import", lambda s, token: {"file": SimpleUploadedFile("s.csv", CSV_OK)}),
    ("manager", "session_submit", lambda s, token: {}),
    ("delegate", "session_submit", lambda s, token: {}),
    ("trainer", "session_validate", lambda s, token: forged_validation(s)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "url_name", "data"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in FORGED_WRITES],
)
def test_forged_writes_on_a_closed_session_are_refused_and_write_nothing(
    client, personas, certified_trainer, closed, stale_token, who, url_name, data
):
    user = certified_trainer if who == "trainer" else personas[who]
    client.logout()
    login(client, user)
    before = snapshot(closed)
    response = client.post(
        reverse(f"training:{url_name}", args=[closed.public_id]), data(closed, stale_token)
    )
    assert response.status_code == 403
    assert snapshot(closed) == before


@pytest.mark.django_db
def test_the_trainer_cannot_even_open_the_validation_of_a_closed_session(
    client, certified_trainer, closed
):
    login(client, certified_trainer)
    url = reverse("training:session_validate", args=[closed.public_id])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager", "delegate"])
def test_closing_a_closed_session_again_issues_and_sends_nothing(client, personas, closed, who):
    login(client, personas[who])
    before = snapshot(closed)
    response = client.post(reverse("training:session_close", args=[closed.public_id]), follow=True)
    assert "La session est déjà clôturée." in text(response)
    assert snapshot(closed) == before


def session_urls():
    """Every URL of the session screens that names one session, with its parameters' names.

    Enumerated from the URLconf, so that a screen added later is covered without editing
    this file (a parameter unknown here fails loudly in ``url_kwargs``)."""
    return [
        pytest.param(pattern.name, sorted(pattern.pattern.converters), id=pattern.name)
        for pattern in training_urls.urlpatterns
        if isinstance(pattern, URLPattern) and "public_id" in pattern.pattern.converters
    ]


def url_kwargs(session, names) -> dict:
    enrolment = session.enrolments.select_related("person").order_by("pk").first()
    certificate = session.certificates.order_by("pk").first()
    values = {
        "public_id": session.public_id,
        "number": certificate.number if certificate else "C2345678923",
        "person_id": enrolment.person.public_id,
        "enrolment_id": enrolment.public_id,
    }
    unknown = set(names) - set(values)
    assert not unknown, f"give a value to the URL parameters {unknown} in url_kwargs()"
    return {name: values[name] for name in names}


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "params"), session_urls())
def test_no_session_url_writes_on_a_closed_session(login_as, closed, url_name, params):
    """A bare POST on every session URL, as the manager: refused, method not allowed, or the
    closing's "déjà clôturée" — never a write."""
    client = login_as("manager")
    before = snapshot(closed)
    url = reverse(f"training:{url_name}", kwargs=url_kwargs(closed, params))
    response = client.post(url, {})
    assert response.status_code in {302, 403, 405}, (url, response.status_code)
    if response.status_code == 302:
        assert url_name == "session_close"
        assert "déjà clôturée" in text(client.get(response.url))
    assert snapshot(closed) == before


# --- Delegates act only within the rights their manager gave them --------------------------

DECLARE = DelegateRight.DECLARE_SESSIONS.value
CLOSE = DelegateRight.CLOSE_SESSIONS.value


@pytest.fixture
def delegates(entity, personas):
    """Delegates of ``entity`` with no right, with only one of the two session rights."""
    return {
        "delegate_without_right": personas["delegate_without_right"],
        "declaring_only": MembershipFactory(entity=entity, delegate=True, rights=[DECLARE]).user,
        "closing_only": MembershipFactory(entity=entity, delegate=True, rights=[CLOSE]).user,
    }


# The last row of each list is the control: the same request succeeds with the right.
DECLARING = [("delegate_without_right", False), ("closing_only", False), ("declaring_only", True)]
CLOSING = [("delegate_without_right", False), ("declaring_only", False), ("closing_only", True)]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), DECLARING)
def test_declaring_a_session_needs_the_declare_right(
    client, delegates, sst, accredited, team_trainer, who, allowed
):
    login(client, delegates[who])
    response = client.post(reverse("training:session_create"), session_form(sst, team_trainer))
    assert response.status_code == (302 if allowed else 403)
    assert TrainingSession.objects.count() == (1 if allowed else 0)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), DECLARING)
def test_uploading_trainees_needs_the_declare_right(
    client, delegates, session, settings, who, allowed
):
    login(client, delegates[who])
    response = client.post(
        reverse("training:trainees_import", args=[session.public_id]),
        {"file": SimpleUploadedFile("stagiaires.csv", CSV_OK)},
    )
    assert response.status_code == (200 if allowed else 403)
    kept = settings.MEDIA_ROOT / "imports"
    assert len(list(kept.glob("*")) if kept.exists() else []) == (1 if allowed else 0)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), DECLARING)
def test_confirming_an_import_needs_the_declare_right(
    client, personas, delegates, session, who, allowed
):
    # A preview belongs to whoever made it: those without the right borrow the manager's token.
    author = delegates[who] if allowed else personas["manager"]
    token = preview_token(login(client, author), session)
    if not allowed:
        client.logout()
        login(client, delegates[who])
    before = snapshot(session)
    response = client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]), {"token": token}
    )
    assert response.status_code == (302 if allowed else 403)
    if allowed:
        assert session.enrolments.count() == 2
    else:
        assert snapshot(session) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), DECLARING)
def test_submitting_a_session_needs_the_declare_right(client, delegates, session, who, allowed):
    enrol(session, Result.PENDING)
    login(client, delegates[who])
    response = client.post(reverse("training:session_submit", args=[session.public_id]))
    assert response.status_code == (302 if allowed else 403)
    session.refresh_from_db()
    assert session.status == (SessionStatus.SUBMITTED if allowed else SessionStatus.DRAFT)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), CLOSING)
def test_closing_a_session_needs_the_close_right(
    client, delegates, session, certified_trainer, who, allowed
):
    enrol(session, Result.PASSED)
    session.status = SessionStatus.VALIDATED
    session.save()
    login(client, delegates[who])
    before = snapshot(session)
    response = client.post(
        reverse("training:session_close", args=[session.public_id]), {"confirm": "on"}
    )
    assert response.status_code == (302 if allowed else 403)
    if allowed:
        assert session.certificates.count() == 4
    else:
        assert snapshot(session) == before


# --- Another entity sees nothing: 404 everywhere, not even a 403 ---------------------------


@pytest.fixture
def outsiders(other_entity, personas):
    """The other entity's manager, and its delegate holding every right."""
    return {
        "manager_elsewhere": personas["manager_elsewhere"],
        "delegate_elsewhere": MembershipFactory(
            entity=other_entity, delegate=True, rights=[r.value for r in DelegateRight]
        ).user,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager_elsewhere", "delegate_elsewhere"])
@pytest.mark.parametrize(("url_name", "params"), session_urls())
def test_another_entity_gets_404_on_every_url_of_the_session(
    client, outsiders, closed, stale_token, who, url_name, params
):
    client.logout()
    login(client, outsiders[who])
    url = reverse(f"training:{url_name}", kwargs=url_kwargs(closed, params))
    before = snapshot(closed)
    forged = {"token": stale_token, **forged_validation(closed)}
    answers = {"GET": client.get(url).status_code, "POST": client.post(url, forged).status_code}
    # 405 (method not allowed) is answered before the session is looked up: it tells nothing.
    assert set(answers.values()) <= {404, 405} and 404 in answers.values(), (url, answers)
    assert snapshot(closed) == before


@pytest.mark.django_db
def test_another_entity_cannot_print_our_certificates_through_its_own_session(
    client, outsiders, closed, other_entity, sst, personas
):
    """A certificate number is looked up within the session of the URL only."""
    theirs = TrainingSession.objects.create(
        entity=other_entity,
        programme_level=sst,
        kind="initial",
        starts_on=closed.starts_on,
        ends_on=closed.ends_on,
        place_address="2 place Bellecour",
        place_city="Lyon",
        capacity=10,
        created_by=personas["manager_elsewhere"],
    )
    client.logout()
    login(client, outsiders["manager_elsewhere"])
    for certificate in closed.certificates.all():
        url = reverse("training:certificate_pdf", args=[theirs.public_id, certificate.number])
        assert client.get(url).status_code == 404
