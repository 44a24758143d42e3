"""Two people closing the same session at the same moment get one closing and one set of
certificates: real concurrent HTTP requests to the live server, then the row lock itself.

PostgreSQL only: SQLite serializes writers and ignores ``select_for_update`` (no row locks), so
a race there proves nothing about the production database.
"""

import contextlib
import html
import re
import threading
import time
from datetime import date, timedelta
from http import client as http_client
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.referentials.data import load_referentials
from forprev.referentials.models import Caisse, Department, Programme, ProgrammeLevel
from forprev.training import closing
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serializes writers and has no row locks "
    "(set DATABASE_URL=postgres://… to run it)",
)

ROUNDS = 5
TIMEOUT = 30  # seconds; every wait below is bounded
# Each validated session: four passed (three with an address), one failed with an address.
TRAINEES = [
    (Result.PASSED, True),
    (Result.PASSED, True),
    (Result.PASSED, True),
    (Result.PASSED, False),
    (Result.FAILED, True),
]


@pytest.fixture(autouse=True)
def _referentials(transactional_db):
    """The live server reads committed rows, hence ``transactional_db``; it empties every table
    after each test, the référentiels seeded by a data migration included: put them back."""
    if not ProgrammeLevel.objects.exists():
        load_referentials(Caisse, Department, Programme, ProgrammeLevel)


@pytest.fixture
def issuings(monkeypatch):
    """The sessions ``certificates_issue`` ran for, in every thread (the live server's too).

    Issuing is idempotent by itself (it skips holders and the database refuses a second
    certificate per person), so counting certificates alone would not show a second closing
    that ran to the end: the guarantee is that the closing itself happens once."""
    calls = []
    real_issue = closing.certificates_issue

    def counted_issue(*, session):
        calls.append(session.pk)
        return real_issue(session=session)

    monkeypatch.setattr(closing, "certificates_issue", counted_issue)
    return calls


def validated_session(entity, sst, trainer, created_by, label) -> TrainingSession:
    """A session the trainer validated yesterday, ready to close (see TRAINEES)."""
    today = timezone.localdate()
    session = TrainingSession.objects.create(
        entity=entity,
        programme_level=sst,
        kind="initial",
        starts_on=today - timedelta(days=2),
        ends_on=today - timedelta(days=1),
        place_address="1 rue de la Paix",
        place_city="Marseille",
        capacity=10,
        created_by=created_by,
        status=SessionStatus.VALIDATED,
    )
    SessionTrainer.objects.create(session=session, trainer=trainer)
    for index, (result, has_address) in enumerate(TRAINEES):
        person = Person.objects.create(
            last_name=f"Course{label}x{index}",
            first_name="Zoé",
            birth_date=date(1990, 1, 1) + timedelta(days=index),
            email=f"zoe.{label}.{index}@exemple.fr" if has_address else "",
        )
        Enrolment.objects.create(
            session=session, person=person, result=result, identity_confirmed=True
        )
    return session


def passed_with_address(session) -> list[str]:
    return sorted(
        session.enrolments.filter(result=Result.PASSED)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )


def assert_closed_once(session) -> None:
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    passed = set(
        session.enrolments.filter(result=Result.PASSED).values_list("person_id", flat=True)
    )
    holders = list(Certificate.objects.filter(session=session).values_list("person_id", flat=True))
    assert len(holders) == len(passed) == 4
    assert set(holders) == passed  # one each, none for the failed trainee


class Browser:
    """A person's browser reduced to what the race needs: their cookies and raw HTTP/1.1."""

    def __init__(self, live_server, user):
        self.netloc = urlsplit(live_server.url).netloc
        client = Client()
        client.force_login(user)  # an entity member: no staff TOTP step
        self.cookies = {"sessionid": client.cookies["sessionid"].value}
        self.csrf_token = None

    def connection(self) -> http_client.HTTPConnection:
        return http_client.HTTPConnection(self.netloc, timeout=TIMEOUT)

    def headers(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path) -> tuple[int, str]:
        conn = self.connection()
        try:
            conn.request("GET", path, headers=self.headers())
            response = conn.getresponse()
            body = response.read().decode()
            self.keep_cookies(response)
            return response.status, html.unescape(body)
        finally:
            conn.close()

    def keep_cookies(self, response) -> None:
        """The session, CSRF and messages cookies the server sets (or deletes)."""
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def open_close_form(self, session) -> None:
        """Load the closing confirmation page as a person would (from the session page's
        button), keeping the close form's CSRF token."""
        status, page = self.get(reverse("training:session_detail", args=[session.public_id]))
        assert status == 200
        close_url = reverse("training:session_close", args=[session.public_id])
        assert f'href="{close_url}"' in page, "no close button on the session page"
        status, page = self.get(close_url)
        assert status == 200
        form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert form and 'name="confirm"' in page, "no confirmation form"
        self.csrf_token = form.group(1)

    def prepare_close(self, session) -> tuple[http_client.HTTPConnection, str, dict]:
        """A connected socket and the request to send, so that the barrier releases only the
        sending of the two POSTs."""
        conn = self.connection()
        conn.connect()
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token, "confirm": "on"})
        headers = {
            **self.headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
        }
        return conn, body, headers


def race(browsers, session) -> list[tuple[int, str]]:
    """Both browsers POST the close form at the same instant; (status, Location) of each."""
    url = reverse("training:session_close", args=[session.public_id])
    prepared = [browser.prepare_close(session) for browser in browsers]
    barrier = threading.Barrier(len(browsers), timeout=TIMEOUT)
    answers = [None] * len(browsers)

    def post(index):
        conn, body, headers = prepared[index]
        try:
            barrier.wait()
            conn.request("POST", url, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            browsers[index].keep_cookies(response)  # the message shown after the redirect
            answers[index] = (response.status, response.getheader("Location"))
        except Exception as error:  # reported by the assertion below, not lost in the thread
            answers[index] = (None, repr(error))
        finally:
            conn.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request never answered"
    return answers


@pytest.fixture
def closers(live_server, personas):
    """The manager and a delegate holding "clôturer des sessions", each in their browser."""
    return [Browser(live_server, personas["manager"]), Browser(live_server, personas["delegate"])]


def test_two_people_closing_at_once_over_http_close_once(
    closers, entity, sst, accredited, certified_trainer, personas, issuings
):
    for round_ in range(ROUNDS):
        mail.outbox.clear()
        session = validated_session(entity, sst, certified_trainer, personas["manager"], round_)
        for browser in closers:
            browser.open_close_form(session)

        answers = race(closers, session)

        detail = reverse("training:session_detail", args=[session.public_id])
        assert answers == [(302, detail), (302, detail)], f"round {round_}: {answers}"
        assert issuings.count(session.pk) == 1
        assert_closed_once(session)
        # The e-mails are sent by the request thread that closed, after its commit (immediate
        # task backend), into the process-wide locmem outbox: both responses came back, so
        # they are all there.
        assert sorted(m.to[0] for m in mail.outbox) == passed_with_address(session)
        told = []
        for browser in closers:
            status, page = browser.get(detail)
            assert status == 200
            assert "ne peut pas être clôturée" not in page
            told.append("La session est déjà clôturée." in page)
        # One closed it; the other is told somebody already had.
        assert sorted(told) == [False, True], f"round {round_}"
    assert Certificate.objects.count() == ROUNDS * 4


def test_both_requests_inside_the_closing_service_still_close_once(
    closers, entity, sst, accredited, certified_trainer, personas, issuings, monkeypatch
):
    """The view reads the session before the service locks it: here both requests are held
    until both passed that check, so every round the second one reaches the locked section
    while the first is closing (without this, it may just see "déjà clôturée")."""
    real_close = closing.session_close
    arrivals = []

    def aligned_close(*, session, by):
        arrivals.append(by.pk)
        # A broken barrier (one request never came) is reported below, through ``inside``.
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait()
        return real_close(session=session, by=by)

    monkeypatch.setattr(closing, "session_close", aligned_close)
    for round_ in range(3):
        inside = threading.Barrier(2, timeout=5)
        arrivals.clear()
        mail.outbox.clear()
        session = validated_session(entity, sst, certified_trainer, personas["manager"], round_)
        for browser in closers:
            browser.open_close_form(session)

        answers = race(closers, session)

        detail = reverse("training:session_detail", args=[session.public_id])
        assert answers == [(302, detail), (302, detail)], f"round {round_}: {answers}"
        assert sorted(arrivals) == sorted([personas["manager"].pk, personas["delegate"].pk])
        assert not inside.broken
        assert issuings.count(session.pk) == 1
        assert_closed_once(session)
        assert sorted(m.to[0] for m in mail.outbox) == passed_with_address(session)


def lock_waiters() -> int:
    """Connections of this test database waiting for a lock, as PostgreSQL reports them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_second_closing_waits_for_the_row_lock_then_sees_the_session_closed(
    entity, sst, accredited, certified_trainer, personas, issuings
):
    """Deterministic interleaving with two database connections: the first closing holds its
    transaction open; the second blocks on the row lock (PostgreSQL shows it waiting), then
    returns the closed session without issuing anything."""
    session = validated_session(entity, sst, certified_trainer, personas["manager"], "lock")
    first_closed = threading.Event()
    release = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                closing.session_close(session=session, by=personas["manager"])
                outcome["first_issued"] = Certificate.objects.filter(session=session).count()
                first_closed.set()
                release.wait(TIMEOUT)
        except Exception as error:
            outcome["first_error"] = repr(error)
        finally:
            first_closed.set()
            connections.close_all()

    def second():
        try:
            first_closed.wait(TIMEOUT)
            started = time.monotonic()
            closed = closing.session_close(session=session, by=personas["delegate"])
            outcome["second_waited"] = time.monotonic() - started
            outcome["second_status"] = closed.status
        except Exception as error:
            outcome["second_error"] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while lock_waiters() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert lock_waiters() == 1, outcome  # the second closing is blocked on the row
        assert "second_status" not in outcome
        assert Certificate.objects.count() == 0  # nothing visible before the first commits
        time.sleep(0.2)  # held a little longer: still blocked, the lock is not a timeout
        assert "second_status" not in outcome
    finally:
        release.set()
        for thread in threads:
            thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    assert "first_error" not in outcome and "second_error" not in outcome, outcome
    assert outcome["first_issued"] == 4
    assert outcome["second_status"] == SessionStatus.CLOSED
    assert outcome["second_waited"] >= 0.2
    assert issuings == [session.pk]  # the second closing returned before issuing anything
    assert_closed_once(session)
    assert sorted(m.to[0] for m in mail.outbox) == passed_with_address(session)
