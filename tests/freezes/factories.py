"""Freezes as situations: in force from today (the default), upcoming, over."""

from datetime import timedelta

import factory
from django.utils import timezone

from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze

MESSAGE = "Contactez votre caisse de rattachement pendant la bascule."


def days_from_today(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=days))


class FeatureFreezeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeatureFreeze

    action = FrozenAction.ENTITY_PROFILE
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = None
    message = MESSAGE
    announce_days = 30

    class Params:
        # Starts in ten days: announced (banner), not in force.
        upcoming = factory.Trait(starts_on=days_from_today(10))
        # Ended yesterday.
        over = factory.Trait(starts_on=days_from_today(-60), ends_on=days_from_today(-1))
