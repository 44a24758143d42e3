"""Every closing refusal through the web page: the French message after the redirect, the
session still validated, no certificate, no e-mail. Each case changes one thing of a session
that closes as it stands (the first test), and its boundary day closes.

The closing rules themselves are listed in ``test_closing.py``; here, what a person sees and
what the database keeps. Time is frozen: the deadline cases move across month ends.
"""

import html
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.referentials.models import ProgrammeLevel
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer
from tests.factories import UserFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 6, 15)
CLOSED = "La session est clôturée."
NOT_OVER = "La session n'est pas terminée : elle se clôture après son dernier jour."


def deadline_passed(months):
    return (
        f"Le délai de clôture ({months} mois après le dernier jour) est dépassé : "
        "demandez une régularisation à votre caisse."
    )


def at(day):
    """Frozen at 10:00, Paris time, on ``day``."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=PARIS), tick=False)


@pytest.fixture(autouse=True)
def _frozen_today():
    with at(TODAY):
        yield


def enrol(session, count, result=Result.PASSED, prefix="Stagiaire"):
    for index in range(count):
        person = Person.objects.create(
            last_name=f"{prefix}{index}",
            first_name="Camille",
            birth_date=date(1991, 2, 3),
            email=f"{prefix.lower()}{index}@exemple.fr",
        )
        Enrolment.objects.create(
            session=session,
            person=person,
            result=result,
            identity_confirmed=result == Result.PASSED,
        )


@pytest.fixture
def ready(session, certified_trainer):
    """Validated by its certified trainer, five trainees passed, ended yesterday: it closes."""
    enrol(session, 5)
    session.status = SessionStatus.VALIDATED
    session.save()
    return session


@pytest.fixture
def close(django_capture_on_commit_callbacks):
    """The closing POST, followed to the session page that shows the message; what runs after
    the commit (the certificates' e-mails) runs too, so that a refusal is seen sending none."""

    def _close(client, session):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("training:session_close", args=[session.public_id]),
                {"confirm": "on"},
                follow=True,
            )
        detail = reverse("training:session_detail", args=[session.public_id])
        assert response.redirect_chain == [(detail, 302)]
        return response

    return _close


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def assert_refused(response, session, *messages):
    page = page_text(response)
    for message in messages:
        assert message in page
    assert CLOSED not in page
    before = session.updated_at
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED
    assert session.updated_at == before
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def assert_closed(response, session, certificates):
    assert CLOSED in page_text(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.certificates.count() == certificates


@pytest.mark.django_db
def test_the_ready_session_closes(login_as, ready, close):
    response = close(login_as("manager"), ready)
    assert_closed(response, ready, 5)
    assert len(mail.outbox) == 5


# --- The habilitation must cover every day of the session ----------------------------------


def _ended_before_last_day(habilitation, session):
    habilitation.expires_on = session.starts_on  # the session's second day is not covered


def _started_after_first_day(habilitation, session):
    habilitation.starts_on = session.ends_on
    habilitation.expires_on = session.ends_on + timedelta(days=1000)


def _withdrawn(habilitation, session):
    habilitation.status = AccreditationStatus.WITHDRAWN


def _suspended(habilitation, session):
    habilitation.status = AccreditationStatus.SUSPENDED


def _another_level(habilitation, session):
    habilitation.programme_level = ProgrammeLevel.objects.get(programme__code="SST", level=2)


def _another_dispositif(habilitation, session):
    habilitation.programme_level = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        _ended_before_last_day,
        _started_after_first_day,
        _withdrawn,
        _suspended,
        _another_level,
        _another_dispositif,
    ],
    ids=lambda change: change.__name__.strip("_"),
)
def test_closing_without_a_habilitation_every_day_is_refused(
    login_as, close, ready, accredited, sst, change
):
    change(accredited, ready)
    accredited.save()
    response = close(login_as("manager"), ready)
    assert_refused(
        response, ready, f"L'entité n'était pas habilitée pour {sst} chaque jour de la session."
    )


@pytest.mark.django_db
def test_two_successive_habilitations_covering_every_day_allow_closing(
    login_as, close, ready, accredited
):
    """A renewal that starts on the session's last day, the previous one ending the day
    before: every day is covered."""
    accredited.expires_on = ready.starts_on
    accredited.save()
    Accreditation.objects.create(
        entity=ready.entity,
        programme_level=ready.programme_level,
        starts_on=ready.ends_on,
        expires_on=ready.ends_on + timedelta(days=1000),
    )
    assert_closed(close(login_as("manager"), ready), ready, 5)


# --- Each trainer must hold a trainer certificate of the dispositif every day ---------------


def _expired_before_the_session(certificate, session):
    certificate.valid_until = session.starts_on - timedelta(days=1)


def _expired_on_the_first_day(certificate, session):
    certificate.valid_until = session.starts_on


def _issued_on_the_last_day(certificate, session):
    certificate.issued_on = session.ends_on


def _revoked(certificate, session):
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Délivré par erreur."


def _of_another_dispositif(certificate, session):
    certificate.programme_level = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=2)


def _an_acteur_certificate(certificate, session):
    """A level 1 (acteur) certificate does not make a trainer of the same level."""
    certificate.programme_level = ProgrammeLevel.objects.get(programme__code="SST", level=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        _expired_before_the_session,
        _expired_on_the_first_day,
        _issued_on_the_last_day,
        _revoked,
        _of_another_dispositif,
        _an_acteur_certificate,
    ],
    ids=lambda change: change.__name__.strip("_"),
)
def test_closing_with_a_trainer_not_certified_every_day_is_refused(
    login_as, close, ready, certified_trainer, change
):
    certificate = certified_trainer.trainer_certificates.get()
    change(certificate, ready)
    certificate.save()
    response = close(login_as("manager"), ready)
    assert_refused(
        response,
        ready,
        "FORMATEUR Paul n'avait pas de certificat de formateur valide pour ce dispositif "
        "pendant la session.",
    )


