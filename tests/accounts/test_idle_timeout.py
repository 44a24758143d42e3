"""Sessions end after a period without requests (besides SESSION_COOKIE_AGE)."""

import pytest
import time_machine
from django.urls import reverse

from forprev.accounts.middleware import IdleTimeoutMiddleware
from tests.conftest import login

HOME = reverse("dashboard:home")
START = "2030-11-04 09:00 +0100"


@pytest.fixture
def at():
    """Run a request at a given wall-clock time: at("09:31")."""

    def _at(hhmm, client, url=HOME):
        with time_machine.travel(f"2030-11-04 {hhmm}:00 +0100", tick=False):
            return client.get(url)

    return _at


def _logged_in(client, user):
    with time_machine.travel(START, tick=False):
        login(client, user)
        assert client.get(HOME).status_code == 200
    return client


def test_staff_session_closes_after_30_idle_minutes(client, personas, at):
    _logged_in(client, personas["instructor"])
    assert at("09:29", client).status_code == 200
    response = at("10:00", client)  # 31 minutes after the last request
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    page = client.get(response.url)
    assert "période d&#x27;inactivité" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated


def test_activity_keeps_the_session_open(client, personas, at):
    _logged_in(client, personas["instructor"])
    for hhmm in ("09:20", "09:40", "10:00", "10:20"):
        assert at(hhmm, client).status_code == 200


def test_other_accounts_get_the_longer_timeout(client, personas, at, settings):
    settings.FORPREV_IDLE_TIMEOUT_MINUTES = 120
    _logged_in(client, personas["manager"])
    assert at("10:59", client).status_code == 200  # 119 minutes
    assert at("13:00", client).status_code == 302  # 121 minutes


def test_staff_timeout_is_configurable(client, personas, at, settings):
    settings.FORPREV_IDLE_TIMEOUT_STAFF_MINUTES = 10
    _logged_in(client, personas["national"])
    assert at("09:11", client).status_code == 302


def test_a_timed_out_visitor_of_a_public_page_gets_it_logged_out(client, personas, at):
    _logged_in(client, personas["support"])
    response = at("10:00", client, reverse("public:home"))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_last_activity_is_written_at_most_once_a_minute(client, personas, at):
    _logged_in(client, personas["person"])
    key = IdleTimeoutMiddleware.SESSION_KEY
    with time_machine.travel("2030-11-04 09:00:50 +0100", tick=False):
        first = client.session[key]
        client.get(HOME)
        client.get(HOME)
        assert client.session[key] == first  # not rewritten within the minute
    with time_machine.travel("2030-11-04 09:02:00 +0100", tick=False):
        client.get(HOME)
        assert client.session[key] == first + 120
