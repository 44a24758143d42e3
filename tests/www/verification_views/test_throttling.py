"""Verification throttles: on the real client address behind the trusted proxies, in counters
that a flood of other addresses cannot evict, under a global ceiling; numbers more strictly
than codes; wrong answers per number."""

import copy
import re
from datetime import date

import pytest
import time_machine
from django.core.cache import caches
from django.test import RequestFactory

from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.www.verification_views.views import code_lookup_allowed

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"
NOW = "2026-11-27 10:00:10 +0000"  # frozen: fixed windows must not roll over mid-test


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def scan(client, n, **extra):
    return client.get(f"/verifier/code-{n}/", **extra).status_code


def behind_proxy(forwarded):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_leftmost_address_does_not_escape_the_throttle(client, settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    settings.FORPREV_VERIFY_PER_MINUTE = 3
    statuses = [
        scan(client, n, **behind_proxy(f"198.51.100.{n}, {CLIENT}"))  # a new forged entry each time
        for n in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]
    # Another client behind the same proxy has its own counter: the proxy's address is not the key.
    assert scan(client, 9, **behind_proxy("192.0.2.44")) == 404


@pytest.mark.django_db
def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, settings):
    settings.FORPREV_TRUSTED_PROXIES = 0
    settings.FORPREV_VERIFY_PER_MINUTE = 3
    statuses = [
        scan(client, n, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]


@pytest.mark.django_db
def test_ipv6_addresses_of_one_64_share_a_counter(client, settings):
    settings.FORPREV_VERIFY_PER_MINUTE = 3
    statuses = [scan(client, n, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}") for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert scan(client, 5, REMOTE_ADDR="2001:db8:1:3::1") == 404  # the next /64


@pytest.mark.django_db
def test_the_global_ceiling_refuses_past_it_whatever_the_address(client, settings):
    settings.FORPREV_VERIFY_GLOBAL_PER_MINUTE = 5
    statuses = [scan(client, n, REMOTE_ADDR=f"198.51.100.{n}") for n in range(7)]
    assert statuses == [404] * 5 + [429] * 2


@pytest.mark.django_db
def test_a_flood_of_distinct_addresses_does_not_evict_a_throttled_clients_counter(client, settings):
    """5,000 distinct client addresses (behind the proxy) after a client used up its minute.
    The ratelimit cache is made small (3,000 entries: a local-memory cache then drops its
    least recently used keys, the throttled client's first): the global ceiling stops the
    flood from creating counters, so the client's counter stays and it stays throttled."""
    caches_setting = copy.deepcopy(settings.CACHES)
    caches_setting["ratelimit"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 3000
    settings.CACHES = caches_setting
    settings.FORPREV_TRUSTED_PROXIES = 1
    settings.FORPREV_VERIFY_PER_MINUTE = 3
    settings.FORPREV_VERIFY_GLOBAL_PER_MINUTE = 1000
    original = behind_proxy(f"198.51.100.1, {CLIENT}")
    assert [scan(client, n, **original) for n in range(4)] == [404, 404, 404, 429]

    # The flood goes through the view's own check (5,000 rendered pages would take minutes).
    flood = [
        code_lookup_allowed(RequestFactory().get("/", **behind_proxy(f"10.{n // 250}.{n % 250}.9")))
        for n in range(5000)
    ]
    assert flood[:997] == [True] * 997  # the ceiling's 1,000 minus the client's 3 look-ups
    assert not any(flood[997:])  # the global ceiling kicked in
    assert scan(client, 5, **behind_proxy("192.0.2.201")) == 429  # for every new client too
    assert len(caches["ratelimit"]._cache) <= 1000 + 1

    settings.FORPREV_VERIFY_GLOBAL_PER_MINUTE = 1_000_000  # the ceiling alone no longer refuses
    assert scan(client, 0, **original) == 429  # the client's own counter is still there
    assert scan(client, 1, **behind_proxy("192.0.2.200")) == 404


def post_number(client, number, remote=CLIENT, **fields):
    return client.post("/verifier/", {"number": number, **fields}, REMOTE_ADDR=remote)


@pytest.mark.django_db
def test_number_lookups_have_a_stricter_limit_than_codes(client, settings):
    settings.FORPREV_VERIFY_NUMBER_PER_MINUTE = 10
    statuses = [
        post_number(client, f"C{n:010d}", last_name="Martin").status_code for n in range(11)
    ]
    assert statuses == [404] * 10 + [429]
    assert scan(client, 1, REMOTE_ADDR=CLIENT) == 404  # codes keep their own allowance
    # Invalid forms (no second factor) look nothing up and are not counted.
    assert post_number(client, "C0000000001", remote="192.0.2.1").status_code == 200


@pytest.mark.django_db
def test_the_number_lookups_global_ceiling(client, settings):
    settings.FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE = 3
    statuses = [
        post_number(client, "C2345678923", remote=f"198.51.100.{n}", last_name="X").status_code
        for n in range(4)
    ]
    assert statuses == [404] * 3 + [429]


@pytest.fixture
def certificate(closed_session):
    certificate = closed_session.certificates.first()
    Person.objects.filter(pk=certificate.person_id).update(
        last_name="Benali", birth_date=date(1979, 6, 15)
    )
    Certificate.objects.filter(pk=certificate.pk).update(number="SST22-0048213")
    certificate.refresh_from_db()
    return certificate


@pytest.mark.django_db
def test_guessing_the_birth_date_of_one_number_locks_it_for_an_hour(
    client, settings, certificate, _frozen
):
    """Five wrong answers for one number, from five addresses: the sixth attempt, even right,
    is refused; then an hour later it is shown."""
    settings.FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR = 5
    for n in range(5):
        wrong = post_number(
            client, "SST22-0048213", remote=f"198.51.100.{n}", birth_date=f"1979-06-{n + 1:02d}"
        )
        assert wrong.status_code == 404
    locked = post_number(client, "SST22-0048213", remote="192.0.2.9", birth_date="1979-06-15")
    assert locked.status_code == 429
    assert "Benali" not in locked.content.decode()
    assert "Trop d'essais pour ce numéro" in locked.content.decode()
    other = post_number(client, "C2345678923", remote="192.0.2.9", last_name="Benali")
    assert other.status_code == 404  # other numbers are not locked
    _frozen.shift(3600)
    shown = post_number(client, "SST22-0048213", remote="192.0.2.9", birth_date="1979-06-15")
    assert shown.status_code == 200 and "BENALI" in shown.content.decode()


@pytest.mark.django_db
def test_an_unknown_number_locks_the_same_way_no_oracle(client, settings, certificate):
    settings.FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR = 2
    pages = {}
    for number in ("SST22-0048213", "SST22-0048299"):  # the first exists, not the second
        statuses = [
            post_number(client, number, remote=f"198.51.100.{n}", last_name="Faux").status_code
            for n in range(3)
        ]
        assert statuses == [404, 404, 429]
        pages[number] = (
            post_number(client, number, remote="192.0.2.1", last_name="Faux")
            .content.decode()
            .replace(number, "NUMBER")
        )
    first, second = (re.sub(r'nonce="[^"]+"', "", page) for page in pages.values())
    assert first == second


@pytest.mark.django_db
def test_a_right_answer_is_not_counted_as_a_failure(client, settings, certificate):
    settings.FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR = 2
    for n in range(4):
        response = post_number(
            client, "SST22-0048213", remote=f"198.51.100.{n}", last_name="benali"
        )
        assert response.status_code == 200
