"""Tiny Forprev 1 exports written from Python rows, for the switch-over tests.

``clean_rows()`` is a small conforming export: two habilitated entities (a training organisation
in Marseille, Carsat Sud-Est; a company in Lyon, Carsat Rhône-Alpes), their managers, a trainer,
trainees, closed sessions. A test changes a few rows and writes the folder with
``write_export``; ``raw`` replaces a file by exact bytes or text (a broken line, a wrong
separator, another encoding).
"""

from datetime import date
from pathlib import Path

from forprev.entities.identifiers import make_nda, make_siret
from forprev.switchover.legacy.spec import BY_NAME, FILES

EXPORT_DATE = date(2022, 12, 15)
OF_ID, ENT_ID = "10001", "10002"
OF_SIRET = make_siret(41_234_567)
OF_NDA = make_nda(93, "13", 12_345)
ENT_SIRET = make_siret(52_345_678)


def clean_rows() -> dict[str, list[dict]]:
    return {
        "export.csv": [{"date_export": "15/12/2022", "origine": "Forprev 1.14"}],
        "entites.csv": [
            {
                "id_entite": OF_ID,
                "type": "OF",
                "raison_sociale": "FORMASUD PREVENTION",
                "siret": OF_SIRET,
                "nda": OF_NDA,
                "adresse": "12 rue de la République",
                "code_postal": "13001",
                "commune": "Marseille",
                "departement": "13",
                "caisse": "carsat-sud-est",
            },
            {
                "id_entite": ENT_ID,
                "type": "ENT",
                "raison_sociale": "ATELIERS DE LYON",
                "siret": ENT_SIRET,
                "adresse": "3 quai Saint-Vincent",
                "code_postal": "69001",
                "commune": "Lyon",
                "departement": "69",
                "caisse": "carsat-rhone-alpes",
            },
        ],
        "utilisateurs.csv": [
            user("88001", "JKA37899", "MARTIN", "Claire", "claire.martin@formasud.fr"),
            user("88002", "PDU12345", "DURAND", "Paul", "paul.durand@formasud.fr"),
            user("88003", "LYO54321", "BERNARD", "Luc", "luc.bernard@ateliers-lyon.fr"),
        ],
        "profils.csv": [
            {"id_utilisateur": "88001", "id_entite": OF_ID, "profil": "CEH"},
            {"id_utilisateur": "88003", "id_entite": ENT_ID, "profil": "CEH"},
        ],
        "individus.csv": [
            person("5000001", "DUPONT", "Jean", "14/07/1985", "jean.dupont@exemple.fr"),
            person("5000002", "CURIE", "Marie", "07/11/1990", "marie.curie@exemple.fr"),
            person("5000003", "DURAND", "Paul", "11/02/1978", "paul.durand@formasud.fr"),
        ],
        "formateurs.csv": [
            {
                "id_formateur": "7001",
                "id_utilisateur": "88002",
                "id_individu": "5000003",
                "nom": "DURAND",
                "prenom": "Paul",
                "date_naissance": "11/02/1978",
                "email": "paul.durand@formasud.fr",
                "ids_entites": OF_ID,
            }
        ],
        "certificats_formateurs.csv": [
            {
                "id_certificat_formateur": "30001",
                "id_formateur": "7001",
                "dispositif": "SST",
                "niveau": "2",
                "date_obtention": "20/05/2021",
                "date_fin_validite": "20/05/2024",
            }
        ],
        "habilitations.csv": [
            {
                "id_habilitation": "4401",
                "id_entite": OF_ID,
                "dispositif": "SST",
                "niveau": "1",
                "date_debut": "01/01/2021",
                "date_echeance": "31/12/2025",
                "statut": "ACTIVE",
                "date_decision": "15/12/2020",
            }
        ],
        "demandes.csv": [
            {
                "id_demande": "9101",
                "id_entite": OF_ID,
                "type": "INITIALE",
                "dispositifs": "SST",
                "statut": "ACCORDEE",
                "date_depot": "01/10/2020",
                "date_decision": "15/12/2020",
            }
        ],
        "sessions.csv": [
            session("600001", OF_ID, "12/09/2022", "13/09/2022", "CLOTUREE"),
            session("600002", ENT_ID, "03/10/2022", "04/10/2022", "CLOTUREE"),
        ],
        "inscriptions.csv": [
            enrolment("9100001", "600001", "5000001"),
            enrolment("9100002", "600001", "5000002"),
            enrolment("9100003", "600002", "5000002"),
        ],
        "certificats.csv": [
            {
                "id_certificat": "9100001",
                "numero": "SST22-0000001",
                "code_verification": "q3Xv9TzL0p2WbN8a",
                "id_individu": "5000001",
                "id_session": "600001",
                "date_delivrance": "20/09/2022",
            }
        ],
    }


