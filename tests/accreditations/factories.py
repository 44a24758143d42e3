"""Habilitations as situations (traits), local to these tests."""

import datetime

import factory

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.referentials.models import ProgrammeLevel
from tests.factories import EntityFactory


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    entity = factory.SubFactory(EntityFactory)
    programme_level = factory.LazyFunction(
        lambda: ProgrammeLevel.objects.select_related("programme").get(
            programme__code="SST", level=1
        )
    )
    starts_on = factory.LazyAttribute(lambda o: o.expires_on - datetime.timedelta(days=5 * 365))
    expires_on = datetime.date(2027, 3, 31)
    status = AccreditationStatus.ACTIVE

    class Params:
        suspended = factory.Trait(status=AccreditationStatus.SUSPENDED)
        withdrawn = factory.Trait(status=AccreditationStatus.WITHDRAWN)
        expired = factory.Trait(status=AccreditationStatus.EXPIRED)