@pytest.mark.django_db
def test_the_refusal_names_the_one_uncertified_trainer_among_several(login_as, close, ready):
    second = UserFactory(last_name="Second", first_name="Léon")
    SessionTrainer.objects.create(session=ready, trainer=second)
    response = close(login_as("manager"), ready)
    assert_refused(response, ready, "SECOND Léon n'avait pas de certificat de formateur valide")
    assert "FORMATEUR Paul n'avait pas" not in page_text(response)


# --- Trainees present: between the dispositif's minimum and maximum ------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("extra_result", [Result.PASSED, Result.FAILED])
def test_more_trainees_present_than_the_dispositif_admits_is_refused(
    login_as, close, ready, sst, extra_result
):
    """Failed trainees were present: they count; absent ones do not (next test)."""
    enrol(ready, sst.max_trainees - 5 + 1, extra_result, prefix="EnPlus")
    response = close(login_as("manager"), ready)
    assert_refused(
        response,
        ready,
        f"{sst.max_trainees + 1} stagiaires présents : le dispositif en admet au plus "
        f"{sst.max_trainees} par session.",
    )


@pytest.mark.django_db
def test_the_maximum_present_with_absents_besides_closes(login_as, close, ready, sst):
    enrol(ready, sst.max_trainees - 5, prefix="EnPlus")
    enrol(ready, 3, Result.ABSENT, prefix="Absent")
    assert_closed(close(login_as("manager"), ready), ready, sst.max_trainees)


@pytest.mark.django_db
def test_fewer_trainees_present_than_the_dispositif_asks_is_refused(login_as, close, ready, sst):
    ready.enrolments.filter(person__last_name__in=["Stagiaire3", "Stagiaire4"]).update(
        result=Result.ABSENT
    )
    response = close(login_as("manager"), ready)
    assert_refused(
        response,
        ready,
        f"{sst.min_trainees - 1} stagiaires présents : le dispositif en demande au moins "
        f"{sst.min_trainees}.",
    )


# --- The closing deadline: N months after the last day (FORPREV_CLOSING_DEADLINE_MONTHS) ----

DEADLINES = [
    # (last day, closing day, months or None for the default, refused)
    pytest.param(date(2026, 3, 15), TODAY, None, False, id="default-3-months-on-the-day"),
    pytest.param(date(2026, 3, 14), TODAY, None, True, id="default-3-months-day-after"),
    pytest.param(date(2026, 5, 15), TODAY, 1, False, id="setting-1-month-on-the-day"),
    pytest.param(date(2026, 5, 14), TODAY, 1, True, id="setting-1-month-day-after"),
    pytest.param(date(2026, 1, 15), TODAY, 6, False, id="setting-6-months-still-open"),
    # 30 November + 3 months: the last day of February.
    pytest.param(date(2025, 11, 30), date(2026, 2, 28), None, False, id="month-end-on-the-day"),
    pytest.param(date(2025, 11, 30), date(2026, 3, 1), None, True, id="month-end-day-after"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("last_day", "closing_day", "months", "refused"), DEADLINES)
def test_closing_after_the_deadline_is_refused_and_its_last_day_is_not(
    login_as, close, ready, settings, last_day, closing_day, months, refused
):
    if months is not None:
        settings.FORPREV_CLOSING_DEADLINE_MONTHS = months
    ready.starts_on = last_day - timedelta(days=1)
    ready.ends_on = last_day
    ready.save()
    client = login_as("manager")
    with at(closing_day):
        response = close(client, ready)
    if refused:
        assert_refused(response, ready, deadline_passed(months or 3))
    else:
        assert_closed(response, ready, 5)


# --- A session closes after its last day, not before ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_in", "ends_in"), [(0, 1), (1, 2), (-1, 1)], ids=["ends-tomorrow", "future", "ongoing"]
)
def test_closing_a_session_before_its_last_day_is_refused(
    login_as, close, ready, starts_in, ends_in
):
    ready.starts_on = TODAY + timedelta(days=starts_in)
    ready.ends_on = TODAY + timedelta(days=ends_in)
    ready.save()
    assert_refused(close(login_as("manager"), ready), ready, NOT_OVER)


@pytest.mark.django_db
def test_a_session_ending_today_closes_today(login_as, close, ready):
    ready.starts_on = TODAY - timedelta(days=1)
    ready.ends_on = TODAY
    ready.save()
    assert_closed(close(login_as("manager"), ready), ready, 5)


@pytest.mark.django_db
def test_every_problem_is_listed_at_once(login_as, close, ready, accredited, sst):
    """Not one refusal after the other: the person fixes everything in one go."""
    ready.starts_on = TODAY
    ready.ends_on = TODAY + timedelta(days=1)
    ready.save()
    accredited.expires_on = TODAY
    accredited.save()
    enrol(ready, sst.max_trainees, Result.FAILED, prefix="EnPlus")
    response = close(login_as("manager"), ready)
    assert_refused(
        response,
        ready,
        NOT_OVER,
        f"L'entité n'était pas habilitée pour {sst} chaque jour de la session.",
        f"{sst.max_trainees + 5} stagiaires présents",
    )
