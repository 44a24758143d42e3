"""Entities, habilitations and applications of a synthetic Forprev 1 export (``generator``).

Each habilitated entity has a timeline: an initial application granted, a five-year habilitation
per dispositif, a renewal or additional dispositifs for some; formerly habilitated entities
have expired ones; new applicants only an application. Associated entities and antennas,
SIRET changes (a second account for the same NDA, a successor row) and incomplete tronc commun
are added on top (the defects, see ``generator``).
"""

import random
from dataclasses import dataclass, field

from forprev.accounts.synthetic import mail_slug, random_person, random_provider
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.synthetic import (
    ADDRESS_COMPLEMENTS,
    REGION_OF,
    REGIONS,
    _company_name,
    _phone,
    _street,
    _town,
    _training_org_name,
    _weighted_counts,
    department_weights,
    registry_name,
)
from forprev.referentials.data import CAISSES

from .generator_base import FORPREV1_OPENED, Context, add_years

ENTITIES = 9_000  # habilitated, formerly habilitated or applying, at scale 1
COMPANY_SHARE = 2 / 3
FORMER_SHARE = 0.10  # only expired habilitations
APPLICANT_SHARE = 0.015  # no habilitation yet: an initial application
RENEWED_SHARE = 0.45  # current period is a renewal (when Forprev 1 was open five years before)
HISTORY_ROW_SHARE = 0.15  # of renewals: the previous period is a row of its own too
SAME_REQUEST_SHARE = 0.5  # a second dispositif asked with the first (else an additional request)
REFUSED_SHARE = 0.04
SUSPENDED_SHARE, WITHDRAWN_SHARE = 0.005, 0.003
LEVEL_2_SHARE = {"SST": 0.04, "PRAP-IBC": 0.04, "PRAP-2S": 0.04, "ASD": 0.04,
                 "AMIANTE-SS4": 0.4, "CATEC": 0.1}  # fmt: skip
SPACED_SIRET_SHARE = 0.03  # « 412 345 678 00012 »: accepted, spaces are dropped

# Dispositifs: the first one's weights, then the chance of holding each other one.
FIRST_PROGRAMME = {
    "ENT": {"SST": 72, "PRAP-IBC": 12, "PRAP-2S": 8, "ASD": 3, "AMIANTE-SS4": 2, "CATEC": 1,
            "SMS-AP": 1, "TMS-PROS": 1},
    "OF": {"SST": 86, "PRAP-IBC": 5, "PRAP-2S": 3, "ASD": 2, "AMIANTE-SS4": 2, "CATEC": 1,
           "SMS-AP": 0.5, "TMS-PROS": 0.5},
}  # fmt: skip
OTHER_PROGRAMME = {
    "ENT": {"SST": 0.3, "PRAP-IBC": 0.1, "PRAP-2S": 0.04, "ASD": 0.01, "AMIANTE-SS4": 0.005,
            "CATEC": 0.005, "SMS-AP": 0.005, "TMS-PROS": 0.01},
    "OF": {"SST": 0.5, "PRAP-IBC": 0.22, "PRAP-2S": 0.1, "ASD": 0.05, "AMIANTE-SS4": 0.03,
           "CATEC": 0.02, "SMS-AP": 0.02, "TMS-PROS": 0.03},
}  # fmt: skip
CAISSE_OF = {dep: code for code, _, _, deps in CAISSES for dep in deps}
PENDING_STATUSES = ("BROUILLON", "TRANSMISE", "EN_INSTRUCTION", "AVIS_RENDU")
_PENDING_WEIGHTS = (30, 30, 25, 15)
_LEGAL_FORMS = ("SARL", "SAS", "SA", "EURL", "SASU")


@dataclass(slots=True)
class Accreditation:
    programme: str
    level: int
    start: int
    end: int
    status: str
    decided: int | None


@dataclass(slots=True)
class Application:
    kind: str
    programmes: tuple[str, ...]
    status: str
    filed: int | None
    decided: int | None


