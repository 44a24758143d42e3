"""Phase « certificats » (``certificats.csv``): the trainees' certificates of migrated sessions.

They keep their Forprev 1 number and verification code, so the printed numbers and the QR codes
stay verifiable at ``/verifier/`` (the number is stored upper-cased and without spaces, as the
verification form reads what people type). The dispositif level, the kind (initial or MAC), the
issuing entity and the trainers' names come from the session; the dates and the revocation from
the file (Forprev 1 gives no revocation date: the export's date stands for it).

Like enrolments, a certificate follows its session (deferred or rejected with it) and needs its
person. Rejected: a second certificate for the same person and session, a number or code
already given (earlier in the file or in Forprev 2), a code that cannot sit in an address, an
end of validity not after the date of issue.
"""

import re

from django.utils.translation import gettext as _

from forprev.certificates.models import Certificate

from ..legacy.reader import ERROR
from ..legacy.spec import CERTIFICATES
from .accounts import moment
from .context import LOOKUP_SIZE, Keys
from .enrolments import pair_key, session_and_person

FILE = CERTIFICATES.name
FIELDS = (
    "public_id", "number", "verification_code", "person_id", "programme_level_id", "kind",
    "issued_on", "valid_until", "session_id", "entity_id", "trainer_names", "revoked_at",
    "revoked_reason",
)  # fmt: skip
# What a URL path segment carries as is (RFC 3986 unreserved characters, and + =).
CODE_RE = re.compile(r"^[A-Za-z0-9._~+=-]+$")


def migrate_certificates(ctx) -> None:
    entity_of = ctx.state["session_entity"]
    keys = Keys(FILE)
    revoked_at = moment(ctx.export_date)
    pairs: set[int] = set()
    numbers: dict[str, str] = {}
    codes: dict[str, str] = {}
    seen: dict[str, int] = {}
    pending: list = []
    legacy = ctx.open(CERTIFICATES)
    for record in legacy.records():
        values = record.values or {}
        certificate_id = values.get("id_certificat") or ""
        session_id = values.get("id_session") or ""
        entity = entity_of.get(session_id)
        if not ctx.usable(FILE, record, certificate_id, seen, entity=entity):
            continue
        found = session_and_person(ctx, FILE, record, certificate_id, entity)
        if found is None:
            continue
        session, person = found
        problem = _problem(values, numbers, codes)
        if problem:
            ctx.outcome(FILE, record.line, certificate_id, *problem, entity=entity)
            continue
        key = pair_key(session[0], person)
        if key in pairs:
            ctx.outcome(
                FILE, record.line, certificate_id, "certificate_duplicate",
                _("Le stagiaire a déjà un certificat pour la session %(session)s.") % {"session": session_id},
                entity=entity,
            )  # fmt: skip
            continue
        pairs.add(key)
        number = _number(values["numero"])
        numbers[number] = certificate_id
        codes[values["code_verification"]] = certificate_id
        corrections = [
            ("value_dropped", problem.message)
            for problem in record.problems
            if problem.severity == ERROR and problem.code == "value"
        ]
        if number != values["numero"]:
            corrections.append(
                ("number_normalised",
                 _("Numéro « %(old)s » enregistré « %(new)s ».") % {"old": values["numero"], "new": number})
            )  # fmt: skip
        session_pk, level, kind, entity_pk, names = session
        revoked = bool(values["revoque"])
        row = (
            keys(certificate_id), number, values["code_verification"], person, level, kind,
            values["date_delivrance"], values["date_fin_validite"], session_pk, entity_pk, names,
            revoked_at if revoked else None,
            (values["motif_revocation"] or _("Certificat révoqué dans Forprev 1.")) if revoked else "",
        )  # fmt: skip
        pending.append((row, record.line, certificate_id, entity, corrections))
        if len(pending) >= ctx.chunk_size:
            _write(ctx, pending)
            pending = []
    _write(ctx, pending)
    ctx.close(legacy)


def _number(raw: str) -> str:
    return raw.strip().upper().replace(" ", "")


def _problem(values, numbers, codes) -> tuple[str, str] | None:
    issued_on, valid_until = values["date_delivrance"], values["date_fin_validite"]
    if valid_until is not None and valid_until <= issued_on:
        return "dates_out_of_order", _(
            "Fin de validité (%(end)s) antérieure ou égale à la délivrance (%(start)s)."
        ) % {"end": f"{valid_until:%d/%m/%Y}", "start": f"{issued_on:%d/%m/%Y}"}
    number = _number(values["numero"])
    if number in numbers:
        return "number_taken", _(
            "Numéro « %(number)s » déjà porté par le certificat %(other)s."
        ) % {
            "number": number,
            "other": numbers[number],
        }
    code = values["code_verification"]
    if not CODE_RE.match(code):
        return "code_invalid", _(
            "Code de vérification « %(code)s » : caractères impossibles dans l'adresse du QR code."
        ) % {"code": code}
    if code in codes:
        return "code_taken", _("Code de vérification déjà porté par le certificat %(other)s.") % {
            "other": codes[code]
        }
    return None


def _taken(ctx, field: str, values: list[str]) -> set[str]:
    if not ctx.held_rows(Certificate):
        return set()
    found = set()
    for start in range(0, len(values), LOOKUP_SIZE):
        found.update(
            Certificate.objects.filter(
                **{f"{field}__in": values[start : start + LOOKUP_SIZE]}
            ).values_list(field, flat=True)
        )
    return found


def _write(ctx, rows) -> None:
    if not rows:
        return
    found = ctx.existing(Certificate, [row[0][0] for row in rows])
    new = [item for item in rows if item[0][0] not in found]
    # Numbers and codes a Forprev 2 certificate already carries (an earlier run's rows are found
    # above by their public_id, and the export's own duplicates are refused before).
    numbers = _taken(ctx, "number", [row[1] for row, *_rest in new])
    codes = _taken(ctx, "verification_code", [row[2] for row, *_rest in new])
    write = []
    for row, line, certificate_id, entity, corrections in rows:
        if row[0] in found:
            pass
        elif row[1] in numbers:
            ctx.outcome(
                FILE, line, certificate_id, "number_taken",
                _("Numéro « %(number)s » déjà porté par un certificat de Forprev 2.") % {"number": row[1]},
                entity=entity,
            )  # fmt: skip
            continue
        elif row[2] in codes:
            ctx.outcome(
                FILE, line, certificate_id, "code_taken",
                _("Code de vérification déjà porté par un certificat de Forprev 2."), entity=entity,
            )  # fmt: skip
            continue
        else:
            write.append(row)
        for code, message in corrections:
            ctx.correction(FILE, line, certificate_id, code, message, entity=entity)
        ctx.migrated(FILE, entity=entity, already=row[0] in found)
    with ctx.atomic():
        ctx.insert(Certificate, FIELDS, write)
    ctx.chunk_written(FILE, ctx.files[FILE].migrated)
