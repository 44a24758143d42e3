"""The national role's writes on freezes, and who a freeze stops (``frozen_for``)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from forprev.core.exceptions import DomainError
from forprev.freezes import services
from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze
from forprev.freezes.rules import can_manage_freezes, frozen_for, is_never_frozen
from tests.factories import UserFactory

from .factories import MESSAGE, FeatureFreezeFactory

TODAY = timezone.localdate


def fields(**changes):
    return {
        "action": FrozenAction.RENEWAL,
        "starts_on": TODAY() + datetime.timedelta(days=40),
        "ends_on": None,
        "message": MESSAGE,
        "announce_days": 30,
        **changes,
    }


@pytest.mark.django_db
def test_national_creates_a_freeze_recorded_in_the_audit_trail(personas):
    freeze = services.freeze_create(by=personas["national"], **fields())
    assert freeze.created_by == personas["national"]
    assert freeze.notified_at is None
    assert LogEntry.objects.get_for_object(freeze).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "instructor", "support", "person"])
def test_only_national_writes_freezes(personas, persona):
    with pytest.raises(DomainError, match="Seul le niveau national"):
        services.freeze_create(by=personas[persona], **fields())
    freeze = FeatureFreezeFactory()
    with pytest.raises(DomainError):
        services.freeze_update(freeze=freeze, by=personas[persona], changes={"message": "x"})
    with pytest.raises(DomainError):
        services.freeze_delete(freeze=freeze, by=personas[persona])
    assert FeatureFreeze.objects.count() == 1


@pytest.mark.django_db
def test_invalid_freeze_is_refused_with_its_french_message_and_not_saved(personas):
    with pytest.raises(DomainError) as caught:
        services.freeze_create(
            by=personas["national"], **fields(ends_on=TODAY() + datetime.timedelta(days=1))
        )
    assert caught.value.field == "ends_on"
    assert "postérieure ou égale" in caught.value.message
    with pytest.raises(DomainError, match="Champ inconnu"):
        services.freeze_create(by=personas["national"], notified_at=None, **fields())
    assert not FeatureFreeze.objects.exists()


@pytest.mark.django_db
def test_a_new_start_date_announces_the_freeze_again(personas):
    freeze = FeatureFreezeFactory(upcoming=True, notified_at=timezone.now())
    freeze = services.freeze_update(
        freeze=freeze, by=personas["national"], changes={"message": "Nouveau message."}
    )
    assert freeze.notified_at is not None
    freeze = services.freeze_update(
        freeze=freeze,
        by=personas["national"],
        changes={"starts_on": freeze.starts_on + datetime.timedelta(days=7)},
    )
    assert freeze.notified_at is None


@pytest.mark.django_db
def test_national_deletes_a_freeze(personas):
    freeze = FeatureFreezeFactory()
    services.freeze_delete(freeze=freeze, by=personas["national"])
    assert not FeatureFreeze.objects.exists()


@pytest.mark.django_db
def test_support_national_and_superusers_are_never_stopped(personas):
    FeatureFreezeFactory(action=FrozenAction.INITIAL)
    superuser = UserFactory(is_superuser=True)
    for user in (personas["support"], personas["national"], superuser):
        assert is_never_frozen(user)
        assert frozen_for(user, FrozenAction.INITIAL) is None
    for persona in ("manager", "delegate", "instructor", "person"):
        assert frozen_for(personas[persona], FrozenAction.INITIAL) is not None


@pytest.mark.django_db
def test_freeze_administration_is_national_or_superuser(personas):
    allowed = {name for name, user in personas.items() if user and can_manage_freezes(user)}
    assert allowed == {"national"}
    assert can_manage_freezes(UserFactory(is_superuser=True))


def test_frozen_error_is_a_domain_error_carrying_the_sentence():
    freeze = FeatureFreeze(
        action=FrozenAction.RENEWAL, starts_on=datetime.date(2022, 7, 13), message=MESSAGE
    )
    error = services.FrozenError(freeze, field="kind")
    assert isinstance(error, DomainError)
    assert error.code == "frozen" and error.field == "kind"
    assert error.message.startswith("Depuis le 13/07/2022, la demande de renouvellement")
    assert error.message.endswith(MESSAGE)