@dataclass(slots=True, eq=False)
class Entity:
    kind: str
    name: str
    trade_name: str
    siren: int
    establishment: int
    nda: str
    address: str
    complement: str
    postcode: str
    town: str
    department: str
    head: str
    phone: str
    contact_email: str
    domain: str
    created: int
    state: str = "current"  # current, former, applicant
    parent: "Entity | None" = None
    attachment: str = ""
    predecessor: "Entity | None" = None  # the row a SIRET change replaced
    siret: str = ""
    programmes: list[str] = field(default_factory=list)
    accreditations: list[Accreditation] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    # Sessions fall between these days (a SIRET change splits them between two rows).
    sessions_from: int = 0
    sessions_until: int = 10**7
    legacy_id: str = ""
    team: list = field(default_factory=list)  # trainer indices, filled by the trainers step
    defect: str = ""  # the defect this row carries, if any (one per row)

    @property
    def caisse(self) -> str:
        return CAISSE_OF[self.department]

    @property
    def accredited_by(self) -> "Entity":
        """Whose habilitations cover this entity's sessions: its parent's for a sub-entity."""
        return self.parent or self


class _Identifiers:
    """Unique SIREN bases (never La Poste's) and NDA sequences per département."""

    def __init__(self, rng: random.Random, count: int):
        self._sirens = iter(rng.sample(range(10_000_000, 99_999_999), count))
        self._nda_next = {dep: rng.randrange(10_000, 60_000) for dep in REGION_OF}
        self._rng = rng

    def siren(self) -> int:
        base = next(self._sirens)
        return next(self._sirens) if base == 35_600_000 else base

    def nda(self, department: str) -> str:
        self._nda_next[department] += self._rng.randint(1, 25)
        return make_nda(REGION_OF[department], department, self._nda_next[department] % 100_000)


_NOT_IN_DOMAINS = {"de", "du", "des", "la", "le", "les", "et", "en", "d", "l", "sas", "sarl", "sa",
                   "eurl", "sasu", "scop"}  # fmt: skip


class _Domains:
    """An entity's mail domain from its (trade) name: « Imprimerie Bonnet » → imprimeriebonnet.fr."""

    def __init__(self):
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        words = [mail_slug(word) for word in name.replace("'", " ").replace("-", " ").split()]
        base = "".join([w for w in words if w and w not in _NOT_IN_DOMAINS][:3]) or "entreprise"
        domain, number = f"{base}.fr", 2
        while domain in self._taken:
            domain, number = f"{base}{number}.fr", number + 1
        self._taken.add(domain)
        return domain


def _draw_programmes(rng: random.Random, kind: str) -> list[str]:
    weights = FIRST_PROGRAMME[kind]
    first = rng.choices(list(weights), list(weights.values()))[0]
    others = [
        p for p, share in OTHER_PROGRAMME[kind].items() if p != first and rng.random() < share
    ]
    return [first, *others[:2]]


def _level(rng: random.Random, kind: str, programme: str) -> int:
    share = LEVEL_2_SHARE.get(programme, 0)
    if programme in ("SST", "PRAP-IBC", "PRAP-2S", "ASD") and kind != "OF":
        share = 0
    return 2 if rng.random() < share else 1


def _new_entity(rng, ids: _Identifiers, domains: _Domains, kind: str, dep: str) -> Entity:
    town, postcode = _town(rng, dep)
    head = random_person(rng, dep)
    if kind == "ENT":
        name, trade_name = _company_name(rng, town, head)
    else:
        name, trade_name = _training_org_name(rng, town, REGIONS[REGION_OF[dep]][0], head)
    name = registry_name(name)[:200]
    domain = domains.claim(trade_name or name)
    contact = ""
    draw = rng.random()
    if draw < 0.6:
        contact = f"{rng.choice(('contact', 'contact', 'accueil', 'formation', 'info'))}@{domain}"
    elif draw < 0.8:
        contact = f"{mail_slug(head.first_name)}.{mail_slug(head.last_name)}@{random_provider(rng)}"
    return Entity(
        kind=kind,
        name=name,
        trade_name=trade_name,
        siren=ids.siren(),
        establishment=rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 5, 12)),
        nda=ids.nda(dep) if kind == "OF" else "",
        address=_street(rng),
        complement=rng.choice(ADDRESS_COMPLEMENTS) if rng.random() < 0.2 else "",
        postcode=postcode,
        town=town,
        department=dep,
        head=f"{head.first_name} {head.last_name.upper()}",
        phone=_phone(rng, dep) if rng.random() < 0.9 else "",
        contact_email=contact,
        domain=domain,
        created=0,
    )


