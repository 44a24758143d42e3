"""Fixed-window rate limits in the ``ratelimit`` cache, with global ceilings."""

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from forprev.core import ratelimit
from forprev.core.ratelimit import Limit, allow, hit, undo

START = 1_800_000_000.0  # the start of a minute (and of an hour): a multiple of 3600


def request(remote="203.0.113.7"):
    return RequestFactory().get("/", REMOTE_ADDR=remote)


def test_a_limit_lets_count_events_through_then_refuses():
    results = [hit("t", "k", Limit(3, 60), now=START + n) for n in range(5)]
    assert results == [True, True, True, False, False]


def test_the_next_window_starts_again():
    for n in range(3):
        hit("t", "k", Limit(3, 60), now=START + n)
    assert not hit("t", "k", Limit(3, 60), now=START + 59.9)
    assert hit("t", "k", Limit(3, 60), now=START + 60)  # window rollover
    assert hit("t", "k", Limit(3, 60), now=START + 61)


def test_no_limit_and_a_zero_limit():
    assert all(hit("t", "k", Limit(None), now=START) for _ in range(100))
    assert not hit("t", "zero", Limit(0), now=START)


def test_counters_live_in_their_own_cache():
    hit("t", "k", Limit(3, 60), now=START)
    assert any(key.startswith(":rl:") or "rl:t:" in key for key in caches["ratelimit"]._cache)
    assert not list(cache._cache)  # nothing in the default cache


def test_per_client_counts_each_address_apart():
    limit = Limit(2, 60)
    assert [allow(request(), scope="s", per_client=limit, now=START) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert allow(request("198.51.100.9"), scope="s", per_client=limit, now=START)


def test_ipv6_addresses_of_one_64_share_a_counter():
    limit = Limit(2, 60)
    assert allow(request("2001:db8:5:6::1"), scope="s", per_client=limit, now=START)
    assert allow(request("2001:db8:5:6::abcd"), scope="s", per_client=limit, now=START)
    assert not allow(request("2001:db8:5:6:1:2:3:4"), scope="s", per_client=limit, now=START)
    assert allow(request("2001:db8:5:7::1"), scope="s", per_client=limit, now=START)


def test_per_key_is_case_and_space_insensitive_and_stored_as_a_digest():
    limit = Limit(1, 3600)
    assert allow(scope="s", per_key=limit, key="Zoe@Exemple.fr", now=START)
    assert not allow(scope="s", per_key=limit, key="  zoe@exemple.FR ", now=START)
    assert not any("zoe" in str(key) for key in caches["ratelimit"]._cache)


def test_the_global_ceiling_refuses_everyone_past_it():
    overall = Limit(3, 60)
    clients = [request(f"198.51.100.{n}") for n in range(5)]
    results = [
        allow(c, scope="s", overall=overall, per_client=Limit(10), now=START) for c in clients
    ]
    assert results == [True, True, True, False, False]
    assert allow(clients[4], scope="s", overall=overall, per_client=Limit(10), now=START + 60)


def test_no_counter_is_created_past_the_ceiling():
    overall = Limit(5, 60)
    for n in range(200):
        allow(request(f"10.1.{n // 250}.{n % 250}"), scope="s", overall=overall,
              per_client=Limit(10), now=START)  # fmt: skip
    assert len(caches["ratelimit"]._cache) == 1 + 5  # the ceiling and five clients


def test_a_client_past_its_limit_does_not_use_up_the_ceiling():
    """One client hammering the service is refused by its own limit before the ceiling
    counts it: everyone else still gets through."""
    overall, per_client = Limit(10, 60), Limit(2, 60)
    hammer = request("198.51.100.66")
    for _ in range(1000):
        allow(hammer, scope="s", overall=overall, per_client=per_client, now=START)
    others = [
        allow(request(f"192.0.2.{n}"), scope="s", overall=overall, per_client=per_client, now=START)
        for n in range(8)
    ]
    assert others == [True] * 8


def test_a_key_past_its_limit_does_not_use_up_the_ceiling():
    overall, per_key = Limit(5, 60), Limit(1, 60)
    for _ in range(50):
        allow(scope="s", overall=overall, per_key=per_key, key="a@exemple.fr", now=START)
    assert allow(scope="s", overall=overall, per_key=per_key, key="b@exemple.fr", now=START)


def test_attempts_counted_before_judged_and_successes_taken_back():
    """A limit on failures: every attempt counts first (atomic increments: attempts in flight at
    the same time each get their own count, so no more than the limit are ever judged), and a
    successful one is taken back with ``undo``."""
    limit = Limit(3, 3600)
    in_flight = [allow(scope="f", per_key=limit, key="SST22-0048213", now=START) for _ in range(4)]
    assert in_flight == [True, True, True, False]
    undo(scope="f", per_key=limit, key="sst22-0048213 ", now=START + 10)  # one was right
    undo(scope="f", per_key=limit, key="SST22-0048213", now=START + 10)  # and another
    assert allow(scope="f", per_key=limit, key="SST22-0048213", now=START + 20)
    assert not allow(scope="f", per_key=limit, key="SST22-0048213", now=START + 30)
    assert allow(scope="f", per_key=limit, key="SST22-0048213", now=START + 3600)  # next hour
    undo(scope="f", per_key=limit, key="never-counted", now=START)  # nothing to take back
    undo(scope="f", per_key=Limit(None), key="x", now=START)


def test_a_counter_created_meanwhile_is_counted(monkeypatch):
    """Two requests race for a window's first event: the loser's ``add`` fails and it counts
    on the winner's counter."""
    store = caches["ratelimit"]
    original_add = store.add

    def add_after_another(key, value, timeout):
        original_add(key, 1, timeout)  # another request created it first
        return original_add(key, value, timeout)

    monkeypatch.setattr(store, "add", add_after_another)
    assert hit("t", "race", Limit(5, 60), now=START)
    monkeypatch.undo()
    assert store.get(f"rl:t:60:{int(START) // 60}:race") == 2


@pytest.mark.parametrize("remote", ["", "garbage"])
def test_clients_without_a_readable_address_share_one_counter(remote):
    limit = Limit(1, 60)
    assert allow(request(remote), scope="s", per_client=limit, now=START)
    assert not allow(request("also garbage"), scope="s", per_client=limit, now=START)


def test_the_module_uses_the_ratelimit_alias():
    assert ratelimit.CACHE_ALIAS == "ratelimit"
