"""Bulk extensions by rule (e.g. échéance between two dates → +N months), idempotent.

The preview and the application read the same ``extension_candidates``, so the count shown
before is the count changed after. A rule is named by its ``key``; ``Extension`` is unique per
(accreditation, rule key), so applying the same rule again extends nothing. The writes are bulk
(``QuerySet.update``/``bulk_create`` send no signals, so auditlog sees nothing): the audit rows
are written explicitly in the same transaction. Each concerned entity's managers get one e-mail
on commit.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Membership

from ..models import Accreditation, Extension

MAX_MONTHS = 36
BATCH_SIZE = 500


@dataclass(frozen=True)
class ExtensionRule:
    expiring_from: date
    expiring_to: date
    months: int

    def __post_init__(self):
        if self.expiring_to < self.expiring_from:
            raise DomainError(
                _("La date de fin doit être postérieure à la date de début."), field="expiring_to"
            )
        if not 1 <= self.months <= MAX_MONTHS:
            raise DomainError(
                _("La prolongation doit être comprise entre 1 et %(max)s mois.")
                % {"max": MAX_MONTHS},
                field="months",
            )
        try:
            add_months(self.expiring_to, self.months)
        except (ValueError, OverflowError):
            raise DomainError(
                _("Cette période est hors des dates acceptées."), field=None
            ) from None

    @property
    def key(self) -> str:
        """Names the rule: applying the same rule again finds its own extensions."""
        return f"{self.expiring_from.isoformat()}..{self.expiring_to.isoformat()}+{self.months}m"

    def new_expiry(self, expires_on: date) -> date:
        return add_months(expires_on, self.months)


@dataclass(frozen=True)
class PreviewRow:
    accreditation: Accreditation
    new_expires_on: date


def extension_candidates(rule: ExtensionRule):
    """Active habilitations expiring in the window that this rule has not extended yet."""
    return (
        Accreditation.objects.expiring_between(rule.expiring_from, rule.expiring_to)
        .exclude(extensions__rule_key=rule.key)
        .select_related("entity", "programme_level__programme")
        .order_by("expires_on", "pk")
    )


def extension_preview_rows(accreditations, rule: ExtensionRule) -> list[PreviewRow]:
    """Each candidate with the expiry the rule would give it (no query beyond the iteration)."""
    return [PreviewRow(a, rule.new_expiry(a.expires_on)) for a in accreditations]


@transaction.atomic
def accreditations_extend(
    *, rule: ExtensionRule, by=None, expected_count: int | None = None
) -> int:
    """Apply ``rule``; returns how many habilitations were extended (0 on a second run).

    ``expected_count`` is the count the person confirmed on the preview: if the habilitations
    concerned changed since, nothing is written and a ``DomainError`` says so.
    """
    accreditations = list(extension_candidates(rule).select_for_update(of=("self",)))
    if expected_count is not None and expected_count != len(accreditations):
        raise DomainError(
            _(
                "Le nombre d'habilitations concernées a changé depuis l'aperçu "
                "(%(before)s → %(now)s) : vérifiez l'aperçu puis confirmez à nouveau."
            )
            % {"before": expected_count, "now": len(accreditations)},
            code="preview_outdated",
        )
    if not accreditations:
        return 0
    now = timezone.now()
    before = {a.pk: copy.copy(a) for a in accreditations}
    extensions = []
    for accreditation in accreditations:
        new_expiry = rule.new_expiry(accreditation.expires_on)
        extensions.append(
            Extension(
                accreditation=accreditation,
                previous_expires_on=accreditation.expires_on,
                new_expires_on=new_expiry,
                months=rule.months,
                rule_key=rule.key,
                created_by=by,
            )
        )
        accreditation.expires_on = new_expiry
        accreditation.updated_at = now
    try:
        # A concurrent run of the same rule hits the (accreditation, rule_key) constraint here
        # and rolls back: the rule never extends twice.
        with transaction.atomic():
            Extension.objects.bulk_create(extensions, batch_size=BATCH_SIZE)
    except IntegrityError:
        raise DomainError(
            _("Cette règle est en cours d'application par ailleurs : réessayez dans un instant."),
            code="concurrent",
        ) from None
    # The new expiry follows from the old one: one UPDATE per new expiry date (a few dozen for a
    # quarter) is much lighter than bulk_update's CASE over every row.
    by_new_expiry = defaultdict(list)
    for accreditation in accreditations:
        by_new_expiry[accreditation.expires_on].append(accreditation.pk)
    for new_expiry, pks in by_new_expiry.items():
        for start in range(0, len(pks), BATCH_SIZE):
            Accreditation.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                expires_on=new_expiry, updated_at=now
            )
    _audit(accreditations, before, extensions, by=by)
    _notify(extensions, rule=rule)
    return len(accreditations)


def _audit(accreditations, before, extensions, *, by) -> None:
    """The audit rows auditlog's signals would have written (bulk writes send no signals).

    The first row goes through ``log_create``, which fills the correlation id, and the actor and
    remote address of the request (AuditlogMiddleware) when there is one; the others copy that
    context and are inserted in bulk. ``by`` is the actor, None for the system.
    """
    changes = [
        (a, LogEntry.Action.UPDATE, model_instance_diff(before[a.pk], a)) for a in accreditations
    ] + [(e, LogEntry.Action.CREATE, model_instance_diff(None, e)) for e in extensions]
    (instance, action, diff), *others = changes
    first = LogEntry.objects.log_create(instance, action=action, changes=diff, actor=by)
    context = {
        name: getattr(first, name)
        for name in ("actor", "actor_email", "cid", "remote_addr", "remote_port", "timestamp")
    }
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(instance),
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=str(instance),
                action=action,
                changes=diff,
                **context,
            )
            for instance, action, diff in others
        ],
        batch_size=BATCH_SIZE,
    )


def _notify(extensions, *, rule: ExtensionRule) -> None:
    """One e-mail per manager of each concerned entity, listing its extended habilitations."""
    by_entity = defaultdict(list)
    for extension in extensions:
        by_entity[extension.accreditation.entity].append(extension)
    managers = defaultdict(set)
    for entity_id, email in (
        Membership.objects.active()
        .filter(
            role=MembershipRole.MANAGER,
            entity_id__in=[entity.pk for entity in by_entity],
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("entity_id", "user__email")
    ):
        managers[entity_id].add(email)
    for entity, entity_extensions in by_entity.items():
        if not managers[entity.pk]:
            continue
        link = settings.FORPREV_SITE_URL + reverse(
            "entities:entity_detail", args=[entity.public_id]
        )
        context = {
            "entity": entity,
            "extensions": entity_extensions,
            "months": rule.months,
            "link": link,
        }
        for email in sorted(managers[entity.pk]):
            send_templated_email(
                to=email, template="accreditations/email/extension", context=context
            )
