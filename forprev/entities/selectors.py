"""Reads on entities that span rows: who else claims an entity's SIRET (ENT) or NDA (OF).

A company's account stands for its SIRET, a training organisation's for its NDA (DOMAIN.md).
Only recognised entities hold their number (a conditional unique constraint); provisional ones,
created by the public application, may claim a number that another entity — recognised or
provisional — also claims. The caisse sees every claim and recognises one.
"""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, When

from .enums import EntityKind, EntityStatus
from .models import Entity


def claim_filter(*, kind: str, siret: str, nda: str) -> Q:
    """Entities claiming the same number as an entity of ``kind`` with ``siret`` and ``nda``."""
    if kind == EntityKind.TRAINING_ORG:
        return Q(kind=EntityKind.TRAINING_ORG, nda=nda)
    return Q(kind=EntityKind.COMPANY, siret=siret)


def other_claimants(entity: Entity) -> QuerySet[Entity]:
    """The other entities claiming ``entity``'s number, recognised first, oldest first."""
    if not entity.claimed_number:
        return Entity.objects.none()
    return (
        Entity.objects.filter(claim_filter(kind=entity.kind, siret=entity.siret, nda=entity.nda))
        .exclude(pk=entity.pk)
        .select_related("caisse")
        .order_by(
            Case(When(status=EntityStatus.RECOGNISED, then=0), default=1),
            "created_at",
            "pk",
        )
    )


def recognised_holder(*, kind: str, siret: str, nda: str, exclude=None) -> Entity | None:
    """The recognised entity holding the number, if any (at most one: unique constraint)."""
    holders = Entity.objects.recognised().filter(claim_filter(kind=kind, siret=siret, nda=nda))
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.select_related("caisse").first()


def with_claim_flags(entities: QuerySet[Entity]) -> QuerySet[Entity]:
    """Annotate ``claim_contested``: another entity claims the same SIRET (company) or NDA
    (training organisation). One subquery per row on the indexed number, no extra query."""
    same_siret = Entity.objects.filter(kind=EntityKind.COMPANY, siret=OuterRef("siret")).exclude(
        pk=OuterRef("pk")
    )
    same_nda = (
        Entity.objects.filter(kind=EntityKind.TRAINING_ORG, nda=OuterRef("nda"))
        .exclude(nda="")
        .exclude(pk=OuterRef("pk"))
    )
    return entities.annotate(
        claim_contested=Case(
            When(Q(kind=EntityKind.COMPANY) & Q(Exists(same_siret)), then=True),
            When(Q(kind=EntityKind.TRAINING_ORG) & Q(Exists(same_nda)), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )
