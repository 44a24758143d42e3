"""Checks of ``formateurs.csv``: a trainer's names and address, and duplicate trainer accounts.

The seed: "2 profil formateur = la fusion doit se faire … il doit se connecter sur le compte qu'il
souhaite conserver et suivre la procédure de mise à jour des données personnelles". The
duplicate-detection engine sorts pairs in two: certain ones (merged at the switch, the account
kept is said) and probable ones (a person confirms). A trainer's findings go to every entity whose
team they belong to, and to those where their account has a profile.
"""

from django.utils.translation import gettext as _

from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.spec import TRAINERS, USERS
from forprev.switchover.trainer_duplicates import TrainerRecord, trainer_duplicates

from .analysis import Analysis, Pending
from .catalogue import WHERE_DUPLICATE_CERTAIN, WHERE_DUPLICATE_PROBABLE, WHERE_TRAINER_INFO
from .entities import attribute
from .people import email_problem, missing_names, person_name

FILE = TRAINERS.name


def read_trainers(analysis: Analysis) -> None:
    legacy_file = analysis.open(TRAINERS)
    fix = str(WHERE_TRAINER_INFO)
    records: list[TrainerRecord] = []
    about: dict[str, tuple[str, int, str]] = {}  # trainer → (name, line, account)
    subject_text, number_text = _("Formateur %(name)s (%(who)s)"), _("formateur n° %(id)s")
    for record in analysis.stream(legacy_file):
        values = record.values
        trainer_id = values and values["id_formateur"]
        if not trainer_id:
            analysis.broken_row(record)
            continue
        user_id = values["id_utilisateur"] or ""
        account = analysis.users.get(user_id)
        identifier = account[0] if account else ""
        name = person_name(values["nom"], values["prenom"])
        subject = subject_text % {
            "name": name,
            "who": identifier or number_text % {"id": trainer_id},
        }
        teams = tuple(values["ids_entites"] or ())
        unknown = [e for e in teams if not analysis.known_entity(e)]
        if unknown:
            analysis.add(
                "",
                CheckCode.FILE_PROBLEM,
                False,
                FILE,
                record.line,
                subject,
                _("Valeur ignorée : ids_entites %(ids)s absent(s) de entites.csv.")
                % {"ids": ", ".join(unknown)},
                "",
            )
            teams = tuple(e for e in teams if e not in unknown)
        if user_id and account is None and analysis.usable(USERS.name):
            analysis.unknown_reference(
                FILE, record.line, subject, "id_utilisateur", user_id, USERS.name
            )
        analysis.trainers[trainer_id] = (user_id, teams)
        if user_id:
            analysis.user_entities[user_id].extend(teams)
        entities = trainer_entities(analysis, trainer_id)
        found = list(analysis.problem_findings(record, subject))
        names = missing_names(values["nom"], values["prenom"])
        if names:
            found.append(
                Pending(CheckCode.NAME_MISSING, True, FILE, record.line, subject, names, fix)
            )
        email = values["email"]
        if email and email.lower() != account_email(analysis, user_id):
            problem = email_problem(email)
            if problem:
                found.append(
                    Pending(CheckCode.EMAIL_INVALID, True, FILE, record.line, subject, problem, fix)
                )
        for pending in found:
            attribute(analysis, pending, entities)
        about[trainer_id] = (name, record.line, identifier)
        records.append(
            TrainerRecord(
                trainer_id, values["nom"], values["prenom"], values["date_naissance"], email
            )
        )
    analysis.say(_("Doublons de formateurs : %(n)s comptes comparés…") % {"n": f"{len(records):_}"})
    duplicates = trainer_duplicates(records)
    del records
    _duplicate_findings(analysis, duplicates, about)


def account_email(analysis: Analysis, user_id: str) -> str | None:
    return analysis.user_email.get(user_id)


def trainer_entities(analysis: Analysis, trainer_id: str) -> set[str]:
    user_id, teams = analysis.trainers.get(trainer_id, ("", ()))
    return set(teams) | set(analysis.user_entities.get(user_id, ()))


def _label(trainer_id: str, about) -> str:
    identifier = about[trainer_id][2]
    if identifier:
        return _("%(login)s (formateur n° %(id)s)") % {"login": identifier, "id": trainer_id}
    return _("formateur n° %(id)s") % {"id": trainer_id}


def _duplicate_findings(analysis: Analysis, duplicates, about) -> None:
    for number, group in enumerate(duplicates.groups):
        group = [member for member in group if member in about]
        keeper = next((m for m in group if m not in duplicates.kept), None)
        if keeper is None or len(group) < 2:
            continue
        entities: set[str] = set()
        for member in group:
            entities |= trainer_entities(analysis, member)
            user_id = analysis.trainers[member][0]
            if user_id:
                analysis.duplicate_group_of_user[user_id] = f"group-{number}"
        name, line, _login = about[keeper]
        attribute(
            analysis,
            Pending(
                CheckCode.TRAINER_DUPLICATE_CERTAIN,
                False,
                FILE,
                line,
                _("Formateur %(name)s") % {"name": name},
                _("Comptes %(accounts)s : fusionnés à la bascule ; compte conservé : %(kept)s.")
                % {
                    "accounts": ", ".join(_label(m, about) for m in group),
                    "kept": _label(keeper, about),
                },
                str(WHERE_DUPLICATE_CERTAIN),
            ),
            entities,
        )
    for first, second, score in duplicates.probable:
        if first not in about or second not in about:
            continue
        entities = trainer_entities(analysis, first) | trainer_entities(analysis, second)
        attribute(
            analysis,
            Pending(
                CheckCode.TRAINER_DUPLICATE_PROBABLE,
                True,
                FILE,
                about[first][1],
                _("Formateurs %(a)s et %(b)s") % {"a": about[first][0], "b": about[second][0]},
                _("Comptes %(a)s et %(b)s : ressemblance de %(score)s %% ; même personne ?")
                % {
                    "a": _label(first, about),
                    "b": _label(second, about),
                    "score": round(score * 100),
                },
                str(WHERE_DUPLICATE_PROBABLE),
            ),
            entities,
        )
