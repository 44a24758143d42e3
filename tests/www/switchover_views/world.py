"""Conformity runs around the personas' entities, for the pages' tests.

``personas_rows(entity, other_entity)``: the tiny export of ``tests.switchover.legacy_files``
where Forprev 1 entity 10001 is the personas' entity (Carsat Sud-Est, found by its SIRET) and
10002 the other one (Carsat Rhône-Alpes). The personas' entity has two blocking findings and a
warning, the other one a blocking finding. ``varied_rows(n)`` adds ``n`` more entities in five
caisses with findings drawn at random, for counts and query counts.
"""

import random

from forprev.entities.identifiers import make_siret
from tests.switchover.legacy_files import ENT_ID, OF_ID, clean_rows, run_check, session, user

DEPARTMENTS = [
    ("13", "13001", "carsat-sud-est"),
    ("69", "69001", "carsat-rhone-alpes"),
    ("33", "33000", "carsat-aquitaine"),
    ("67", "67000", "carsat-alsace-moselle"),
    ("35", "35000", "carsat-bretagne"),
]


def personas_rows(entity, other_entity) -> dict:
    rows = clean_rows()
    rows["entites.csv"][0] |= {
        "type": "ENT",
        "nda": "",
        "siret": entity.siret,
        "raison_sociale": entity.name,
    }
    rows["entites.csv"][1] |= {"siret": other_entity.siret, "raison_sociale": other_entity.name}
    rows["utilisateurs.csv"][0] |= {"email": "", "date_validation_infos": ""}  # MARTIN Claire
    rows["sessions.csv"][0]["statut"] = "OUVERTE"  # last day 13/09/2022: late
    rows["utilisateurs.csv"][2]["nom"] = ""  # BERNARD Luc, the other entity's manager
    return rows


def varied_rows(rows: dict, count: int, *, seed: int = 1) -> dict:
    """``count`` more entities, each with a manager; about half of them get findings."""
    draw = random.Random(seed)
    for n in range(count):
        entity_id, user_id = str(20_000 + n), str(90_000 + n)
        department, postcode, caisse = DEPARTMENTS[n % len(DEPARTMENTS)]
        rows["entites.csv"].append(
            {
                "id_entite": entity_id,
                "type": "ENT",
                "raison_sociale": f"ENTREPRISE {n:03d}",
                "siret": make_siret(80_000_000 + n),
                "adresse": "1 place de la Mairie",
                "code_postal": postcode if draw.random() > 0.1 else "",
                "commune": "Ville",
                "departement": department,
                "caisse": caisse,
            }
        )
        email = f"gestion{n}@exemple.fr" if draw.random() > 0.3 else "gestion@"
        validated = "01/06/2022" if draw.random() > 0.3 else ""
        rows["utilisateurs.csv"].append(
            user(user_id, f"VAR{n:05d}", f"NOM{n}", "Alex", email, validated=validated)
        )
        rows["profils.csv"].append(
            {"id_utilisateur": user_id, "id_entite": entity_id, "profil": "CEH"}
        )
        if draw.random() < 0.3:
            status = draw.choice(["OUVERTE", "CLOTUREE"])
            rows["sessions.csv"].append(
                session(str(700_000 + n), entity_id, "01/11/2022", "02/11/2022", status)
            )
    return rows


def personas_run(directory, entity, other_entity, *, more: int = 0, due_on=None):
    rows = personas_rows(entity, other_entity)
    if more:
        varied_rows(rows, more)
    return run_check(directory, rows, due_on=due_on)


__all__ = ["ENT_ID", "OF_ID", "personas_rows", "personas_run", "varied_rows"]
