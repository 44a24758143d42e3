"""« Journal des modifications » with its filters, in-process like ``pages`` and ``lists``.

The filters are POSTed and kept in the session (a name must stay out of addresses), so each
filtered figure POSTs its criteria once, untimed, and times the GET of the results page that
follows (``?recherche=<id>``), as a reader paging through results does. Figures:
``journal_<persona>_<filter>`` (median, p95, queries). ``journal_filter_scenarios`` is meant for
the « lists » part of ``manage.py bench``."""

from datetime import timedelta

from auditlog.models import LogEntry
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from . import Scenario, expect_status, logged_in_client

EMPTY = {"du": "", "au": "", "auteur": "", "action": "", "type": "", "objet": ""}


def journal_filters(user) -> list[tuple[str, dict]]:
    today = timezone.localdate()
    return [
        ("month", {"du": (today - timedelta(days=30)).isoformat(), "au": today.isoformat()}),
        ("author", {"auteur": user.forprev_id}),
        ("action", {"action": str(LogEntry.Action.UPDATE)}),
        ("type", {"type": "entities.entity"}),
        ("object", {"objet": "formation"}),
        (
            "all",
            {"du": (today - timedelta(days=365)).isoformat(), "action": str(LogEntry.Action.UPDATE),
             "type": "entities.entity", "objet": "formation"},
        ),
    ]  # fmt: skip


def journal_filter_scenarios(prefix: str, user) -> list[Scenario]:
    url = reverse("audit:audit_log")
    client = logged_in_client(user)
    scenarios = [
        Scenario(prefix, client, send=lambda c: c.get(url), check=expect_status(200)),
        Scenario(
            f"{prefix}_page",
            client,
            send=lambda c: c.get(url, {"page": "40"}),
            check=expect_status(200),
        ),
    ]
    for suffix, criteria in journal_filters(user):
        response = client.post(url, {**EMPTY, **criteria})
        if response.status_code != 302:
            raise CommandError(
                f"Filtre du journal « {suffix} » refusé (réponse {response.status_code})."
            )
        target = response["Location"]
        scenarios.append(
            Scenario(
                f"{prefix}_{suffix}",
                client,
                send=lambda c, target=target: c.get(target),
                check=expect_status(200),
            )
        )
    return scenarios
