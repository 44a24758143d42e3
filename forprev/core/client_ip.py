"""The client's real address, read behind a known number of trusted reverse proxies.

Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``;
anything to the left of what our own proxies wrote was written by the client and can be
forged. So the header is read from the right: with ``FORPREV_TRUSTED_PROXIES = n`` (the number
of proxies in front of the application server), the client is the n-th address counted from the
right of ``X-Forwarded-For`` + ``REMOTE_ADDR``. With 0 (no proxy), ``REMOTE_ADDR`` alone.

Throttling keys use :func:`client_key`: an IPv6 client is counted by its /64 network, the
smallest block one subscriber is routinely given, so that rotating addresses inside one's own
network does not multiply the allowance.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "unknown"


# The longest address with brackets and a port is 53 characters (longer IPv6 zone identifiers
# are not client addresses): anything longer is not parsed.
_LONGEST = 64


def _valid(address: str) -> str | None:
    """The address of one entry (port, brackets and IPv4 mapping dropped), or None."""
    address = address.strip()
    return _parsed(address) if len(address) <= _LONGEST else None


@lru_cache(maxsize=4096)  # each scan parses its client's address: a few microseconds spared
def _parsed(address: str) -> str | None:
    if address.startswith("[") and "]" in address:  # "[2001:db8::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "203.0.113.7:51234"
        address = address.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    if parsed.version == 6 and parsed.ipv4_mapped:  # "::ffff:203.0.113.7" of a dual-stack socket
        return str(parsed.ipv4_mapped)
    return str(parsed)


def client_ip(request) -> str:
    """The client's address as the trusted proxies saw it (``"unknown"`` when unreadable)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    proxies = getattr(settings, "FORPREV_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part for part in forwarded.split(",") if part.strip()] if forwarded else []
    chain.append(remote)
    # chain[-1] is the last proxy (REMOTE_ADDR); chain[-1 - proxies] is what the first trusted
    # proxy received the request from. A shorter chain means the request reached an inner
    # proxy without the outer ones: the leftmost address is then the best we know (the network
    # must keep clients from reaching inner proxies, or they could write that entry).
    index = max(len(chain) - 1 - proxies, 0)
    return _valid(chain[index]) or remote


def client_key(request) -> str:
    """The throttling key of the client: its IPv4 address, or its IPv6 /64 network."""
    return network_key(client_ip(request))


@lru_cache(maxsize=4096)
def network_key(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def axes_client_ip(request) -> str | None:
    """django-axes' ``AXES_CLIENT_IP_CALLABLE``: the same reading as every other throttle;
    None when unreadable (axes stores it in an IP address column, which PostgreSQL checks)."""
    address = client_ip(request)
    return None if address == UNKNOWN else address