def user(user_id, identifier, last, first, email, *, active="O", validated="02/06/2022"):
    return {
        "id_utilisateur": user_id,
        "identifiant": identifier,
        "nom": last,
        "prenom": first,
        "email": email,
        "actif": active,
        "date_validation_infos": validated,
    }


def person(person_id, last, first, born, email=""):
    return {
        "id_individu": person_id,
        "nom": last,
        "prenom": first,
        "date_naissance": born,
        "email": email,
    }


def session(session_id, entity_id, starts, ends, status, **extra):
    return {
        "id_session": session_id,
        "id_entite": entity_id,
        "dispositif": "SST",
        "niveau": "1",
        "type": "INITIALE",
        "date_debut": starts,
        "date_fin": ends,
        "commune": "Marseille",
        "statut": status,
        "ids_formateurs": "7001",
        **extra,
    }


def enrolment(enrolment_id, session_id, person_id, result="ACQUIS"):
    return {
        "id_inscription": enrolment_id,
        "id_session": session_id,
        "id_individu": person_id,
        "resultat": result,
    }


def csv_text(file_name: str, rows: list[dict], *, separator: str = ";") -> str:
    columns = BY_NAME[file_name].column_names
    lines = [separator.join(columns)]
    for row in rows:
        unknown = set(row) - set(columns)
        assert not unknown, f"{file_name}: unknown columns {unknown}"
        lines.append(separator.join(str(row.get(column, "") or "") for column in columns))
    return "\n".join(lines) + "\n"


def write_export(
    directory,
    rows: dict[str, list[dict]] | None = None,
    *,
    raw: dict[str, str | bytes] | None = None,
    omit=(),
) -> Path:
    """Write every file of the export into ``directory`` (UTF-8, ``;``): ``rows`` by file name
    (default: ``clean_rows()``), ``raw`` files as given, ``omit`` files left out."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rows = clean_rows() if rows is None else rows
    raw = raw or {}
    for spec in FILES:
        path = directory / spec.name
        if spec.name in omit:
            continue
        if spec.name in raw:
            content = raw[spec.name]
            if isinstance(content, str):
                content = content.encode("utf-8")
            path.write_bytes(content)
            continue
        path.write_text(csv_text(spec.name, rows.get(spec.name, [])), encoding="utf-8")
    return directory


def run_check(directory, rows=None, *, raw=None, omit=(), due_on=None):
    """Write the export into ``directory`` and check it: the finished run."""
    from forprev.switchover.checks import conformity_check

    write_export(directory, rows, raw=raw, omit=omit)
    return conformity_check(directory=directory, due_on=due_on)


def findings(run, code=None, **filters) -> list:
    from forprev.switchover.models import ConformityFinding

    found = ConformityFinding.objects.filter(run=run, **filters).order_by("pk")
    if code is not None:
        found = found.filter(check_code=code)
    return list(found)


def check_fixture():
    """A test module's ``check`` fixture: ``check(rows, raw=…, omit=…, due_on=…)`` writes the
    export into a new folder of the test's ``tmp_path`` and returns the finished run."""
    import pytest

    @pytest.fixture
    def check(tmp_path):
        folders = iter(range(1_000))
        return lambda *args, **kwargs: run_check(
            tmp_path / f"export{next(folders)}", *args, **kwargs
        )

    return check
