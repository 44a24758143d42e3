"""A synthetic Forprev 1 export (``manage.py forprev1_generate``), shaped like the real one the
switch-over reads (``spec``, ``docs/forprev1-export.md``), with the defects the seed names.

Scale 1 is about a national year: 9,000 entities (two thirds companies, a third training
organisations, in the départements in proportion to their population; 10 % formerly habilitated,
1.5 % only applying), 60,000 trainers with an account each (most in one entity's team, some in two
or three, 8 % in none) and about 1.5 certificates each, 25,000 other accounts (a CEH per entity,
CEA and assistants), 1,000,000 individus, 150,000 sessions over the year before the export (and
two weeks after), about 1,000,000 enrolments and 850,000 certificates (the passed trainees of
closed sessions), 1.3 habilitations and 1.5 applications per entity. Everything scales linearly.

One seed gives byte-identical files: every step draws from its own ``random.Random`` derived from
the seed and the step's name (never from the global generator, never in the order of a set of
strings). Rows are written as they are made, through the csv module, from plain tuples; only
entities, accounts, trainers and sessions are held in memory (scale 1: 45 s, 350 MB).

Defects (none with ``--clean``). A rate is of the population named; ``at least`` keeps cases at
small scales (0.01 has every kind); the summary prints how many rows each defect touched.

============================== =============================================== ===========
defect                         rate                                            at least
============================== =============================================== ===========
shared address (accounts)      1.5 % of accounts, 2 to 4 accounts of one       3 accounts
                               entity with its secretariat's, contact's or one
                               colleague's address (trainer rows follow)
shared address (individus)     2 % of individus, 2 to 30 trainees of one       3 individus
                               company with its « rh@… » address
invalid address                0.6 % of accounts, 0.15 % of individus          2 / 3
                               (« jean.dupont@ », « n/a », a space, no domain)
missing address (accounts)     2 % of accounts                                 2
missing name                   0.3 % of accounts, 0.2 % of individus (nom or   2 / 2
                               prénom empty)
duplicate trainer account      3 % of trainers: a second account and trainer   3
                               row, names retyped (typo, accents, hyphens,
                               married name) or the same, another address 40 %
                               of the time, another birth date 15 %
duplicate individu             2 % of individus (typed again; not a check:     3
                               actors' duplicates are left alone)
associated entity / antenna    2.5 % of habilitated entities have 1 to 3;      2 parents
                               two thirds with their own SIRET or NDA
SIRET change                   1 % of habilitated entities: a second row with  2
                               the same NDA (training organisation) or a
                               successor establishment (company)
incomplete tronc commun        1.5 % of entities (adresse, commune or          3
                               code postal empty: the reader rejects the row)
SIRET with a wrong key         0.2 % of entities                               1
open session > 3 months        2.5 % of the sessions ended over 3 months ago   3
certificate of an open session 0.04 % of sessions: certificates issued,        2 sessions
                               session left open
pending application            5 % of habilitated entities (renewal or         4, one per
                               additional dispositif) and every applicant      status
échéance Jan–Mar / Apr–May     as drawn (about 5 % and 3 % of habilitations)   2 / 2
active habilitation without     0.2 % of active habilitations (date_decision    2
a decision date                empty)
enrolment of an unknown        0.02 % of enrolments (the individu's id is a    3
individu                       gap: a deleted row)
broken line                    0.002 % of individus and enrolments, one        1 each
                               certificate in 50,000 (stray ``;``, unbalanced
                               quote)
impossible date                0.01 % of individus' birth dates (row           2 / 1
                               rejected), 0.02 % of trainers' (value dropped)
encodings                      each file UTF-8 (55 %), UTF-8 with BOM (15 %)   one file
                               or Windows-1252 (30 %); in one or two UTF-8     each
                               files, 0.01 % of the lines in Windows-1252
date formats                   2 % of dates ``AAAA-MM-JJ``, 1 % ``JJ-MM-AAAA``
                               (trainers' birth dates always ``AAAA-MM-JJ``)
============================== =============================================== ===========

Also, as Forprev 1 has them and the reader accepts them: SIRET written with spaces (3 %),
Windows line ends, suspended and withdrawn habilitations, refused applications, cancelled
sessions, revoked certificates (0.05 %).

Not defects but what the conformity checks point out: 45 % of accounts have not validated
« Mes informations »; sessions running or planned at the export are open.

With ``--clean``: none of the above, every file UTF-8 without BOM, every date ``JJ/MM/AAAA``,
every session over two months before the export and closed (or cancelled), every account's
information validated, no pending application (an applicant's is refused), no échéance in the
extension windows, unique addresses: the reader and the conformity checks find nothing.
"""

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .generator_base import Context
from .generator_entities import build_entities, entity_row
from .generator_output import CP1252, UTF8, UTF8_BOM, ExportFile
from .generator_people import Numbers, build_people, place_trainers
from .generator_training import build_sessions, lay_out_persons, write_persons, write_training
from .spec import FILES