def build_entities(ctx: Context) -> list[Entity]:
    """Every entity row, in the order of their ids (creation order)."""
    rng = ctx.rng("entities")
    total = ctx.scaled(ENTITIES)
    companies = round(total * COMPANY_SHARE)
    placement = [
        code
        for code, count in _weighted_counts(total, department_weights()).items()
        for _ in range(count)
    ]
    rng.shuffle(placement)
    kinds = ["ENT"] * companies + ["OF"] * (total - companies)
    rng.shuffle(kinds)
    ids = _Identifiers(rng, 2 * total + 100)
    domains = _Domains()
    entities = []
    for kind, dep in zip(kinds, placement, strict=True):
        entity = _new_entity(rng, ids, domains, kind, dep)
        draw = rng.random()
        entity.state = (
            "applicant"
            if draw < APPLICANT_SHARE
            else "former"
            if draw < APPLICANT_SHARE + FORMER_SHARE
            else "current"
        )
        entity.programmes = _draw_programmes(rng, kind)
        entities.append(entity)

    _timelines(ctx, rng, entities)
    children = _attached_entities(ctx, rng, entities, ids, domains)
    successors = _siret_changes(ctx, rng, entities, ids)
    rows = entities + children + successors
    for entity in rows:
        entity.siret = make_siret(entity.siren, entity.establishment)
    _tronc_commun_defects(ctx, rng, entities)
    _siret_defects(ctx, rng, rows)
    _undecided_accreditations(ctx, ctx.rng("undecided_accreditations"), rows)
    rows.sort(key=lambda e: e.created)
    legacy_id = 10_000 + rng.randrange(200)
    for entity in rows:
        legacy_id += 1 if rng.random() < 0.95 else rng.randint(2, 4)  # deleted accounts leave gaps
        entity.legacy_id = str(legacy_id)
    return rows


# -- timelines: applications and habilitations -------------------------------------------------


def _timelines(ctx: Context, rng: random.Random, entities: list[Entity]) -> None:
    export = ctx.export
    current = [e for e in entities if e.state == "current"]
    forced: dict[int, tuple[int, int]] = {}
    for window in ctx.extension_windows:
        for entity in rng.sample(current, min(len(current), 2)):
            forced.setdefault(id(entity), window)
    for entity in entities:
        if entity.state == "applicant":
            _applicant(ctx, rng, entity)
            continue
        if id(entity) in forced:
            low, high = forced[id(entity)]
            end = rng.randint(low, high)
        elif entity.state == "current":
            end = export + rng.randint(1, 5 * 365 - 2)
        else:
            end = export - rng.randint(1, 3 * 365)
        end = _outside_windows(ctx, rng, end, latest_start=export)
        start = add_years(end, -5) + 1
        renewal = rng.random() < RENEWED_SHARE and add_years(start, -5) >= FORPREV1_OPENED + 240
        first_start = add_years(start, -5) if renewal else start
        in_first = [entity.programmes[0]] + [
            p for p in entity.programmes[1:] if rng.random() < SAME_REQUEST_SHARE
        ]
        initial = _granted(rng, "INITIALE", tuple(in_first), first_start, export)
        entity.applications.append(initial)
        entity.created = initial.filed - rng.randint(3, 90)
        decision = initial.decided
        if renewal:
            renewed = _granted(rng, "RENOUVELLEMENT", tuple(in_first), start, export)
            renewed.filed = min(renewed.filed, ctx.renewals_frozen_on - rng.randint(0, 30))
            entity.applications.append(renewed)
            decision = renewed.decided
        for programme in in_first:
            level = _level(rng, entity.kind, programme)
            if renewal and rng.random() < HISTORY_ROW_SHARE:
                entity.accreditations.append(
                    Accreditation(
                        programme, level, first_start, start - 1, "ECHUE", initial.decided
                    )
                )
            entity.accreditations.append(
                Accreditation(programme, level, start, end, _status(rng, end, export), decision)
            )
        for programme in entity.programmes[len(in_first) :]:
            if first_start + 120 >= min(export, ctx.requests_frozen_on):
                entity.programmes.remove(programme)
                continue
            latest = min(export, ctx.requests_frozen_on)
            added_end = add_years(rng.randint(first_start + 120, latest), 5) - 1
            added_end = _outside_windows(ctx, rng, added_end, latest_start=latest)
            added = add_years(added_end, -5) + 1
            extra = _granted(rng, "SUPPLEMENTAIRE", (programme,), added, export)
            entity.applications.append(extra)
            entity.accreditations.append(
                Accreditation(
                    programme,
                    _level(rng, entity.kind, programme),
                    added,
                    added_end,
                    _status(rng, added_end, export),
                    extra.decided,
                )
            )
        if rng.random() < REFUSED_SHARE:
            refused = _refused(rng, entity, export)
            if refused:
                entity.applications.append(refused)
    _pending_applications(ctx, rng, current)


