"""Is an application's dossier complete? What each dispositif requires, as data, and one
function that says what the dossier holds and what it lacks, in French.

What a dossier needs (the list shown in « Complétude du dossier », checked at transmission, and
again before a favourable opinion or a grant — docs/applications.md):

- every dossier: the signed commitment to the cahier des charges and the pedagogical programme
  (``COMMON_PIECES``);
- the piece proving who the entity is: the Kbis or avis de situation SIRENE for a company, the
  NDA receipt for a training organisation (``IDENTITY_PIECES``);
- per dispositif × level asked for (``PROGRAMME_REQUIREMENTS``): a level taught by trainers
  holding a Forprev trainer certificate (acteur SST by formateurs SST, formateur SST by
  formateurs de formateurs…) needs the piece « certificats des formateurs proposés » and at
  least one proposed trainer holding, on the day of the check, a valid certificate of a higher
  level of the same dispositif (the rule session closing applies to a session's trainers). A
  level with no higher level in Forprev (SMS-AP, TMS Pros, encadrant amiante, formateur CATEC)
  needs no certified trainer. A dispositif the référentiel gains later and this table does not
  list follows the same rule: certified trainers when the référentiel has a higher level;
- the tronc commun's mandatory fields (``MANDATORY_PROFILE_FIELDS``).

Trainer certificates live in the ``trainers`` app, a layer above this one: they are read through
Django's app registry and their own ``valid_on`` rule (one definition of a valid certificate),
never imported.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.utils.translation import gettext as _

from forprev.entities.enums import EntityKind
from forprev.referentials.models import ProgrammeLevel

from .enums import DocumentKind

# Tronc-commun fields an application cannot be transmitted without (a training organisation
# also needs its NDA).
MANDATORY_PROFILE_FIELDS = (
    "name",
    "siret",
    "address_line",
    "postcode",
    "city",
    "head_name",
    "phone",
    "contact_email",
)

COMMON_PIECES = (DocumentKind.COMMITMENT, DocumentKind.PEDAGOGICAL_PROGRAMME)
IDENTITY_PIECES = {
    EntityKind.COMPANY: DocumentKind.KBIS,
    EntityKind.TRAINING_ORG: DocumentKind.NDA_RECEIPT,
}


@dataclass(frozen=True)
class Requirement:
    """What one dispositif × level asked for adds to the dossier."""

    pieces: tuple[str, ...] = ()
    # At least one proposed trainer with a valid certificate of a higher level of the dispositif.
    certified_trainer: bool = False


TAUGHT_BY_CERTIFIED_TRAINERS = Requirement(
    pieces=(DocumentKind.TRAINER_CERTIFICATES,), certified_trainer=True
)
NOTHING_MORE = Requirement()

# Dispositif code → level → requirement.
PROGRAMME_REQUIREMENTS: dict[str, dict[int, Requirement]] = {
    "SST": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: TAUGHT_BY_CERTIFIED_TRAINERS},
    "PRAP-IBC": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: TAUGHT_BY_CERTIFIED_TRAINERS},
    "PRAP-2S": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: TAUGHT_BY_CERTIFIED_TRAINERS},
    "ASD": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: TAUGHT_BY_CERTIFIED_TRAINERS},
    "SMS-AP": {1: NOTHING_MORE},
    "TMS-PROS": {1: NOTHING_MORE},
    "AMIANTE-SS4": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: NOTHING_MORE},
    "CATEC": {1: TAUGHT_BY_CERTIFIED_TRAINERS, 2: NOTHING_MORE},
}


def requirement_for(programme_level, higher_levels) -> Requirement:
    """The table's requirement, or for a dispositif it does not list: certified trainers when
    the référentiel has a higher level (``higher_levels``)."""
    listed = PROGRAMME_REQUIREMENTS.get(programme_level.programme.code, {})
    if programme_level.level in listed:
        return listed[programme_level.level]
    return TAUGHT_BY_CERTIFIED_TRAINERS if higher_levels else NOTHING_MORE


@dataclass(frozen=True)
class PieceCheck:
    kind: str
    label: str
    count: int

    @property
    def present(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class TrainerCheck:
    """One dispositif × level needing a certified trainer, and the proposed trainers who hold a
    valid certificate for it."""

    level_label: str
    certificate_label: str
    certified: tuple[str, ...]

    @property
    def met(self) -> bool:
        return bool(self.certified)

    @property
    def missing_text(self) -> str:
        return _(
            "un formateur proposé titulaire d'un certificat « %(certificate)s » en cours de "
            "validité (pour %(level)s)"
        ) % {"certificate": self.certificate_label, "level": self.level_label}


@dataclass(frozen=True)
class Completeness:
    day: date
    has_items: bool
    pieces: tuple[PieceCheck, ...]
    trainers: tuple[TrainerCheck, ...]
    profile_missing: tuple[str, ...] = field(default=())

    @property
    def missing_pieces(self) -> list[str]:
        return [piece.label for piece in self.pieces if not piece.present]

    @property
    def missing(self) -> list[str]:
        """Everything missing, in French, in the order of the block on the page."""
        missing = [] if self.has_items else [_("au moins un dispositif demandé")]
        missing += [_("pièce « %(label)s »") % {"label": label} for label in self.missing_pieces]
        missing += [check.missing_text for check in self.trainers if not check.met]
        missing += [
            _("tronc commun : %(field)s") % {"field": name} for name in self.profile_missing
        ]
        return missing

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def missing_text(self) -> str:
        return " ; ".join(self.missing)


def missing_profile_fields(entity) -> list[str]:
    fields = list(MANDATORY_PROFILE_FIELDS)
    if entity.kind == EntityKind.TRAINING_ORG:
        fields.append("nda")
    return [
        str(entity._meta.get_field(name).verbose_name)
        for name in fields
        if not getattr(entity, name)
    ]


def required_pieces(entity, requirements) -> list[str]:
    kinds = list(COMMON_PIECES)
    identity = IDENTITY_PIECES.get(entity.kind)
    if identity is not None:
        kinds.append(identity)
    for requirement in requirements:
        kinds += [kind for kind in requirement.pieces if kind not in kinds]
    return kinds


def dossier_completeness(application, *, day: date) -> Completeness:
    """What ``application``'s dossier holds and lacks on ``day`` (five queries, whatever its
    size)."""
    levels = [
        item.programme_level
        for item in application.items.select_related("programme_level__programme")
    ]
    higher = defaultdict(list)  # (programme id, level) → higher levels of the référentiel
    for level in ProgrammeLevel.objects.filter(
        programme_id__in={level.programme_id for level in levels}
    ).order_by("level"):
        for asked in levels:
            if asked.programme_id == level.programme_id and level.level > asked.level:
                higher[asked.pk].append(level)
    requirements = {level.pk: requirement_for(level, higher[level.pk]) for level in levels}

    counts = defaultdict(int)
    for kind in application.documents.values_list("kind", flat=True):
        counts[kind] += 1
    pieces = tuple(
        PieceCheck(kind=kind, label=str(DocumentKind(kind).label), count=counts[kind])
        for kind in required_pieces(application.entity, requirements.values())
    )

    trainers = []
    needing = [level for level in levels if requirements[level.pk].certified_trainer]
    if needing:
        proposed = {
            proposed.trainer_id: proposed.trainer
            for proposed in application.proposed_trainers.select_related("trainer")
        }
        held = defaultdict(set)  # trainer id → {(programme id, level)} valid on ``day``
        if proposed:
            certificates = apps.get_model("trainers", "TrainerCertificate").objects
            for holder_id, programme_id, level in (
                certificates.valid_on(day)
                .filter(
                    holder_id__in=proposed,
                    programme_level__programme_id__in={level.programme_id for level in needing},
                )
                .values_list("holder_id", "programme_level__programme_id", "programme_level__level")
            ):
                held[holder_id].add((programme_id, level))
        for level in needing:
            certified = tuple(
                sorted(
                    trainer.full_name
                    for trainer_id, trainer in proposed.items()
                    if any(
                        programme_id == level.programme_id and held_level > level.level
                        for programme_id, held_level in held[trainer_id]
                    )
                )
            )
            next_levels = higher[level.pk]
            trainers.append(
                TrainerCheck(
                    level_label=str(level),
                    certificate_label=next_levels[0].label
                    if next_levels
                    else _("%(programme)s de niveau supérieur")
                    % {"programme": level.programme.code},
                    certified=certified,
                )
            )
    return Completeness(
        day=day,
        has_items=bool(levels),
        pieces=pieces,
        trainers=tuple(trainers),
        profile_missing=tuple(missing_profile_fields(application.entity)),
    )
