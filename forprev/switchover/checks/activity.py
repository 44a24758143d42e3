"""Checks of the activity: sessions not closed, pending applications, and the rows of the other
files (habilitations, trainer certificates, enrolments, certificates) whose only problems are the
reader's.

The seed: "Seules les données stabilisées seront reprises". A session still open is not
stabilised: past, it must be closed before the switch; past the closing deadline (three months
after its last day, ``FORPREV_CLOSING_DEADLINE_MONTHS``), closing it takes a regularisation from
the caisse; ongoing or planned, it is only a warning. Applications still in progress are not
migrated: the entity transmits them again once Forprev 2 is open.
"""

from django.utils.translation import gettext as _

from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.spec import (
    ACCREDITATIONS,
    APPLICATIONS,
    CERTIFICATES,
    ENROLMENTS,
    ENTITIES,
    PERSONS,
    SESSIONS,
    TRAINER_CERTIFICATES,
)
from forprev.training.closing import closing_deadline

from .analysis import Analysis, Pending
from .catalogue import (
    WHERE_APPLICATION,
    WHERE_CAISSE,
    WHERE_FILE,
    WHERE_SESSION_CLOSE,
    WHERE_SESSION_LATE,
)
from .entities import attribute, contact
from .trainers import trainer_entities

PENDING_APPLICATIONS = {
    "BROUILLON": "brouillon",
    "TRANSMISE": "transmise",
    "EN_INSTRUCTION": "en instruction",
    "AVIS_RENDU": "avis rendu",
}
APPLICATION_KINDS = {
    "INITIALE": "initiale",
    "RENOUVELLEMENT": "de renouvellement",
    "SUPPLEMENTAIRE": "supplémentaire",
}


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


def _entity_of_row(analysis: Analysis, record, file: str, subject: str) -> str:
    """The row's ``id_entite`` when it names a known entity; an unknown one is reported."""
    entity_id = record.values["id_entite"]
    if entity_id and not analysis.known_entity(entity_id):
        analysis.unknown_reference(
            file, record.line, subject, "id_entite", entity_id, ENTITIES.name
        )
        return ""
    return entity_id or ""


def _file_problems(analysis: Analysis, record, subject: str, entity_ids) -> None:
    for pending in analysis.problem_findings(record, subject):
        attribute(analysis, pending, entity_ids)


def read_accreditations(analysis: Analysis) -> None:
    file = ACCREDITATIONS.name
    for record in analysis.stream(analysis.open(ACCREDITATIONS)):
        if record.values is None:
            analysis.broken_row(record)
            continue
        values = record.values
        subject = _("Habilitation n° %(id)s") % {"id": values["id_habilitation"] or "?"}
        entity = _entity_of_row(analysis, record, file, subject)
        _file_problems(analysis, record, subject, [entity] if entity else [])
        if values["statut"] == "ACTIVE" and values["date_decision"] is None:
            root = analysis.root_of(entity)
            attribute(
                analysis,
                Pending(
                    CheckCode.ACCREDITATION_UNDECIDED,
                    False,
                    file,
                    record.line,
                    _("Habilitation %(code)s niveau %(level)s (n° %(id)s)")
                    % {
                        "code": values["dispositif"] or "?",
                        "level": values["niveau"] if values["niveau"] is not None else "?",
                        "id": values["id_habilitation"] or "?",
                    },
                    _(
                        "Active du %(start)s au %(end)s, sans date de décision : elle est reprise "
                        "à la bascule ; la caisse renseigne la date de la décision."
                    )
                    % {"start": _day(values["date_debut"]), "end": _day(values["date_echeance"])},
                    WHERE_CAISSE % {"contact": contact(analysis, analysis.entities[root].caisse_id)}
                    if root in analysis.entities
                    else str(WHERE_FILE),
                ),
                [entity] if entity else [],
            )


def read_applications(analysis: Analysis) -> None:
    file = APPLICATIONS.name
    fix = str(WHERE_APPLICATION)
    for record in analysis.stream(analysis.open(APPLICATIONS)):
        values = record.values
        if values is None:
            analysis.broken_row(record)
            continue
        kind = APPLICATION_KINDS.get(values["type"], "")
        subject = _("Demande %(kind)s %(programmes)s (n° %(id)s)") % {
            "kind": kind,
            "programmes": values["dispositifs"] or "",
            "id": values["id_demande"] or "?",
        }
        subject = " ".join(subject.split())
        entity = _entity_of_row(analysis, record, file, subject)
        _file_problems(analysis, record, subject, [entity] if entity else [])
        status = PENDING_APPLICATIONS.get(values["statut"])
        if status:
            message = _("État dans Forprev 1 : %(status)s") % {"status": status}
            if values["date_depot"]:
                message += _(", transmise le %(day)s") % {"day": _day(values["date_depot"])}
            message += _(" ; elle n'est pas reprise.")
            attribute(
                analysis,
                Pending(
                    CheckCode.APPLICATION_PENDING, False, file, record.line, subject, message, fix
                ),
                [entity] if entity else [],
            )


