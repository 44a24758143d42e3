"""Synthetic habilitations and applications for ``generate_dataset`` (bulk inserts only).

At scale 1: about 13,000 habilitations over the 9,000 entities (SST for most, PRAP and others
for some, trainer level for a fifth of training organisations, ~8 % expired) and about 1,100
applications across every state, transmitted over the last six months.
"""

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.accounts.synthetic import bulk_insert, new_public_id
from forprev.core.dates import add_months
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.models import Entity, Membership
from forprev.referentials.models import ProgrammeLevel

from .enums import RequestKind, RequestStatus
from .models import Accreditation, AccreditationRequest, RequestItem

# dispositif, probability an entity holds it
PROGRAMME_SHARE = [("SST", 0.85), ("PRAP-IBC", 0.22), ("PRAP-2S", 0.08), ("ASD", 0.04)]
TRAINER_LEVEL_SHARE = 0.2  # training organisations also accredited at level 2
EXPIRED_SHARE = 0.08
REQUEST_SHARE = 0.12
STATUS_WEIGHTS = [
    (RequestStatus.DRAFT, 10),
    (RequestStatus.TRANSMITTED, 25),
    (RequestStatus.UNDER_REVIEW, 25),
    (RequestStatus.COMPLEMENTS_REQUESTED, 10),
    (RequestStatus.COMPLETED, 5),
    (RequestStatus.OPINION_GIVEN, 10),
    (RequestStatus.GRANTED, 10),
    (RequestStatus.REFUSED, 5),
]


def generate_accreditations(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    today = timezone.localdate()
    now = timezone.now()
    levels = {
        (level.programme.code, level.level): level
        for level in ProgrammeLevel.objects.select_related("programme")
    }
    managers = dict(
        Membership.objects.filter(role=MembershipRole.MANAGER).values_list("entity_id", "user_id")
    )
    instructors: dict[int, list[int]] = {}
    for user_id, caisse_id in User.objects.filter(staff_role=StaffRole.INSTRUCTOR).values_list(
        "pk", "caisse_id"
    ):
        instructors.setdefault(caisse_id, []).append(user_id)
    accreditations, requests, request_levels = [], [], []
    entities = Entity.objects.order_by("pk").values_list("pk", "kind", "caisse_id")
    for entity_id, kind, caisse_id in entities.iterator(chunk_size=5000):
        held = [code for code, share in PROGRAMME_SHARE if rng.random() < share] or ["SST"]
        for code in held:
            wanted = [1]
            if kind == EntityKind.TRAINING_ORG and rng.random() < TRAINER_LEVEL_SHARE:
                wanted.append(2)
            expired = rng.random() < EXPIRED_SHARE
            months_ago = rng.randint(61, 70) if expired else rng.randint(0, 59)
            starts_on = add_months(today, -months_ago) - timedelta(days=rng.randint(0, 27))
            for level in wanted:
                accreditations.append(
                    Accreditation(
                        public_id=new_public_id(rng),
                        entity_id=entity_id,
                        programme_level=levels[(code, level)],
                        starts_on=starts_on,
                        expires_on=add_months(starts_on, 60) - timedelta(days=1),
                    )
                )
        if entity_id in managers and rng.random() < REQUEST_SHARE:
            status = rng.choices(*zip(*STATUS_WEIGHTS, strict=True))[0]
            sent = (
                None
                if status == RequestStatus.DRAFT
                else now - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1440))
            )
            reviewer = None
            if status not in (RequestStatus.DRAFT, RequestStatus.TRANSMITTED) and instructors.get(
                caisse_id
            ):
                reviewer = rng.choice(instructors[caisse_id])
            requests.append(
                AccreditationRequest(
                    public_id=new_public_id(rng),
                    entity_id=entity_id,
                    kind=rng.choice(
                        [RequestKind.RENEWAL, RequestKind.ADDITIONAL, RequestKind.INITIAL]
                    ),
                    status=status,
                    created_by_id=managers[entity_id],
                    reviewer_id=reviewer,
                    transmitted_at=sent,
                )
            )
            request_levels.append(levels[(rng.choice(["SST", "PRAP-IBC", "PRAP-2S", "ASD"]), 1)])
    bulk_insert(Accreditation, accreditations)
    progress(f"{len(accreditations)} habilitations")
    created = bulk_insert(AccreditationRequest, requests)
    bulk_insert(
        RequestItem,
        [
            RequestItem(request=request, programme_level=level)
            for request, level in zip(created, request_levels, strict=True)
        ],
    )
    progress(f"{len(created)} demandes d'habilitation")
    return {"accreditations": len(accreditations), "accreditation_requests": len(created)}
