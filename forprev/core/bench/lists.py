"""Every list page and every role's home page (issue 13: « home pages and every list, filtered
or not, median under 100 ms server-side, constant queries »), in-process like ``pages``.

Each (page, persona, query) is one figure: ``list_<page>_<persona>[_<filter>]`` with its median,
95th percentile and SQL queries. A page the persona may not open (403/404/redirect) is left out
and said so on stderr, never measured: the list of what was measured is the printed figures.
"""

from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.training.models import SessionTrainer

from . import Scenario, expect_status, logged_in_client
from .journal import journal_filter_scenarios


def bench_support() -> User | None:
    return (
        User.objects.filter(staff_role=StaffRole.SUPPORT, is_active=True)
        .order_by("forprev_id")
        .first()
    )


def bench_trainer() -> User | None:
    """A trainer named on sessions (the busiest among the first hundred)."""
    trainer_id = (
        SessionTrainer.objects.order_by("trainer_id").values_list("trainer_id", flat=True).first()
    )
    return User.objects.filter(pk=trainer_id).first() if trainer_id else None


def _period() -> dict[str, str]:
    today = timezone.localdate()
    return {"du": (today - timedelta(days=365)).isoformat(), "au": today.isoformat()}


def list_pages(entity) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(figure name, URL, [(filter suffix, query), …]) of every list page; suffix "" unfiltered."""
    sessions = [
        ("", {}),
        ("state", {"etat": "submitted"}),
        ("dispositif", {"dispositif": "SST", "etat": "closed"}),
        ("departement", {"departement": "13"}),
        ("period", _period()),
        ("search", {"q": "formation"}),
        ("page", {"page": "40"}),
    ]
    entities = [
        ("", {}),
        ("search", {"q": "formation"}),
        ("dispositif", {"dispositif": "SST"}),
        ("departement", {"departement": "13"}),
    ]
    applications = [
        ("", {}),
        ("state", {"status": "under_review"}),
        ("search", {"q": "formation"}),
        ("period", _period()),
    ]
    pages = [
        ("home", "dashboard:home", None, [("", {})]),
        ("sessions", "training:session_list", None, sessions),
        ("entities", "entities:entity_list", None, entities),
        ("applications", "accreditations:request_list", None, applications),
        ("directory", "directory:entity_list", None, [("", {}), ("departement", {"departement": "13", "dispositif": "SST"})]),
        ("regularisations", "regularisations:request_list", None, [("", {})]),
        ("people_requests", "people:request_list", None, [("", {})]),
        ("duplicates", "duplicates:queue", None, [("", {})]),
        ("merges", "duplicates:merge_list", None, [("", {})]),
        ("invitations", "entities:invitation_list", None, [("", {})]),
        ("team", "trainers:team_list", None, [("", {})]),
        ("delegates", "entities:delegate_list", [entity.public_id] if entity else None, [("", {})]),
        ("freezes", "freezes:freeze_list", None, [("", {})]),
        ("journal", "audit:audit_log", None, [("", {})]),
        ("switchover_todo", "switchover:todo_list", None, [("", {})]),
        ("switchover_readiness", "switchover:readiness", None, [("", {})]),
        ("switchover_reconciliation", "switchover:reconciliation_list", None, [("", {})]),
        ("scheduler", "scheduler:job_list", None, [("", {})]),
    ]  # fmt: skip
    resolved = []
    for name, url_name, args, queries in pages:
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            continue
        resolved.append((name, url, queries))
    return resolved


def list_scenarios(personas: dict[str, User | None], progress, only=()) -> list[Scenario]:
    """Every list page × persona × query the persona may open (a first GET says so); ``only``
    names the pages to measure (all when empty)."""
    manager = personas.get("manager")
    entity = manager.memberships.active().first().entity if manager else None
    scenarios = []
    for persona, user in personas.items():
        if user is None:
            continue
        client = logged_in_client(user)
        measured = len(scenarios)
        for page, url, queries in list_pages(entity):
            if only and page not in only:
                continue
            if page == "delegates" and persona != "manager":
                continue
            first = client.get(url)
            if first.status_code != 200:
                progress(f"  {page} ({persona}) : réponse {first.status_code}, non mesurée.")
                continue
            for suffix, query in queries:
                name = f"list_{page}_{persona}" + (f"_{suffix}" if suffix else "")
                scenarios.append(
                    Scenario(
                        name,
                        client,
                        send=lambda c, url=url, query=query: c.get(url, query),
                        check=expect_status(200),
                    )
                )
        if (not only or "journal" in only) and persona in {"support", "national"}:
            # The journal's filters are POSTed then read back (journal.py): filtered figures too.
            names = {scenario.name for scenario in scenarios}
            scenarios += [
                scenario
                for scenario in journal_filter_scenarios(f"list_journal_{persona}", user)
                if scenario.name not in names
            ]
        if len(scenarios) == measured:
            client.logout()
    return scenarios
