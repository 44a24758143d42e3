"""E-mails before a freeze: when its announcement opens (``announce_days`` before the start),
the caisses' instructors and the managers (CEH) of the entities concerned are told once.

Run daily by the periodic job ``freeze-announcements`` (``freezes.periodic``), which staff can
also start from the « Gels de fonctionnalités » page; ``manage.py notify_freezes`` stays for
operators.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.models import Entity, Membership

from .enums import FrozenAction
from .models import FeatureFreeze
from .tasks import send_freeze_announcement

# Recipients per background task: a national announcement reaches tens of thousands of managers.
BATCH_SIZE = 500


@dataclass
class Announcement:
    freeze: FeatureFreeze
    recipients: list[str] = field(default_factory=list)


def freezes_to_announce(today: datetime.date) -> list[FeatureFreeze]:
    """Freezes whose announcement has opened, not yet announced and not over (a freeze created
    late, even once started, is announced at once)."""
    return [
        freeze
        for freeze in FeatureFreeze.objects.not_over_on(today).filter(notified_at__isnull=True)
        if freeze.announced_from <= today
    ]


def _concerned_entities(action: str, today: datetime.date):
    """The entities whose managers the freeze concerns."""
    entities = Entity.objects.all()
    active = Exists(
        Accreditation.objects.filter(
            entity=OuterRef("pk"), status=AccreditationStatus.ACTIVE, expires_on__gte=today
        )
    )
    if action == FrozenAction.COMPANY_TO_TRAINING_ORG:
        return entities.filter(kind=EntityKind.COMPANY)
    if action in {FrozenAction.RENEWAL, FrozenAction.ADDITIONAL}:
        return entities.filter(active)
    if action == FrozenAction.INITIAL:
        return entities.filter(~active)
    return entities


def recipients_of(freeze: FeatureFreeze, today: datetime.date) -> list[str]:
    """Every active instructor, and the active managers of the entities concerned; each address
    once, sorted."""
    instructors = User.objects.filter(staff_role=StaffRole.INSTRUCTOR, is_active=True).values_list(
        "email", flat=True
    )
    managers = (
        Membership.objects.active()
        .filter(
            role=MembershipRole.MANAGER,
            user__is_active=True,
            entity__in=_concerned_entities(freeze.action, today).values("pk"),
        )
        .values_list("user__email", flat=True)
    )
    return sorted({email for email in [*instructors, *managers] if email})


def _send(freeze: FeatureFreeze, recipients: list[str], today: datetime.date) -> None:
    context = {
        "freeze": freeze,
        "notice": freeze.notice_on(today),
        "link": settings.FORPREV_SITE_URL + reverse("accounts:login"),
    }
    subject = " ".join(render_to_string("freezes/email/announcement_subject.txt", context).split())
    body = render_to_string("freezes/email/announcement_body.txt", context)
    for start in range(0, len(recipients), BATCH_SIZE):
        transaction.on_commit(
            partial(
                send_freeze_announcement.enqueue,
                subject=subject,
                body=body,
                recipients=recipients[start : start + BATCH_SIZE],
            )
        )


@transaction.atomic
def freezes_notify(*, today: datetime.date, dry_run: bool) -> list[Announcement]:
    """Announce the freezes due on ``today``: ``notified_at`` is set in the same transaction
    and the e-mails leave on commit, so a second run sends nothing. The rows are locked: two
    concurrent runs never announce one freeze twice. With ``dry_run`` nothing is written or sent.
    """
    due = [freeze.pk for freeze in freezes_to_announce(today)]
    freezes = FeatureFreeze.objects.filter(pk__in=due, notified_at__isnull=True).order_by(
        "starts_on", "pk"
    )
    if not dry_run:
        freezes = freezes.select_for_update()
    announcements = []
    for freeze in freezes:
        announcement = Announcement(freeze, recipients_of(freeze, today))
        announcements.append(announcement)
        if dry_run:
            continue
        freeze.notified_at = timezone.now()
        freeze.save(update_fields=["notified_at", "updated_at"])
        _send(freeze, announcement.recipients, today)
    return announcements
