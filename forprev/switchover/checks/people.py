"""Checks of the people: accounts (``utilisateurs.csv``, tied to entities by ``profils.csv`` and
trainers' teams) and trainees (``individus.csv``, tied to the entity of their latest enrolment).

The seed: "vérifier vos nom & prénom, adresse mail … il est IMPORTANT que l'adresse saisie soit
unique … une adresse professionnelle dont vous êtes le seul destinataire", then "Valider ces
informations". An account's problem blocks (it receives the password resets); a trainee's is a
warning (their certificates are e-mailed, but they have no account).
"""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.spec import PERSONS, PROFILES_FILE, USERS

from .analysis import Analysis, Pending
from .catalogue import WHERE_MY_INFO, WHERE_PERSON
from .entities import attribute

# Most addresses: a dot-atom local part and a plain domain. The rest goes through Django's
# validator (quoted local parts, international domains…).
_EMAIL = re.compile(
    r"^[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)
_LETTER = re.compile(r"[^\W\d_]")


def email_problem(raw: str | None) -> str | None:
    """Why an address is unusable (French), or ``None``."""
    if not raw:
        return _("Adresse électronique absente.")
    value = raw.lower()
    if _EMAIL.match(value):
        return None
    try:
        validate_email(value)
    except ValidationError:
        return _("Adresse électronique « %(email)s » invalide.") % {"email": raw[:100]}
    return None


def has_name(value: str | None) -> bool:
    return bool(value) and _LETTER.search(value) is not None


def missing_names(last: str | None, first: str | None) -> str | None:
    if has_name(last) and has_name(first):
        return None
    missing = [
        label for label, value in ((_("nom"), last), (_("prénom"), first)) if not has_name(value)
    ]
    return _("Absent : %(what)s.") % {"what": _(" et ").join(missing)}


def person_name(last: str | None, first: str | None) -> str:
    return " ".join(part for part in ((last or "").upper(), first or "") if part) or _("sans nom")


def account_subject(last, first, identifier) -> str:
    name = person_name(last, first)
    return f"{name} ({identifier})" if identifier else name


# -- accounts --------------------------------------------------------------------------------


def read_users(analysis: Analysis) -> None:
    legacy_file = analysis.open(USERS)
    fix = str(WHERE_MY_INFO)
    file = USERS.name
    for record in analysis.stream(legacy_file):
        values = record.values
        user_id = values and values["id_utilisateur"]
        if not user_id:
            analysis.broken_row(record)
            continue
        identifier = values["identifiant"] or ""
        subject = account_subject(values["nom"], values["prenom"], identifier)
        analysis.users[user_id] = (identifier, subject, record.line)
        analysis.user_email[user_id] = (values["email"] or "").lower()
        found = list(analysis.problem_findings(record, subject))
        if values["actif"] is not False:  # a closed account logs in no more: nothing to fix
            line = record.line
            problem = email_problem(values["email"])
            if problem:
                found.append(
                    Pending(CheckCode.EMAIL_INVALID, True, file, line, subject, problem, fix)
                )
            else:
                email = values["email"].lower()
                analysis.user_emails[email].append(user_id)
            names = missing_names(values["nom"], values["prenom"])
            if names:
                found.append(Pending(CheckCode.NAME_MISSING, True, file, line, subject, names, fix))
            if values["date_validation_infos"] is None:
                found.append(
                    Pending(
                        CheckCode.INFO_NOT_VALIDATED,
                        False,
                        file,
                        line,
                        subject,
                        _("« Mes informations » jamais validées."),
                        fix,
                    )
                )
        if found:
            analysis.pending_users[user_id].extend(found)


def read_profiles(analysis: Analysis) -> None:
    legacy_file = analysis.open(PROFILES_FILE)
    file = PROFILES_FILE.name
    for record in analysis.stream(legacy_file):
        values = record.values
        if values is None:
            analysis.broken_row(record)
            continue
        user_id, entity_id = values["id_utilisateur"], values["id_entite"]
        known_user = analysis.users.get(user_id)
        subject = (
            known_user[1] if known_user else _("utilisateur n° %(id)s") % {"id": user_id or "?"}
        )
        problems = list(analysis.problem_findings(record, subject))
        entity_ok = bool(entity_id) and analysis.known_entity(entity_id)
        if entity_id and not entity_ok:
            analysis.unknown_reference(
                file, record.line, subject, "id_entite", entity_id, "entites.csv"
            )
        user_ok = bool(user_id) and (known_user is not None or not analysis.usable(USERS.name))
        if user_id and not user_ok:
            analysis.unknown_reference(
                file, record.line, subject, "id_utilisateur", user_id, USERS.name
            )
        for pending in problems:
            attribute(analysis, pending, [entity_id] if entity_ok else [])
        if user_ok and entity_ok and values["profil"]:
            analysis.user_entities[user_id].append(entity_id)
            analysis.entity_users[entity_id] += 1


def finish_users(analysis: Analysis) -> None:
    """Once the trainers are read (their teams tie accounts to entities, their duplicate groups
    share one address legitimately): shared addresses, then every account's findings filed."""
    fix = str(WHERE_MY_INFO)
    group_of = analysis.duplicate_group_of_user
    for email, user_ids in analysis.user_emails.items():
        if len(user_ids) < 2:
            continue
        people = {group_of.get(user_id, user_id) for user_id in user_ids}
        if len(people) < 2:
            continue  # accounts of one trainer, merged at the switch
        for user_id in user_ids:
            identifier, subject, line = analysis.users[user_id]
            analysis.pending_users[user_id].append(
                Pending(
                    CheckCode.EMAIL_SHARED,
                    True,
                    USERS.name,
                    line,
                    subject,
                    _("L'adresse « %(email)s » est aussi celle de %(n)s autre(s) compte(s).")
                    % {"email": email, "n": len(user_ids) - 1},
                    fix,
                )
            )
    analysis.user_emails.clear()
    for user_id, found in analysis.pending_users.items():
        entities = analysis.user_entities.get(user_id, ())
        for pending in found:
            attribute(analysis, pending, entities)
    analysis.pending_users.clear()


# -- trainees --------------------------------------------------------------------------------


def person_subject(last, first, birth_date, number) -> str:
    name = person_name(last, first)
    born = birth_date.strftime("%d/%m/%Y") if birth_date else "?"
    text = _("%(name)s, né(e) le %(born)s") % {"name": name, "born": born}
    return f"{text} ({number})" if number else text


def read_persons(analysis: Analysis) -> None:
    """A million rows: only the trainees with something to fix are kept, and one small entry per
    e-mail address (to find the addresses shared between trainees)."""
    legacy_file = analysis.open(PERSONS)
    fix = str(WHERE_PERSON)
    file = PERSONS.name
    pending = analysis.pending_persons
    person_ids = analysis.person_ids
    first_holder: dict[str, tuple] = {}  # address → (id, line, last, first, birth, numéro)
    sharers: dict[str, list[tuple]] = defaultdict(list)
    for record in analysis.stream(legacy_file):
        values = record.values
        raw_id = values and values["id_individu"]
        if not raw_id:
            analysis.broken_row(record)
            continue
        person_id = int(raw_id)
        person_ids.add(person_id)
        last, first, email = values["nom"], values["prenom"], values["email"]
        names_ok = has_name(last) and has_name(first)
        if record.problems or not names_ok:
            subject = person_subject(
                last, first, values["date_naissance"], values["numero_forprev"]
            )
            found = pending[person_id]
            found.extend(analysis.problem_findings(record, subject))
            if not names_ok:
                found.append(
                    Pending(
                        CheckCode.NAME_MISSING,
                        False,
                        file,
                        record.line,
                        subject,
                        missing_names(last, first)
                        + " "
                        + _(
                            "Le stagiaire et ses certificats sont repris à la bascule avec ce "
                            "champ vide, à compléter ; ses certificats restent vérifiables."
                        ),
                        fix,
                    )
                )
        if not email:
            continue
        address = email.lower()
        if not _EMAIL.match(address):
            problem = email_problem(email)
            if problem:
                subject = person_subject(
                    last, first, values["date_naissance"], values["numero_forprev"]
                )
                pending[person_id].append(
                    Pending(
                        CheckCode.EMAIL_INVALID, False, file, record.line, subject, problem, fix
                    )
                )
                continue
        holder = (
            person_id,
            record.line,
            last,
            first,
            values["date_naissance"],
            values["numero_forprev"],
        )
        first_seen = first_holder.setdefault(address, holder)
        if first_seen is not holder:
            if not sharers[address]:
                sharers[address].append(first_seen)
            sharers[address].append(holder)
    first_holder.clear()
    for address, holders in sharers.items():
        message = _("L'adresse « %(email)s » est partagée par %(n)s stagiaires.") % {
            "email": address,
            "n": len(holders),
        }
        for person_id, line, last, first, birth_date, number in holders:
            subject = person_subject(last, first, birth_date, number)
            pending[person_id].append(
                Pending(CheckCode.EMAIL_SHARED, False, file, line, subject, message, fix)
            )
    analysis.person_latest = dict.fromkeys(pending)


def finish_persons(analysis: Analysis) -> None:
    """Once the enrolments are read: each trainee's findings filed under the entity of their
    latest session (none: the export's)."""
    for person_id, found in analysis.pending_persons.items():
        latest = analysis.person_latest.get(person_id)
        entity = analysis.sessions[latest[1]][0] if latest else ""
        for pending in found:
            attribute(analysis, pending, [entity] if entity else [])
    analysis.pending_persons.clear()
    analysis.person_latest.clear()
