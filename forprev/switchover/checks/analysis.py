"""What one conformity check keeps in memory while it streams the export.

Only compact structures: the entities (a few thousand small tuples), the sessions (id → entity,
last day), the accounts and trainers (id → a few strings), and the findings themselves. The
million trainees and enrolments are streamed: a trainee is remembered only when something is
wrong with them (to find their entity through their latest enrolment), plus one entry per
e-mail address to find the shared ones.

A finding is a tuple ``Finding`` whose ``entity`` is the Forprev 1 entity the row names
directly (an antenna, a session's entity…); the service moves it to the habilitated entity at
the end, once every parent is known. Findings about an account or a trainee wait in
``pending_users``/``pending_persons`` until the files that tie them to entities are read.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.reader import ERROR, LegacyFile, Problem, Record, read_file
from forprev.switchover.legacy.spec import FileSpec

from .catalogue import WHERE_FILE

Progress = Callable[[str], None] | None
REPORT_EVERY = 200_000  # rows between two progress lines of one file


class Finding(NamedTuple):
    entity: str  # Forprev 1 id of the entity the row names ("" when none)
    code: str
    blocking: bool
    file: str
    line: int | None
    subject: str
    message: str
    fix: str


class Pending(NamedTuple):
    """A finding waiting for its entities (an account's, a trainee's)."""

    code: str
    blocking: bool
    file: str
    line: int | None
    subject: str
    message: str
    fix: str

    def to(self, entity: str) -> Finding:
        return Finding(entity, *self)


class EntityRow(NamedTuple):
    line: int
    kind: str | None  # ENT, OF
    name: str
    siret: str  # digits only
    nda: str
    caisse_id: int | None
    parent: str | None
    attachment: str | None  # ASSOCIEE, ANTENNE


class Analysis:
    def __init__(self, directory: Path, *, progress: Progress = None):
        self.directory = Path(directory)
        self.progress = progress
        self.export_date: date | None = None
        self.findings: list[Finding] = []
        self.files: dict[str, LegacyFile] = {}
        self.stats: dict[str, dict] = {}
        # entities.csv
        self.entities: dict[str, EntityRow] = {}
        self.roots: dict[str, str] = {}  # entity id → the habilitated entity it belongs to
        # associated entity or antenna with its own SIRET/NDA (an entity of its own at the
        # switch) → the habilitated entity it depended on in Forprev 1, and its own number
        self.own_identifier: dict[str, tuple[str, str]] = {}
        self.tronc_commun: dict[str, list[tuple[str, str]]] = {}  # entity id → (column, gap)
        # the referential (Forprev 2): caisse by code, by département; contact of each
        self.caisse_by_code: dict[str, int] = {}
        self.caisse_by_department: dict[str, int] = {}
        self.caisse_contacts: dict[int, str] = {}
        # utilisateurs.csv, profils.csv, formateurs.csv
        self.users: dict[str, tuple[str, str, int]] = {}  # id → (identifiant, subject, line)
        self.user_emails: dict[str, list[str]] = defaultdict(list)  # address → active accounts
        self.user_email: dict[str, str] = {}  # account → its address, lower-cased
        self.user_entities: dict[str, list[str]] = defaultdict(list)  # profiles and teams
        self.entity_users: dict[str, int] = defaultdict(int)  # profiles per entity
        self.pending_users: dict[str, list[Pending]] = defaultdict(list)
        self.trainers: dict[str, tuple[str, tuple[str, ...]]] = {}  # id → (user id, entities)
        self.duplicate_group_of_user: dict[str, str] = {}  # account → its trainer's group
        # individus.csv, sessions.csv, inscriptions.csv
        self.pending_persons: dict[int, list[Pending]] = defaultdict(list)
        self.person_latest: dict[int, tuple[int, int] | None] = {}  # person → (last day, session)
        self.sessions: dict[int, tuple[str, int]] = {}  # session → (entity, last day ordinal)
        self.person_ids: set[int] = set()  # every trainee read (enrolments must name one)

    # -- progress ------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    # -- files ---------------------------------------------------------------------------------

    def open(self, spec: FileSpec) -> LegacyFile:
        legacy_file = read_file(self.directory, spec)
        self.files[spec.name] = legacy_file
        return legacy_file

    def usable(self, file_name: str) -> bool:
        """Whether ``file_name`` was read: a reference into an unread file is not a problem of
        the row (the missing file is reported once)."""
        legacy_file = self.files.get(file_name)
        return legacy_file is not None and legacy_file.usable

    def stream(self, legacy_file: LegacyFile) -> Iterator[Record]:
        """The file's records, timed, with a progress line now and then."""
        name = legacy_file.spec.name
        started = time.perf_counter()
        self.say(_("%(file)s : lecture…") % {"file": name})
        for count, record in enumerate(legacy_file.records(), start=1):
            if count % REPORT_EVERY == 0:
                elapsed = time.perf_counter() - started
                self.say(
                    _("%(file)s : %(n)s lignes (%(rate)s lignes/s)")
                    % {"file": name, "n": f"{count:_}", "rate": f"{count / elapsed:_.0f}"}
                )
            yield record
        seconds = time.perf_counter() - started
        self.stats[name] = {
            "rows": legacy_file.rows_read,
            "seconds": round(seconds, 2),
            "rows_per_second": round(legacy_file.rows_read / seconds) if seconds else 0,
        }
        self.say(
            _("%(file)s : %(n)s lignes en %(s).1f s")
            % {"file": name, "n": f"{legacy_file.rows_read:_}", "s": seconds}
        )
        self.file_findings(legacy_file)

    # -- findings ------------------------------------------------------------------------------

    def add(self, entity, code, blocking, file, line, subject, message, fix) -> None:
        self.findings.append(
            Finding(entity or "", code, blocking, file, line, subject, message, fix)
        )

    def problem_findings(
        self, record: Record, subject: str, skip_columns=frozenset()
    ) -> Iterator[Pending]:
        """The reader's problems of one row, as file-problem findings (waiting for an entity).
        A lost row or required value blocks; a dropped optional value is a warning."""
        for problem in record.problems:
            if problem.column in skip_columns:
                continue
            yield self._pending_problem(problem, subject)

    def _pending_problem(self, problem: Problem, subject: str) -> Pending:
        lost_row = problem.code in ("required", "broken")
        if problem.code == "required":
            message = _("Ligne non reprise : %(reason)s") % {"reason": problem.message}
        elif problem.code == "broken":
            message = problem.message
        else:
            message = _("Valeur ignorée : %(reason)s") % {"reason": problem.message}
        return Pending(
            CheckCode.FILE_PROBLEM,
            lost_row and problem.severity == ERROR,
            problem.file,
            problem.line,
            subject,
            message,
            str(WHERE_FILE),
        )

    def broken_row(self, record: Record) -> None:
        """A row that could not be read as a whole: no entity can be told, the finding is the
        export's."""
        for problem in record.problems:
            subject = _("%(file)s, ligne %(line)s") % {"file": problem.file, "line": record.line}
            self.findings.append(self._pending_problem(problem, subject).to(""))

    def unknown_reference(self, file, line, subject, column, value, target, entity="") -> None:
        self.add(
            entity,
            CheckCode.FILE_PROBLEM,
            True,
            file,
            line,
            subject,
            _("Ligne non reprise : %(column)s « %(value)s » absent de %(target)s.")
            % {"column": column, "value": value, "target": target},
            str(WHERE_FILE),
        )

    def file_findings(self, legacy_file: LegacyFile) -> None:
        """What the reader says of the file as a whole (missing, separator, columns, encoding)."""
        name = legacy_file.spec.name
        for problem in legacy_file.problems:
            self.add(
                "",
                CheckCode.FILE_PROBLEM,
                problem.severity == ERROR,
                name,
                problem.line,
                name,
                problem.message,
                str(WHERE_FILE),
            )
        reported = any(p.code in ("mixed_encoding", "encoding") for p in legacy_file.problems)
        if "Windows-1252" in legacy_file.encodings and not reported:
            self.add(
                "",
                CheckCode.FILE_PROBLEM,
                False,
                name,
                None,
                name,
                _(
                    "Fichier en Windows-1252 (et non en UTF-8) : lu comme tel, accents "
                    "compris ; rien à corriger si les accents s'affichent bien."
                ),
                str(WHERE_FILE),
            )

    # -- entities ------------------------------------------------------------------------------

    def root_of(self, entity_id: str | None) -> str:
        """The habilitated entity an entity id belongs to ("" when unknown)."""
        if not entity_id:
            return ""
        return self.roots.get(entity_id, "")

    def known_entity(self, entity_id: str) -> bool:
        return entity_id in self.entities or not self.usable("entites.csv")
