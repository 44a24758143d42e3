"""Demo freezes: the seed's schedule before the switch from Forprev 1 (2022, now over) and one
upcoming freeze, announced in the banner. Idempotent: a freeze meeting one already loaded is
skipped.

The seed gives the start dates only; the end (the new Forprev online, « premier trimestre
2023 ») is taken as 31/03/2023.
"""

import datetime

from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User

from .enums import FrozenAction
from .models import FeatureFreeze

D = datetime.date
SWITCH_OVER = D(2023, 3, 31)
POSTPONED = "Les demandes seront reportées à la mise en ligne du nouveau Forprev."

HISTORY = [
    (
        FrozenAction.ENTITY_PROFILE,
        D(2022, 6, 1),
        "Le tronc commun n'est plus modifiable par l'entité jusqu'à la mise en ligne du nouveau "
        "Forprev. Pour une modification indispensable, contactez votre caisse de rattachement.",
    ),
    (
        FrozenAction.COMPANY_TO_TRAINING_ORG,
        D(2022, 6, 1),
        "Le type de structure d'une entité ne change plus jusqu'à la mise en ligne du nouveau "
        "Forprev : l'entité garde son type actuel.",
    ),
    (
        FrozenAction.RENEWAL,
        D(2022, 7, 13),
        "Les renouvellements sont organisés avec votre caisse de rattachement jusqu'à la mise en "
        "ligne du nouveau Forprev.",
    ),
    (FrozenAction.INITIAL, D(2022, 11, 1), POSTPONED),
    (FrozenAction.ADDITIONAL, D(2022, 11, 1), POSTPONED),
]


def load_freezes_demo() -> int:
    national = User.objects.filter(staff_role=StaffRole.NATIONAL).first()
    today = timezone.localdate()
    rows = [
        (action, starts_on, SWITCH_OVER, message, True) for action, starts_on, message in HISTORY
    ]
    rows.append(
        (
            FrozenAction.ADDITIONAL,
            today + datetime.timedelta(days=20),
            today + datetime.timedelta(days=34),
            "Maintenance des référentiels de dispositifs : préparez votre dossier, vous pourrez "
            "le déposer dès la réouverture.",
            False,
        )
    )
    created = 0
    for action, starts_on, ends_on, message, announced in rows:
        freeze = FeatureFreeze(
            action=action,
            starts_on=starts_on,
            ends_on=ends_on,
            message=message,
            created_by=national,
        )
        # Loaded already (the upcoming one on an earlier day: it has moved, and stays once).
        if freeze.overlapping_freezes().exists():
            continue
        if announced:
            freeze.notified_at = datetime.datetime.combine(
                freeze.announced_from, datetime.time(8), tzinfo=timezone.get_current_timezone()
            )
        freeze.full_clean()
        freeze.save()
        created += 1
    return created