DEFAULT_EXPORT_DATE = date(2022, 12, 15)
ORIGIN = "Forprev 1.14.2"
# Files whose rows carry accents (names, towns): where encodings show.
ACCENTED = ("entites.csv", "utilisateurs.csv", "individus.csv", "formateurs.csv", "sessions.csv")


def generate_export(
    directory,
    *,
    scale: float,
    seed: int,
    export_date: date = DEFAULT_EXPORT_DATE,
    clean: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> dict:
    """Write the twelve files into ``directory`` (created if need be; other files left alone).
    Returns a summary: rows and bytes per file, defects, seconds."""
    started = time.perf_counter()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ctx = Context(scale=scale, seed=seed, export=export_date.toordinal(), clean=clean)

    def step(message: str) -> None:
        progress(f"[{time.perf_counter() - started:6.1f} s] {message}")

    numbers = Numbers(ctx.rng("numbers"))
    entities = build_entities(ctx)
    step(f"entités : {len(entities)}")
    people = build_people(ctx, entities, numbers)
    step(f"formateurs : {len(people.trainers)}, comptes : {len(people.users)}")
    sessions = build_sessions(ctx, entities)
    originals = sum(1 for t in people.trainers if t.duplicate_of is None)
    layout = lay_out_persons(ctx, sessions, entities, originals)
    place_trainers(ctx.rng("trainers"), people, layout.trainer_persons, numbers)
    step(f"sessions : {len(sessions)}, inscriptions prévues : {len(layout.plan)}")

    formats = _file_formats(ctx, {"individus.csv": layout.count, "utilisateurs.csv": len(people.users),
                                  "formateurs.csv": len(people.trainers), "entites.csv": len(entities),
                                  "sessions.csv": len(sessions)})  # fmt: skip
    files = {spec.name: ExportFile(directory, spec, **formats[spec.name]) for spec in FILES}
    try:
        files["export.csv"].row((files["export.csv"].date(ctx.export), ORIGIN))
        _write_entities(files, entities)
        _write_people(ctx, files, people, layout)
        step("entités, comptes, profils, formateurs, habilitations et demandes écrits")
        write_persons(
            ctx,
            files["individus.csv"],
            layout,
            people.trainers,
            people.mailboxes,
            entities,
            numbers,
        )
        step(f"individus : {files['individus.csv'].rows}")
        write_training(
            ctx,
            files["sessions.csv"],
            files["inscriptions.csv"],
            files["certificats.csv"],
            sessions,
            layout,
        )
        step(
            f"inscriptions : {files['inscriptions.csv'].rows}, certificats : {files['certificats.csv'].rows}"
        )
    finally:
        for out in files.values():
            out.close()
    for out in files.values():
        ctx.record("ligne_windows_1252", out.cp1252_lines)
    return {
        "directory": str(directory),
        "files": {
            name: {
                "rows": out.rows,
                "bytes": out.path.stat().st_size,
                "encoding": out.encoding,
            }
            for name, out in files.items()
        },
        "defects": dict(sorted(ctx.defects.items())),
        "seconds": time.perf_counter() - started,
    }


def _file_formats(ctx: Context, populations: dict[str, int]) -> dict[str, dict]:
    """Each file's encoding, line ends and date formats, drawn from the seed: at least one file
    in Windows-1252 among those with accents, and one or two UTF-8 ones with a few lines in
    Windows-1252."""
    rng = ctx.rng("formats")
    formats = {}
    for spec in FILES:
        if ctx.clean:
            formats[spec.name] = {"encoding": UTF8}
            continue
        draw = rng.random()
        encoding = CP1252 if draw < 0.3 else UTF8_BOM if draw < 0.45 else UTF8
        formats[spec.name] = {
            "encoding": encoding,
            "newline": "\r\n" if encoding == CP1252 or rng.random() < 0.5 else "\n",
            "rng": ctx.rng(f"dates/{spec.name}"),
            "iso_share": 0.02,
            "dash_share": 0.01,
        }
    if ctx.clean:
        return formats
    if not any(formats[name]["encoding"] == CP1252 for name in ACCENTED):
        formats[rng.choice(ACCENTED)]["encoding"] = CP1252
    utf8 = [name for name in ACCENTED if formats[name]["encoding"] != CP1252]
    if not utf8:
        formats["individus.csv"]["encoding"] = UTF8
        utf8 = ["individus.csv"]
    for name in rng.sample(utf8, min(2, len(utf8))):
        population = populations[name]
        count = ctx.defect_count(0.0001, population, floor=2)
        # Drawn in the first 90 %: a row with an accent always follows.
        formats[name]["cp1252_rows"] = rng.sample(range(max(1, population * 9 // 10)), count)
    return formats


def _write_entities(files: dict[str, ExportFile], entities) -> None:
    out = files["entites.csv"]
    for entity in entities:
        out.row(entity_row(entity, out))
    accreditations = sorted(
        ((a.decided or a.start, a.start, n, entity, a) for entity in entities
         for n, a in enumerate(entity.accreditations)),
        key=lambda item: (item[0], item[1], int(item[3].legacy_id), item[2]),
    )  # fmt: skip
    out = files["habilitations.csv"]
    for number, (_, _, _, entity, a) in enumerate(accreditations, start=4_001):
        out.row(
            (str(number), entity.legacy_id, a.programme, str(a.level), out.date(a.start),
             out.date(a.end), a.status, out.date(a.decided))
        )  # fmt: skip
    applications = sorted(
        ((a.filed or entity.created, int(entity.legacy_id), n, entity, a) for entity in entities
         for n, a in enumerate(entity.applications)),
        key=lambda item: item[:3],
    )  # fmt: skip
    out = files["demandes.csv"]
    for number, (_, _, _, entity, a) in enumerate(applications, start=9_001):
        out.row(
            (str(number), entity.legacy_id, a.kind, ",".join(a.programmes), a.status,
             out.date(a.filed), out.date(a.decided))
        )  # fmt: skip


def _write_people(ctx: Context, files: dict[str, ExportFile], people, layout) -> None:
    out = files["utilisateurs.csv"]
    for user in sorted(people.users, key=lambda u: int(u.legacy_id)):
        out.row(
            (user.legacy_id, user.number, user.last, user.first, user.email,
             "O" if user.active else "N", out.date(user.validated))
        )  # fmt: skip
    out = files["profils.csv"]
    for user, entity, profile, rights in sorted(
        people.profiles, key=lambda p: (int(p[1].legacy_id), int(p[0].legacy_id), p[2])
    ):
        out.row((user.legacy_id, entity.legacy_id, profile, rights))
    out = files["formateurs.csv"]
    trainers = sorted(people.trainers, key=lambda t: int(t.legacy_id))
    for trainer in trainers:
        user = trainer.user
        born = trainer.birth_shown or out.date(trainer.born, iso=not ctx.clean)
        out.row(
            (trainer.legacy_id, user.legacy_id,
             str(layout.ids[trainer.person]) if trainer.person >= 0 else "",
             user.last, user.first, born, user.email,
             ",".join(e.legacy_id for e in trainer.entities))
        )  # fmt: skip
    certificates = sorted(
        ((c[2], int(t.legacy_id), n, t, c) for t in trainers for n, c in enumerate(t.certificates)),
        key=lambda item: item[:3],
    )
    out = files["certificats_formateurs.csv"]
    for number, (_, _, _, trainer, (programme, level, obtained, until)) in enumerate(
        certificates, start=30_001
    ):
        out.row(
            (str(number), trainer.legacy_id, programme, str(level), out.date(obtained),
             out.date(until))
        )  # fmt: skip
