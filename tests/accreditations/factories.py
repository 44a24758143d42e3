"""Habilitations with fixed dates for the reminder and extension tests, which travel in time
around 31/03/2027. Built on the project's ``AccreditationFactory``."""

import datetime

import factory

from forprev.accreditations.enums import AccreditationStatus
from tests.factories import AccreditationFactory as BaseAccreditationFactory


class AccreditationFactory(BaseAccreditationFactory):
    starts_on = factory.LazyAttribute(lambda o: o.expires_on - datetime.timedelta(days=5 * 365))
    expires_on = datetime.date(2027, 3, 31)

    class Params:
        # Here "expired" is the stored status (set by hand), not dates in the past.
        expired = factory.Trait(status=AccreditationStatus.EXPIRED)