def _outside_windows(ctx: Context, rng: random.Random, end: int, *, latest_start: int) -> int:
    """With ``--clean``, an échéance in an extension window moves after it (before it when the
    habilitation would then start after ``latest_start``)."""
    (first, _), (_, last) = ctx.extension_windows
    if not ctx.clean or not first <= end <= last:
        return end
    later = last + rng.randint(10, 120)
    return later if add_years(later, -5) + 1 <= latest_start else first - rng.randint(10, 120)


def _status(rng: random.Random, end: int, export: int) -> str:
    if end < export:
        return "ECHUE"
    draw = rng.random()
    if draw < SUSPENDED_SHARE:
        return "SUSPENDUE"
    if draw < SUSPENDED_SHARE + WITHDRAWN_SHARE:
        return "RETIREE"
    return "ACTIVE"


def _granted(rng, kind: str, programmes: tuple, start: int, export: int) -> Application:
    decided = min(export, start - rng.randint(3, 45))
    filed = decided - rng.randint(30, 150)
    return Application(kind, programmes, "ACCORDEE", filed, decided)


def _refused(rng: random.Random, entity: Entity, export: int) -> Application | None:
    held = set(entity.programmes)
    options = [p for p in FIRST_PROGRAMME[entity.kind] if p not in held]
    if not options or entity.created + 200 >= export:
        return None
    decided = rng.randint(entity.created + 200, export)
    return Application(
        "SUPPLEMENTAIRE", (rng.choice(options),), "REFUSEE", decided - rng.randint(30, 150), decided
    )


def _applicant(ctx: Context, rng: random.Random, entity: Entity) -> None:
    """A new account with its initial application only (refused with ``--clean``)."""
    export = ctx.export
    entity.created = export - rng.randint(20, 330)
    status = rng.choices(PENDING_STATUSES, _PENDING_WEIGHTS)[0]
    if ctx.clean:
        status = "REFUSEE"
    filed = None if status == "BROUILLON" else rng.randint(entity.created + 5, export - 1)
    if filed and status != "REFUSEE":
        filed = min(filed, ctx.requests_frozen_on)
    decided = rng.randint(filed, export) if status == "REFUSEE" else None
    entity.applications.append(
        Application("INITIALE", tuple(entity.programmes[:1]), status, filed, decided)
    )
    if status in PENDING_STATUSES:
        ctx.record("demande_en_cours")


def _pending_applications(ctx: Context, rng: random.Random, current: list[Entity]) -> None:
    """Applications not decided at the export: a renewal sent before the July freeze, an
    additional dispositif sent before 31 October or still a draft. The first four take one
    status each, so that every status has a case."""
    count = ctx.defect_count(0.05, len(current), floor=4)
    export = ctx.export
    for number, entity in enumerate(rng.sample(current, count)):
        status = (
            PENDING_STATUSES[number]
            if number < 4
            else rng.choices(PENDING_STATUSES, _PENDING_WEIGHTS)[0]
        )
        main_end = max(a.end for a in entity.accreditations)
        if main_end <= export + 270 and rng.random() < 0.7:
            kind = "RENOUVELLEMENT"
            programmes = tuple(a.programme for a in entity.accreditations if a.end == main_end)
            latest = ctx.renewals_frozen_on
        else:
            kind = "SUPPLEMENTAIRE"
            options = [p for p in FIRST_PROGRAMME[entity.kind] if p not in entity.programmes]
            programmes = (rng.choice(options),) if options else (entity.programmes[0],)
            latest = ctx.requests_frozen_on
        filed = None
        if status != "BROUILLON":
            filed = rng.randint(
                max(entity.created + 1, latest - 150), max(entity.created + 1, latest)
            )
        entity.applications.append(Application(kind, programmes, status, filed, None))
        ctx.record("demande_en_cours")


