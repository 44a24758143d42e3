"""Reminders before a habilitation's expiry: the entity's managers are told 6, 3 and 1 months
before (``FORPREV_EXPIRY_REMINDER_MONTHS``), each reminder once.

A reminder is keyed by (accreditation, expiry date, lead): an extension moves the expiry date and
starts a new cycle. When several leads are due at once (the command did not run for a while),
only the most urgent is sent; the larger ones are recorded as covered, so they never go out late.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse

from forprev.core.dates import add_months
from forprev.core.mail import send_templated_email
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Entity, Membership

from ..enums import AccreditationStatus
from ..models import Accreditation, ExpiryReminder

DEFAULT_LEADS = (6, 3, 1)


def reminder_leads() -> tuple[int, ...]:
    """The leads in months, largest first (setting ``FORPREV_EXPIRY_REMINDER_MONTHS``)."""
    leads = getattr(settings, "FORPREV_EXPIRY_REMINDER_MONTHS", DEFAULT_LEADS)
    return tuple(sorted({int(lead) for lead in leads if int(lead) > 0}, reverse=True))


@dataclass(frozen=True)
class DueReminder:
    accreditation: Accreditation
    months_before: int
    # Larger leads, due but not sent (superseded by ``months_before``): recorded, never sent.
    skipped: tuple[int, ...] = ()

    @property
    def recorded_leads(self) -> tuple[int, ...]:
        return (self.months_before, *self.skipped)


@dataclass
class ReminderSummary:
    reminders: list[DueReminder] = field(default_factory=list)
    emails: int = 0
    entities: int = 0
    # Entities with due reminders but no active manager: nothing recorded, retried next run.
    without_manager: list[Entity] = field(default_factory=list)


def _safe_add_months(day: datetime.date, months: int) -> datetime.date:
    try:
        return add_months(day, months)
    except ValueError:
        return datetime.date.max if months > 0 else datetime.date.min


def due_reminders(today: datetime.date) -> list[DueReminder]:
    """The reminders to send on ``today``, at most one per accreditation (the most urgent lead).

    A lead L is due when ``expires_on - L months <= today <= expires_on`` and no reminder was
    recorded for this expiry with lead L or a smaller one. Only active habilitations that have
    not been renewed are reminded. Two queries, whatever the number of habilitations.
    """
    leads = reminder_leads()
    if not leads:
        return []
    # add_months clamps to the month's end, so the exact bound is checked below; this one is wider.
    horizon = _safe_add_months(today, leads[0] + 1)
    accreditations = (
        Accreditation.objects.filter(
            status=AccreditationStatus.ACTIVE,
            expires_on__gte=today,
            expires_on__lte=horizon,
            renewed_by__isnull=True,
        )
        .select_related("entity", "programme_level__programme")
        .prefetch_related(
            Prefetch(
                "reminders",
                # Reminders of earlier expiry dates (before an extension) do not count.
                queryset=ExpiryReminder.objects.filter(expires_on__gte=today).only(
                    "accreditation_id", "expires_on", "months_before"
                ),
                to_attr="recorded_reminders",
            )
        )
        .order_by("entity__name", "entity_id", "expires_on", "pk")
    )
    due = []
    for accreditation in accreditations:
        recorded = {
            r.months_before
            for r in accreditation.recorded_reminders
            if r.expires_on == accreditation.expires_on
        }
        smallest_recorded = min(recorded, default=None)
        open_leads = [
            lead
            for lead in leads
            if _safe_add_months(accreditation.expires_on, -lead) <= today
            and (smallest_recorded is None or lead < smallest_recorded)
        ]
        if open_leads:
            *skipped, most_urgent = open_leads
            due.append(DueReminder(accreditation, most_urgent, tuple(skipped)))
    return due


@transaction.atomic
def expiry_reminders_send(*, today: datetime.date, dry_run: bool) -> ReminderSummary:
    """Send the due reminders: one e-mail per manager and entity listing its habilitations.

    The reminders are recorded in the same transaction and the e-mails leave on commit; a
    concurrent run trips the (accreditation, expiry, lead) constraint and sends nothing.
    With ``dry_run``, only the summary is computed: nothing is written, nothing is sent.
    """
    summary = ReminderSummary()
    by_entity = defaultdict(list)
    for reminder in due_reminders(today):
        by_entity[reminder.accreditation.entity].append(reminder)
    entities = list(by_entity)
    prefetch_related_objects(
        entities,
        Prefetch(
            "memberships",
            queryset=Membership.objects.active()
            .filter(role=MembershipRole.MANAGER, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user__email"),
            to_attr="active_managers",
        ),
    )
    rows = []
    for entity in entities:
        reminders = by_entity[entity]
        if not entity.active_managers:
            summary.without_manager.append(entity)
            continue
        summary.reminders.extend(reminders)
        summary.entities += 1
        summary.emails += len(entity.active_managers)
        if dry_run:
            continue
        rows.extend(
            ExpiryReminder(
                accreditation=reminder.accreditation,
                expires_on=reminder.accreditation.expires_on,
                months_before=lead,
            )
            for reminder in reminders
            for lead in reminder.recorded_leads
        )
        context = {
            "entity": entity,
            "reminders": reminders,
            "link": settings.FORPREV_SITE_URL
            + reverse("entities:entity_detail", args=[entity.public_id]),
        }
        for membership in entity.active_managers:
            send_templated_email(
                to=membership.user.email,
                template="accreditations/email/expiry_reminder",
                context=context,
            )
    if rows:
        ExpiryReminder.objects.bulk_create(rows, batch_size=500)
    return summary
