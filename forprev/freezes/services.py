"""Writes on freezes (national role) and the refusal every frozen action raises."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError

from .models import FeatureFreeze
from .rules import can_manage_freezes

EDITABLE_FIELDS = ("action", "starts_on", "ends_on", "message", "announce_days")


class FrozenError(DomainError):
    """A frozen action was attempted; ``message`` is the freeze's sentence for today."""

    def __init__(self, freeze: FeatureFreeze, *, field: str | None = None):
        super().__init__(freeze.notice_on(timezone.localdate()), code="frozen", field=field)
        self.freeze = freeze


def refuse_if_frozen(freeze: FeatureFreeze | None, *, field: str | None = None) -> None:
    """Raise ``FrozenError`` when a domain rule found the action frozen for its user."""
    if freeze is not None:
        raise FrozenError(freeze, field=field)


def _require_national(by) -> None:
    if not can_manage_freezes(by):
        raise DomainError(_("Seul le niveau national gère les gels de fonctionnalités."))


def _validated_save(freeze: FeatureFreeze) -> FeatureFreeze:
    try:
        freeze.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(" ".join(messages), field=None if field == "__all__" else field) from None
    freeze.save()
    return freeze


@transaction.atomic
def freeze_create(*, by, **fields) -> FeatureFreeze:
    """Publish a freeze. Its e-mails leave with ``notify_freezes`` once its announcement opens."""
    _require_national(by)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Champ inconnu : %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    return _validated_save(FeatureFreeze(created_by=by, **fields))


@transaction.atomic
def freeze_update(*, freeze: FeatureFreeze, by, changes: dict) -> FeatureFreeze:
    """Change a freeze. A new action or start date is a new announcement: the e-mails go again."""
    _require_national(by)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Champ inconnu : %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    freeze = FeatureFreeze.objects.select_for_update().get(pk=freeze.pk)
    if any(
        changes.get(name, getattr(freeze, name)) != getattr(freeze, name)
        for name in ("action", "starts_on")
    ):
        freeze.notified_at = None
    for name, value in changes.items():
        setattr(freeze, name, value)
    return _validated_save(freeze)


@transaction.atomic
def freeze_delete(*, freeze: FeatureFreeze, by) -> None:
    """Remove a freeze (the audit trail keeps it); the action is available again at once."""
    _require_national(by)
    freeze.delete()