# -- associated entities, antennas, SIRET changes ----------------------------------------------


def _attached_entities(ctx, rng, entities, ids: _Identifiers, domains: _Domains) -> list[Entity]:
    """Associated entities and antennas: ``ANTENNE`` an establishment of the same company (its
    own SIRET half the time), ``ASSOCIEE`` often another company (its own SIREN); for a
    training organisation, the parent's NDA or, sometimes, their own."""
    frozen = ctx.attachments_frozen_on
    eligible = [e for e in entities if e.state == "current" and e.created + 60 < frozen]
    count = ctx.defect_count(0.025, len(eligible), floor=2)
    parents = rng.sample(eligible, count)
    training_orgs = [e for e in eligible if e.kind == "OF" and e not in parents]
    if parents and training_orgs and not any(p.kind == "OF" for p in parents):
        parents[0] = training_orgs[0]
    parents.sort(key=lambda p: p.kind != "OF")  # a training organisation's children first
    children = []
    for parent in parents:
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            attachment = "ANTENNE" if rng.random() < 0.45 else "ASSOCIEE"
            dep = parent.department if rng.random() < 0.6 else rng.choice(list(CAISSE_OF))
            child = _new_entity(rng, ids, domains, parent.kind, dep)
            child.state, child.parent, child.attachment = "current", parent, attachment
            child.created = rng.randint(parent.created + 30, frozen)
            child.programmes = list(parent.programmes)
            if attachment == "ANTENNE":
                child.name = f"{parent.name} - ANTENNE {registry_name(child.town)}"[:200]
                child.trade_name, child.domain = "", parent.domain
                child.contact_email = rng.choice(
                    (
                        parent.contact_email,
                        f"{mail_slug(child.town).replace('-', '')}@{parent.domain}",
                    )
                )
                own = rng.random() < 0.5
                child.siren = parent.siren
                child.establishment = parent.establishment + 10 if own else parent.establishment
                own_nda = rng.random() < 0.2
            else:
                own = rng.random() < 0.7
                if not own:
                    child.siren, child.establishment = parent.siren, parent.establishment
                own_nda = rng.random() < 0.5
            if not children:  # the first one always has its own SIRET (and NDA for an OF)
                own = own_nda = True
                child.siren, child.establishment = ids.siren(), 1
            if child.kind == "OF" and not own_nda:
                child.nda = parent.nda
            child.defect = "entite_rattachee"
            children.append(child)
            ctx.record("entite_rattachee")
            if (child.siren, child.establishment) != (parent.siren, parent.establishment) or (
                child.kind == "OF" and child.nda != parent.nda
            ):
                ctx.record("entite_rattachee_identifiant_propre")
    return children