def read_sessions(analysis: Analysis) -> None:
    file = SESSIONS.name
    fix_close = str(WHERE_SESSION_CLOSE)
    today = analysis.export_date
    sessions = analysis.sessions
    known = analysis.entities if analysis.usable(ENTITIES.name) else None
    subject_text = _("Session %(programme)s niveau %(level)s du %(start)s au %(end)s (n° %(id)s)")
    for record in analysis.stream(analysis.open(SESSIONS)):
        values = record.values
        session_id = values and values["id_session"]
        if not session_id:
            analysis.broken_row(record)
            continue
        ends_on, entity = values["date_fin"], values["id_entite"] or ""
        still_open = values["statut"] == "OUVERTE"
        if not (still_open or record.problems or (known is not None and entity not in known)):
            # The common case, a closed session of a known entity: nothing to say.
            sessions[int(session_id)] = (entity, ends_on.toordinal() if ends_on else 0)
            continue
        subject = subject_text % {
            "programme": values["dispositif"] or "?",
            "level": values["niveau"] or "?",
            "start": _day(values["date_debut"]),
            "end": _day(ends_on),
            "id": session_id,
        }
        entity = _entity_of_row(analysis, record, file, subject)
        sessions[int(session_id)] = (entity, ends_on.toordinal() if ends_on else 0)
        entities = [entity] if entity else []
        _file_problems(analysis, record, subject, entities)
        if not still_open:
            continue
        if ends_on and closing_deadline(ends_on) < today:
            caisse = analysis.entities[entity].caisse_id if entity in analysis.entities else None
            pending = Pending(
                CheckCode.SESSION_CLOSING_LATE,
                True,
                file,
                record.line,
                subject,
                _(
                    "Non clôturée ; dernier jour le %(end)s, délai de clôture dépassé le %(deadline)s."
                )
                % {"end": _day(ends_on), "deadline": _day(closing_deadline(ends_on))},
                WHERE_SESSION_LATE % {"contact": contact(analysis, caisse)},
            )
        elif ends_on and ends_on < today:
            pending = Pending(
                CheckCode.SESSION_NOT_CLOSED,
                True,
                file,
                record.line,
                subject,
                _("Non clôturée ; à clôturer avant le %(deadline)s (délai de clôture).")
                % {"deadline": _day(closing_deadline(ends_on))},
                fix_close,
            )
        else:
            pending = Pending(
                CheckCode.SESSION_NOT_CLOSED,
                False,
                file,
                record.line,
                subject,
                _("En cours ou à venir : à clôturer dès son dernier jour passé."),
                fix_close,
            )
        attribute(analysis, pending, entities)


def _session_entity(analysis: Analysis, record, file, subject) -> str | None:
    """The entity of the row's session ("" unknown); ``None`` when the session is unknown."""
    raw = record.values["id_session"]
    if not raw:
        return ""
    session = analysis.sessions.get(int(raw))
    if session is None:
        if analysis.usable(SESSIONS.name):
            analysis.unknown_reference(file, record.line, subject, "id_session", raw, SESSIONS.name)
        return None
    return session[0]


def read_enrolments(analysis: Analysis) -> None:
    """A million rows: for the trainees with findings, the latest session they attended."""
    file = ENROLMENTS.name
    sessions = analysis.sessions
    latest = analysis.person_latest
    sessions_known = analysis.usable(SESSIONS.name)
    persons = analysis.person_ids if analysis.usable(PERSONS.name) else None
    for record in analysis.stream(analysis.open(ENROLMENTS)):
        values = record.values
        if values is None:
            analysis.broken_row(record)
            continue
        raw_session, raw_person = values["id_session"], values["id_individu"]
        if record.problems:
            subject = _("Inscription n° %(id)s") % {"id": values["id_inscription"] or "?"}
            entity = _session_entity(analysis, record, file, subject)
            _file_problems(analysis, record, subject, [entity] if entity else [])
            if entity is None:
                continue
        if not raw_session:
            continue
        session_id = int(raw_session)
        session = sessions.get(session_id)
        if session is None:
            if sessions_known and not record.problems:
                subject = _("Inscription n° %(id)s") % {"id": values["id_inscription"] or "?"}
                analysis.unknown_reference(
                    file, record.line, subject, "id_session", raw_session, SESSIONS.name
                )
            continue
        if raw_person:
            person_id = int(raw_person)
            if persons is not None and person_id not in persons:
                analysis.unknown_reference(
                    file,
                    record.line,
                    _("Inscription n° %(id)s") % {"id": values["id_inscription"] or "?"},
                    "id_individu",
                    raw_person,
                    PERSONS.name,
                    entity=session[0],
                )
            elif person_id in latest:
                key = (session[1], session_id)
                seen = latest[person_id]
                if seen is None or seen < key:
                    latest[person_id] = key


def read_trainer_certificates(analysis: Analysis) -> None:
    file = TRAINER_CERTIFICATES.name
    trainers_known = analysis.usable("formateurs.csv")
    for record in analysis.stream(analysis.open(TRAINER_CERTIFICATES)):
        values = record.values
        if values is None:
            analysis.broken_row(record)
            continue
        trainer_id = values["id_formateur"]
        unknown = bool(trainer_id) and trainer_id not in analysis.trainers and trainers_known
        if not (unknown or record.problems):
            continue
        subject = _("Certificat de formateur n° %(id)s") % {
            "id": values["id_certificat_formateur"] or "?"
        }
        if unknown:
            analysis.unknown_reference(
                file, record.line, subject, "id_formateur", trainer_id, "formateurs.csv"
            )
        else:
            entities = trainer_entities(analysis, trainer_id) if trainer_id else set()
            _file_problems(analysis, record, subject, entities)


def read_certificates(analysis: Analysis) -> None:
    file = CERTIFICATES.name
    for record in analysis.stream(analysis.open(CERTIFICATES)):
        values = record.values
        if values is None:
            analysis.broken_row(record)
            continue
        if (
            not record.problems
            and values["id_session"]
            and int(values["id_session"]) in analysis.sessions
        ):
            continue
        subject = _("Certificat %(number)s") % {"number": values["numero"] or "?"}
        entity = _session_entity(analysis, record, file, subject)
        if entity is None:
            continue
        _file_problems(analysis, record, subject, [entity] if entity else [])
