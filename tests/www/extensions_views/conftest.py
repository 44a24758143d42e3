import datetime

import pytest

from tests.accreditations.factories import AccreditationFactory
from tests.factories import EntityFactory, MembershipFactory

D = datetime.date
RULE = {"expiring_from": "2023-01-01", "expiring_to": "2023-03-31", "months": "9"}


@pytest.fixture
def expiring(db):
    """Four active habilitations of three entities expiring in Q1 2023, and three that must not
    move (outside the window, suspended, withdrawn)."""
    entities = [EntityFactory(), EntityFactory(), EntityFactory(in_lyon=True)]
    for entity in entities:
        MembershipFactory(entity=entity)
    inside = [
        AccreditationFactory(entity=entities[0], expires_on=D(2023, 1, 31)),
        AccreditationFactory(entity=entities[0], expires_on=D(2023, 2, 28)),
        AccreditationFactory(entity=entities[1], expires_on=D(2023, 3, 31)),
        AccreditationFactory(entity=entities[2], expires_on=D(2023, 1, 1)),
    ]
    outside = [
        AccreditationFactory(entity=entities[0], expires_on=D(2023, 4, 1)),
        AccreditationFactory(entity=entities[1], expires_on=D(2023, 2, 1), suspended=True),
        AccreditationFactory(entity=entities[2], expires_on=D(2023, 2, 1), withdrawn=True),
    ]
    return {"inside": inside, "outside": outside}