def _siret_changes(ctx, rng, entities, ids: _Identifiers) -> list[Entity]:
    """A second account for one organisation: a training organisation with a new SIRET under
    the same NDA, or a company's successor row (same SIREN, a new establishment). The new row
    has its own initial application and habilitations from the change on; the old one keeps
    its habilitations active half the time (never cleaned up)."""
    frozen = ctx.attachments_frozen_on
    eligible = [
        e
        for e in entities
        if e.state == "current" and not e.defect and e.accreditations and e.created + 400 < frozen
    ]
    count = ctx.defect_count(0.01, len(eligible), floor=2)
    by_kind = {
        "OF": [e for e in eligible if e.kind == "OF"],
        "ENT": [e for e in eligible if e.kind == "ENT"],
    }
    chosen = []
    for number in range(count):
        pool = by_kind["OF" if number % 2 == 0 else "ENT"] or by_kind["ENT"] or by_kind["OF"]
        candidates = [e for e in pool if e not in chosen]
        if candidates:
            chosen.append(rng.choice(candidates))
    successors = []
    for old in chosen:
        changed_on = rng.randint(max(old.created + 365, frozen - 4 * 365), frozen)
        new = Entity(**{name: getattr(old, name) for name in _COPIED})
        new.created = changed_on - rng.randint(10, 60)
        new.programmes = list(old.programmes)
        if old.kind == "OF" and rng.random() < 0.5:
            new.siren, new.establishment = ids.siren(), 1
            form = rng.choice(_LEGAL_FORMS)
            new.name = f"{old.name} {form}"[:200] if form not in old.name else old.name
        else:
            new.establishment = old.establishment + rng.randint(1, 9)
            new.address = _street(rng)
        application = _granted(rng, "INITIALE", tuple(new.programmes), changed_on, ctx.export)
        new.applications.append(application)
        keep_active = rng.random() < 0.5
        for accreditation in old.accreditations:
            if accreditation.status != "ACTIVE":
                continue
            end = add_years(changed_on, 5) - 1
            new.accreditations.append(
                Accreditation(
                    accreditation.programme,
                    accreditation.level,
                    changed_on,
                    end,
                    _status(rng, end, ctx.export),
                    application.decided,
                )
            )
            if not keep_active:
                accreditation.status = "RETIREE"
        old.sessions_until, new.sessions_from = changed_on - 1, changed_on
        old.defect = new.defect = "changement_siret"
        new.predecessor = old
        successors.append(new)
        ctx.record("changement_siret_of" if old.kind == "OF" else "changement_siret_successeur")
    return successors


_COPIED = (
    "kind", "name", "trade_name", "siren", "establishment", "nda", "address", "complement",
    "postcode", "town", "department", "head", "phone", "contact_email", "domain", "created",
)  # fmt: skip


# -- active habilitations without a decision date ---------------------------------------------


def _undecided_accreditations(ctx: Context, rng: random.Random, rows: list[Entity]) -> None:
    """0.2 % of active habilitations (at least 2) whose decision date Forprev 1 never recorded:
    the migration takes them over with a to-do (its own generator: the other draws stay)."""
    active = [a for e in rows for a in e.accreditations if a.status == "ACTIVE" and a.decided]
    count = ctx.defect_count(0.002, len(active), floor=2)
    for accreditation in rng.sample(active, count):
        accreditation.decided = None
    ctx.record("habilitation_sans_decision", count)


# -- tronc commun and SIRET defects ------------------------------------------------------------


def _tronc_commun_defects(ctx: Context, rng: random.Random, entities: list[Entity]) -> None:
    """Address, town or postcode left empty (the fields a manager must fill before the switch)."""
    eligible = [e for e in entities if not e.defect]
    for entity in rng.sample(eligible, ctx.defect_count(0.015, len(eligible), floor=3)):
        draw = rng.random()
        if draw < 0.5:
            entity.address = entity.complement = ""
        elif draw < 0.7:
            entity.town = ""
        elif draw < 0.85:
            entity.postcode = ""
        else:
            entity.address, entity.postcode = "", ""
        entity.defect = "tronc_commun_incomplet"
        ctx.record("tronc_commun_incomplet")


def _siret_defects(ctx: Context, rng: random.Random, rows: list[Entity]) -> None:
    """A few SIRET with a wrong key (a typo); a few written with spaces (accepted)."""
    eligible = [e for e in rows if not e.defect and e.parent is None]
    for entity in rng.sample(eligible, ctx.defect_count(0.002, len(eligible), floor=1)):
        last = int(entity.siret[-1])
        entity.siret = entity.siret[:-1] + str((last + rng.randint(1, 9)) % 10)
        entity.defect = "siret_invalide"
        ctx.record("siret_invalide")
    if ctx.clean:
        return
    for entity in rows:
        if rng.random() < SPACED_SIRET_SHARE:
            s = entity.siret
            entity.siret = f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"


def entity_row(entity: Entity, out) -> tuple:
    parent = entity.parent
    return (
        entity.legacy_id,
        entity.kind,
        entity.name,
        entity.trade_name,
        entity.siret,
        entity.nda,
        entity.address,
        entity.complement,
        entity.postcode,
        entity.town,
        entity.department,
        entity.caisse,
        entity.head,
        entity.phone,
        entity.contact_email,
        parent.legacy_id if parent else "",
        entity.attachment,
        out.date(entity.created),
    )
