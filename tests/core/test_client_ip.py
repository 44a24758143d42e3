"""The client's address behind trusted proxies: X-Forwarded-For read from the right."""

import pytest
from django.test import RequestFactory

from forprev.core.client_ip import UNKNOWN, axes_client_ip, client_ip, client_key, network_key

CLIENT = "203.0.113.7"
PROXY = "10.0.0.2"  # REMOTE_ADDR behind one proxy
OUTER = "10.0.0.1"  # the outer proxy of two


def request(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_x_forwarded_for_is_ignored(settings):
    settings.FORPREV_TRUSTED_PROXIES = 0
    assert client_ip(request(remote=CLIENT, forwarded="198.51.100.1")) == CLIENT


def test_one_proxy_takes_the_address_it_appended(settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    assert client_ip(request(forwarded=CLIENT)) == CLIENT


def test_one_proxy_a_forged_leftmost_entry_changes_nothing(settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    forged = request(forwarded=f"198.51.100.1, 192.0.2.9, {CLIENT}")
    assert client_ip(forged) == CLIENT
    assert client_key(forged) == client_key(request(forwarded=CLIENT))


def test_two_proxies_count_two_from_the_right(settings):
    settings.FORPREV_TRUSTED_PROXIES = 2
    assert client_ip(request(remote=PROXY, forwarded=f"{CLIENT}, {OUTER}")) == CLIENT
    forged = request(remote=PROXY, forwarded=f"198.51.100.1, {CLIENT}, {OUTER}")
    assert client_ip(forged) == CLIENT


def test_a_request_without_the_header_behind_a_proxy_is_the_remote_address(settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    assert client_ip(request(remote=CLIENT)) == CLIENT


def test_a_chain_shorter_than_the_proxies_takes_its_leftmost_entry(settings):
    settings.FORPREV_TRUSTED_PROXIES = 2
    assert client_ip(request(forwarded=CLIENT)) == CLIENT


@pytest.mark.parametrize(
    "forwarded",
    ["n'importe quoi", "unknown", "999.1.1.1", "", " , ,", "1.2.3.4.5", "<script>", "a" * 5000],
)
def test_a_malformed_entry_falls_back_to_the_remote_address(settings, forwarded):
    settings.FORPREV_TRUSTED_PROXIES = 1
    assert client_ip(request(forwarded=forwarded)) == PROXY


def test_empty_entries_do_not_shift_the_reading(settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    assert client_ip(request(forwarded=f"198.51.100.1,, ,{CLIENT}")) == CLIENT


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (f"{CLIENT}:51234", CLIENT),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:DB8:0::1", "2001:db8::1"),
        (f"::ffff:{CLIENT}", CLIENT),
        (f"[::ffff:{CLIENT}]:80", CLIENT),
    ],
)
def test_ports_brackets_and_ipv4_mapped_addresses(settings, entry, expected):
    settings.FORPREV_TRUSTED_PROXIES = 1
    assert client_ip(request(forwarded=entry)) == expected


def test_an_ipv4_mapped_remote_address_is_the_ipv4_one(settings):
    settings.FORPREV_TRUSTED_PROXIES = 0
    assert client_ip(request(remote=f"::ffff:{CLIENT}")) == CLIENT
    assert client_key(request(remote=f"::ffff:{CLIENT}")) == client_key(request(remote=CLIENT))


def test_an_unreadable_remote_address_is_unknown(settings):
    settings.FORPREV_TRUSTED_PROXIES = 0
    assert client_ip(request(remote="")) == UNKNOWN
    assert client_ip(request(remote="garbage")) == UNKNOWN


def test_ipv6_clients_are_keyed_by_their_64_network(settings):
    settings.FORPREV_TRUSTED_PROXIES = 0
    first = client_key(request(remote="2001:db8:1:2::1"))
    assert first == "2001:db8:1:2::/64"
    assert client_key(request(remote="2001:db8:1:2:ffff:ffff:ffff:ffff")) == first
    assert client_key(request(remote="2001:db8:1:3::1")) != first


def test_network_key_of_ipv4_and_of_anything_else():
    assert network_key(CLIENT) == CLIENT
    assert network_key(UNKNOWN) == UNKNOWN


def test_axes_reads_the_same_address(settings):
    settings.FORPREV_TRUSTED_PROXIES = 1
    forged = request(forwarded=f"198.51.100.1, {CLIENT}")
    assert axes_client_ip(forged) == client_ip(forged) == CLIENT


def test_axes_gets_none_for_an_unreadable_address():
    """``force_login`` and internal requests have no REMOTE_ADDR: axes stores the address in an
    IP column that PostgreSQL checks, so « unknown » must not reach it."""
    from django.http import HttpRequest

    assert axes_client_ip(HttpRequest()) is None
