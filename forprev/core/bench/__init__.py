"""Server-side latency of the key pages, measured in-process (``manage.py bench``).

The other figures live beside this module: ``sessions`` (closing a session with its
certificates' PDF, importing trainees through the pages), ``pdfs`` (certificate PDFs per
second) and ``server`` (verification requests per second under gunicorn).

Requests go through ``django.test.Client``: the whole middleware stack, views, templates and
database, without a network or a WSGI server. Each figure is taken over N timed requests after
``WARMUPS`` untimed ones; the SQL queries of one more request are counted apart, so counting
does not weigh on the timings. Timings run with ``DEBUG`` off (no query log, no template debug
information), as in production.

Staff two-factor authentication is switched off for the measure (``override_settings``): staff
sessions are opened with ``force_login``, and the OTP step is not what is measured. Only
successful logins are measured: a failure would count towards the axes lock-out.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.core.demo import DEMO_PASSWORD
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Entity, Membership

WARMUPS = 3
BENCH_HOST = "127.0.0.1"
# The bench account's known password. It is the demo password, so a bench run on a demo database
# changes nothing for people who use the demo accounts.
BENCH_PASSWORD = DEMO_PASSWORD
SEARCH_TERM = "formation"
MODEL_BACKEND = "forprev.accounts.backends.ForprevIdOrEmailBackend"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str

    def line(self) -> str:
        decimals = {"ms": 1, "s": 2, "per_s": 1, "ratio": 2, "MB": 1}.get(self.unit, 0)
        return f"BENCH {self.name} {self.value:.{decimals}f} {self.unit}"


@dataclass
class Scenario:
    """One request to time: ``send(client)`` returns the response; ``after`` runs untimed."""

    name: str
    client: Client
    send: Callable
    check: Callable  # response -> error message or ""
    after: Callable = field(default=lambda client: None)


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _send_checked(scenario: Scenario):
    response = scenario.send(scenario.client)
    problem = scenario.check(response)
    if problem:
        raise CommandError(f"Mesure « {scenario.name} » interrompue : {problem}")
    return response


def measure(scenario: Scenario, *, iterations: int, warmups: int = WARMUPS) -> list[Figure]:
    for _ in range(warmups):
        _send_checked(scenario)
        scenario.after(scenario.client)
    timings = []
    for _ in range(iterations):
        started = time.perf_counter()
        _send_checked(scenario)
        timings.append((time.perf_counter() - started) * 1000)
        scenario.after(scenario.client)
    with CaptureQueriesContext(connection) as queries:
        _send_checked(scenario)
    scenario.after(scenario.client)
    return [
        Figure(f"{scenario.name}_p50", statistics.median(timings), "ms"),
        Figure(f"{scenario.name}_p95", percentile(timings, 0.95), "ms"),
        Figure(f"{scenario.name}_queries", len(queries.captured_queries), "queries"),
    ]


def expect_status(status: int) -> Callable:
    def check(response) -> str:
        if response.status_code != status:
            return f"réponse {response.status_code} au lieu de {status}"
        return ""

    return check


# --- The accounts the bench acts as -------------------------------------------------------------


def bench_manager() -> User:
    """A manager (CEH) of exactly one entity, taken from the synthetic accounts (not the demo's)."""
    candidates = (
        Membership.objects.active()
        .filter(role=MembershipRole.MANAGER, user__is_active=True, user__staff_role="")
        .exclude(user__email__iendswith="@demo.forprev.fr")
        .order_by("user__forprev_id")
        .values_list("user_id", flat=True)[:50]
    )
    for user_id in candidates:
        if Membership.objects.active().filter(user_id=user_id).count() == 1:
            return User.objects.get(pk=user_id)
    raise CommandError(
        "Aucun gestionnaire d'une seule entité dans la base : jeu de données incomplet."
    )


def ensure_bench_password(user: User) -> bool:
    """Give the bench account a real hash of the known password, once. True when it was set.

    Synthetic accounts share one hash; outside demo mode it is that of an unknown secret. The
    password is checked on the model, never through the login form, so no failed attempt is ever
    recorded by axes.
    """
    if user.check_password(BENCH_PASSWORD):
        return False
    user.set_password(BENCH_PASSWORD)
    user.save(update_fields=["password"])
    return True


def bench_national() -> User:
    user = (
        User.objects.filter(staff_role=StaffRole.NATIONAL, is_active=True)
        .order_by("forprev_id")
        .first()
    )
    if user is None:
        raise CommandError("Aucun compte national actif dans la base : jeu de données incomplet.")
    return user


def bench_instructor() -> User:
    """An instructor of the caisse with the most entities (the heaviest instructor list)."""
    busiest = (
        Entity.objects.values("caisse")
        .annotate(entities=Count("pk"))
        .order_by("-entities", "caisse")
        .values_list("caisse", flat=True)
    )
    for caisse_id in busiest:
        user = (
            User.objects.filter(
                staff_role=StaffRole.INSTRUCTOR, is_active=True, caisse_id=caisse_id
            )
            .order_by("forprev_id")
            .first()
        )
        if user is not None:
            return user
    raise CommandError("Aucun chargé d'habilitation actif dans la base : jeu de données incomplet.")


# --- Scenarios ----------------------------------------------------------------------------------


def new_client() -> Client:
    return Client(SERVER_NAME=BENCH_HOST)


def login_scenario(manager: User) -> Scenario:
    """POST /connexion/ with the numéro Forprev: the password hasher runs, as in real life."""
    url = reverse("accounts:login")
    home = reverse("dashboard:home")
    credentials = {"username": manager.forprev_id, "password": BENCH_PASSWORD}

    def check(response) -> str:
        if response.status_code != 302 or response.headers.get("Location") != home:
            axes_reset(username=manager.forprev_id)  # leave no failed attempt behind
            return f"la connexion de {manager.forprev_id} a échoué (réponse {response.status_code})"
        return ""

    return Scenario(
        "login",
        new_client(),
        send=lambda client: client.post(url, credentials),
        check=check,
        after=lambda client: client.logout(),
    )


def logged_in_client(user: User) -> Client:
    client = new_client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def get_scenario(name: str, client: Client, path: str) -> Scenario:
    return Scenario(name, client, send=lambda c: c.get(path), check=expect_status(200))


def entity_list_scenarios(prefix: str, user: User) -> list[Scenario]:
    """First page, a page in the middle, and a search, for one user."""
    from forprev.www.entities_views.views import PAGE_SIZE

    url = reverse("entities:entity_list")
    visible = Entity.objects.visible_to(user).count()
    middle = max(1, -(-visible // PAGE_SIZE) // 2)
    client = logged_in_client(user)
    return [
        get_scenario(prefix, client, url),
        get_scenario(f"{prefix}_page", client, f"{url}?page={middle}"),
        get_scenario(f"{prefix}_search", client, f"{url}?q={SEARCH_TERM}"),
    ]


def leftover_failed_attempts(user: User) -> int:
    return AccessAttempt.objects.filter(username=user.forprev_id).count()


def request_queue_scenarios(prefix: str, user: User) -> list[Scenario]:
    """The caisse's queue of applications: first page, filtered by state, oldest first."""
    url = reverse("accreditations:request_list")
    client = logged_in_client(user)
    return [
        get_scenario(prefix, client, url),
        get_scenario(f"{prefix}_filtered", client, f"{url}?status=under_review&assignee="),
    ]


def directory_scenarios(prefix: str) -> list[Scenario]:
    """The public directory, anonymous: first page, filtered by département and dispositif,
    and an accent-insensitive name search."""
    url = reverse("directory:entity_list")
    client = new_client()
    return [
        get_scenario(prefix, client, url),
        get_scenario(f"{prefix}_filtered", client, f"{url}?departement=13&dispositif=SST"),
        get_scenario(f"{prefix}_search", client, f"{url}?nom=securite"),
    ]
