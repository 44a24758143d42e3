"""Forprev 1 exports for the migration tests (written with ``legacy_files.write_export``).

``migration_rows()``: every situation the migration sorts out, a few rows each (the comments say
what becomes of each row). ``bulk_rows(n)``: a regular export of ``n`` sessions of 10 trainees
with certificates, for the resume and idempotency tests. ``canonical_dump()``: every business
table as comparable rows (foreign keys by public_id or natural key; no pk, no timestamps).
"""

from django.apps import apps

from forprev.entities.identifiers import make_nda, make_siret
from tests.switchover.legacy_files import (
    ENT_ID,
    ENT_SIRET,
    OF_ID,
    OF_NDA,
    OF_SIRET,
    enrolment,
    person,
    session,
    user,
)

ANTENNA_ID, BAD_ID, TWIN_ID, ORPHAN_ID = "10003", "10004", "10005", "10006"


def entity(entity_id, kind, name, siret, *, nda="", dep="13", postcode="13001", city="Marseille",
           caisse="carsat-sud-est", parent="", attachment="", **extra):  # fmt: skip
    return {
        "id_entite": entity_id, "type": kind, "raison_sociale": name, "siret": siret, "nda": nda,
        "adresse": "1 place de la Mairie", "code_postal": postcode, "commune": city,
        "departement": dep, "caisse": caisse, "id_entite_parente": parent,
        "rattachement": attachment, **extra,
    }  # fmt: skip


def trainer(trainer_id, user_id, person_id, last, first, born, email, entities):
    return {
        "id_formateur": trainer_id, "id_utilisateur": user_id, "id_individu": person_id,
        "nom": last, "prenom": first, "date_naissance": born, "email": email,
        "ids_entites": entities,
    }  # fmt: skip


def accreditation(accreditation_id, entity_id, code, level, starts, ends, status="ACTIVE", decided="15/12/2020"):  # fmt: skip
    return {
        "id_habilitation": accreditation_id, "id_entite": entity_id, "dispositif": code,
        "niveau": level, "date_debut": starts, "date_echeance": ends, "statut": status,
        "date_decision": decided,
    }  # fmt: skip


def certificate(certificate_id, number, code, person_id, session_id, issued, until="", **extra):
    return {
        "id_certificat": certificate_id, "numero": number, "code_verification": code,
        "id_individu": person_id, "id_session": session_id, "date_delivrance": issued,
        "date_fin_validite": until, **extra,
    }  # fmt: skip


def migration_rows() -> dict[str, list[dict]]:
    return {
        "export.csv": [{"date_export": "15/12/2022", "origine": "Forprev 1.14"}],
        "entites.csv": [
            entity(OF_ID, "OF", "FORMASUD PREVENTION", OF_SIRET, nda=OF_NDA),  # migrated
            entity(
                ENT_ID,
                "ENT",
                "ATELIERS DE LYON",
                ENT_SIRET,
                dep="69",
                postcode="69001",
                city="Lyon",
                caisse="carsat-rhone-alpes",
            ),  # migrated
            # An antenna of the training organisation: merged, its CEH becomes a delegate.
            entity(
                ANTENNA_ID,
                "OF",
                "FORMASUD TOULON",
                make_siret(41_234_567, 2),
                dep="83",
                postcode="83000",
                city="Toulon",
                parent=OF_ID,
                attachment="ANTENNE",
            ),
            entity(BAD_ID, "ENT", "SIRET FAUX", "12345678901234"),  # rejected: siret_invalid
            entity(
                TWIN_ID,
                "ENT",
                "ATELIERS DE LYON (ancien compte)",
                ENT_SIRET,
                dep="69",
                postcode="69001",
                city="Lyon",
                caisse="inconnue",
            ),  # merged: same_identifier
            entity(
                ORPHAN_ID,
                "ENT",
                "ASSOCIEE ORPHELINE",
                "12345678901234",
                parent=BAD_ID,
                attachment="ASSOCIEE",
            ),  # rejected: parent_unknown (its parent's SIRET, none of its own)
        ],  # fmt: skip
        "utilisateurs.csv": [
            user("88001", "JKA37899", "MARTIN", "Claire", "claire.martin@formasud.fr"),
            user("88002", "PDU12345", "DURAND", "Paul", "paul.durand@formasud.fr"),
            user("88003", "LYO54321", "BERNARD", "Luc", "luc.bernard@ateliers-lyon.fr"),
            user("88004", "CEA11111", "PETIT", "Anne", "anne.petit@formasud.fr"),
            user("88005", "ANT22222", "ROUX", "Marc", "marc.roux@formasud-toulon.fr"),
            # Paul's second trainer account: merged into 88002.
            user("88006", "PDU54321", "DURAND", "Paul", "paul.durand@formasud.fr"),
            # Invalid e-mail (left empty), inactive account.
            user("88007", "INA33333", "LEROY", "Julie", "pas-une-adresse", active="N"),
            # Shares Claire's address: Claire (smaller id) keeps it.
            user("88008", "SHA44444", "MOREAU", "Luc", "Claire.Martin@formasud.fr"),
            user("88009", "abc", "GIRARD", "Emma", "emma.girard@exemple.fr"),  # new number
            user("88010", "JKA37899", "FAURE", "Hugo", "hugo.faure@exemple.fr"),  # number taken
            user("88011", "NON55555", "", "", "sans.nom@exemple.fr"),  # rejected: name_missing
        ],
        "profils.csv": [
            {"id_utilisateur": "88001", "id_entite": OF_ID, "profil": "CEH"},
            {"id_utilisateur": "88003", "id_entite": ENT_ID, "profil": "CEH"},
            {
                "id_utilisateur": "88004",
                "id_entite": OF_ID,
                "profil": "CEA",
                "droits": "sessions,exports,inconnu",
            },  # delegate; « inconnu » dropped
            {"id_utilisateur": "88005", "id_entite": ANTENNA_ID, "profil": "CEH"},  # delegate of OF
            {"id_utilisateur": "88001", "id_entite": ANTENNA_ID, "profil": "ASSISTANT"},  # merged
            {"id_utilisateur": "88011", "id_entite": ENT_ID, "profil": "CEH"},  # user_unknown
            {"id_utilisateur": "88003", "id_entite": BAD_ID, "profil": "CEA"},  # entity_unknown
            {"id_utilisateur": "88003", "id_entite": TWIN_ID, "profil": "CEH"},  # merged
        ],  # fmt: skip
        "individus.csv": [
            {
                **person("5000001", "DUPONT", "Jean", "14/07/1985", "jean.dupont@exemple.fr"),
                "numero_forprev": "BXR20931",
            },
            person(
                "5000002", "CURIE", "Marie", "07/11/1990", "marie.curie@exemple.fr"
            ),  # new number
            {
                **person("5000003", "DURAND", "Paul", "11/02/1978"),
                "numero_forprev": "PDU12345",
            },  # Paul's
            {
                **person("5000004", "DURAND", "Paul", "11/02/1978"),
                "numero_forprev": "PDU54321",
            },  # merged
            person("5000005", "", "Sans", "01/01/1980"),  # migrated, nom left blank (to-do)
            {
                **person("5000006", "MARTIN", "Léa", "02/03/1995"),
                "numero_forprev": "BXR20931",
            },  # taken
            person("5000007", "BLANC", "Zoé", "05/05/2000", "zoe@@exemple"),  # e-mail dropped
        ],  # fmt: skip
        "formateurs.csv": [
            trainer(
                "7001",
                "88002",
                "5000003",
                "DURAND",
                "Paul",
                "11/02/1978",
                "paul.durand@formasud.fr",
                f"{OF_ID},{ANTENNA_ID}",
            ),
            trainer(
                "7002",
                "88006",
                "5000004",
                "DURAND",
                "Paul",
                "11/02/1978",
                "paul.durand@formasud.fr",
                ENT_ID,
            ),  # merged into 7001
            trainer("7003", "88011", "", "SANS", "Nom", "", "", ENT_ID),  # user_unknown
        ],  # fmt: skip
        "certificats_formateurs.csv": [
            {
                "id_certificat_formateur": "30001",
                "id_formateur": "7001",
                "dispositif": "SST",
                "niveau": "2",
                "date_obtention": "20/05/2021",
                "date_fin_validite": "20/05/2024",
            },
            {
                "id_certificat_formateur": "30002",
                "id_formateur": "7002",
                "dispositif": "PRAP-IBC",
                "niveau": "2",
                "date_obtention": "2021-06-01",
                "date_fin_validite": "01-06-2024",
            },
            {
                "id_certificat_formateur": "30003",
                "id_formateur": "7001",
                "dispositif": "SST",
                "niveau": "1",
                "date_obtention": "20/05/2021",
            },  # programme_level_unknown
            {
                "id_certificat_formateur": "30004",
                "id_formateur": "7001",
                "dispositif": "SST",
                "niveau": "2",
                "date_obtention": "20/05/2021",
                "date_fin_validite": "20/05/2020",
            },
        ],  # fmt: skip
        "habilitations.csv": [
            accreditation("4401", OF_ID, "SST", "1", "01/01/2021", "31/12/2025"),
            accreditation("4402", OF_ID, "SST", "2", "01/03/2018", "15/02/2023"),  # +9 months
            accreditation("4403", ENT_ID, "SST", "1", "01/05/2018", "30/04/2023"),  # +4 months
            accreditation("4404", ENT_ID, "PRAP-IBC", "1", "01/03/2018", "15/02/2023", "ECHUE"),
            # Active without a decision date: migrated with a to-do.
            accreditation("4405", ENT_ID, "ASD", "1", "01/03/2022", "01/03/2027", decided=""),
            accreditation("4406", OF_ID, "ASD", "1", "01/03/2022", "01/03/2021"),  # dates
            accreditation("4407", ANTENNA_ID, "PRAP-2S", "1", "01/01/2021", "31/12/2025"),
            # Expired without a decision date: deferred.
            accreditation(
                "4408", ENT_ID, "ASD", "1", "01/03/2016", "01/03/2021", "ECHUE", decided=""
            ),
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
            },
            {
                "id_demande": "9102",
                "id_entite": ENT_ID,
                "type": "RENOUVELLEMENT",
                "dispositifs": "SST,PRAP-IBC",
                "statut": "TRANSMISE",
                "date_depot": "03/10/2022",
            },
        ],  # fmt: skip
        "sessions.csv": [
            session(
                "600001",
                OF_ID,
                "12/09/2022",
                "13/09/2022",
                "CLOTUREE",
                adresse="12 rue de la République",
                capacite="10",
            ),
            session(
                "600002",
                ENT_ID,
                "2022-10-03",
                "04-10-2022",
                "CLOTUREE",
                adresse="3 quai Saint-Vincent",
                commune="Lyon",
                capacite="8",
                ids_formateurs="7002",
            ),
            session(
                "600003",
                OF_ID,
                "05/12/2022",
                "06/12/2022",
                "OUVERTE",
                adresse="12 rue",
                capacite="10",
            ),
            session(
                "600004",
                OF_ID,
                "05/11/2022",
                "06/11/2022",
                "ANNULEE",
                adresse="12 rue",
                capacite="10",
            ),
            session(
                "600005",
                ANTENNA_ID,
                "07/11/2022",
                "08/11/2022",
                "CLOTUREE",
                commune="",
                ids_formateurs="7001|7002",
            ),
            session(
                "600006",
                OF_ID,
                "10/11/2022",
                "08/11/2022",
                "CLOTUREE",
                adresse="12 rue",
                capacite="10",
            ),
            session(
                "600007",
                OF_ID,
                "14/11/2022",
                "15/11/2022",
                "CLOTUREE",
                adresse="12 rue",
                capacite="10",
                ids_formateurs="9999",
            ),
        ],  # fmt: skip
        "inscriptions.csv": [
            enrolment("9100001", "600001", "5000001"),
            enrolment("9100002", "600001", "5000002"),
            enrolment("9100003", "600002", "5000002", "NON_ACQUIS"),
            enrolment("9100004", "600003", "5000001"),  # deferred with its session
            enrolment("9100005", "600006", "5000001"),  # session rejected
            enrolment("9100006", "600001", "5000005"),  # the person without a nom
            enrolment("9100007", "600001", "5000001"),  # same person: merged
            enrolment("9100008", "600005", "5000004", "ABSENT"),  # merged person → 5000003
            enrolment("9100009", "600005", "5000003"),  # the same person after the merge
            enrolment("9100010", "600007", "5000007", ""),  # no result
        ],
        "certificats.csv": [
            certificate(
                "9100001",
                "SST22-0000001",
                "q3Xv9TzL0p2WbN8a",
                "5000001",
                "600001",
                "20/09/2022",
                "20/09/2024",
            ),
            certificate(
                "9100002",
                "sst20 0000002",
                "Zk81-expired_code",
                "5000002",
                "600001",
                "20/09/2020",
                "2022-01-01",
            ),
            certificate(
                "9100003",
                "SST22-0000003",
                "RevokedCode123",
                "5000002",
                "600002",
                "05/10/2022",
                "05/10/2024",
                revoque="O",
                motif_revocation="Fraude constatée",
            ),
            certificate(
                "9100004", "SST22-0000004", "deferredCode", "5000001", "600003", "06/12/2022"
            ),  # deferred
            certificate(
                "9100005", "SST22-0000001", "otherCode", "5000006", "600001", "20/09/2022"
            ),  # number taken
            certificate(
                "9100006", "SST22-0000006", "bad/code", "5000006", "600001", "20/09/2022"
            ),  # code invalid
            certificate(
                "9100007",
                "SST22-0000007",
                "datesCode",
                "5000006",
                "600001",
                "20/09/2022",
                "19/09/2022",
            ),
            certificate(
                "9100008", "SST22-0000008", "twinCode", "5000001", "600001", "20/09/2022"
            ),  # duplicate
            certificate(
                "9100009",
                "SST22-0000009",
                "namelessCode",
                "5000005",
                "600001",
                "20/09/2022",
                "20/09/2024",
            ),  # the person without a nom: migrated, verifiable
        ],  # fmt: skip
    }


def bulk_rows(sessions: int, *, per_session: int = 10) -> dict[str, list[dict]]:
    """A regular export: two entities, 10 trainers, ``sessions`` closed sessions of
    ``per_session`` new trainees each, every trainee certified (a tenth of the numéros missing,
    a twentieth of the sessions open)."""
    trainers = [f"{7100 + n}" for n in range(10)]
    rows = {
        "export.csv": [{"date_export": "15/12/2022"}],
        "entites.csv": [
            entity(OF_ID, "OF", "FORMASUD PREVENTION", OF_SIRET, nda=OF_NDA),
            entity(
                "10100",
                "OF",
                "FORMATION NORD",
                make_siret(71_234_567),
                nda=make_nda(32, "59", 1),
                dep="59",
                postcode="59000",
                city="Lille",
                caisse="carsat-hauts-de-france",
            ),
        ],  # fmt: skip
        "utilisateurs.csv": [user("88001", "JKA37899", "MARTIN", "Claire", "claire@formasud.fr")]
        + [
            user(f"{89000 + n}", f"TRN{n:05d}", f"FORMATEUR{n}", "Alex", f"f{n}@exemple.fr")
            for n in range(len(trainers))
        ],
        "profils.csv": [{"id_utilisateur": "88001", "id_entite": OF_ID, "profil": "CEH"}],
        "individus.csv": [],
        "formateurs.csv": [
            trainer(
                t,
                f"{89000 + n}",
                "",
                f"FORMATEUR{n}",
                "Alex",
                "",
                f"f{n}@exemple.fr",
                OF_ID if n % 2 else f"{OF_ID},10100",
            )
            for n, t in enumerate(trainers)
        ],  # fmt: skip
        "certificats_formateurs.csv": [],
        "habilitations.csv": [
            accreditation("4401", OF_ID, "SST", "1", "01/01/2021", "15/03/2023"),
            accreditation("4402", "10100", "SST", "1", "01/01/2021", "31/12/2025"),
        ],
        "demandes.csv": [],
        "sessions.csv": [],
        "inscriptions.csv": [],
        "certificats.csv": [],
    }
    person_id = 5_000_000
    for s in range(sessions):
        session_id = f"{600_000 + s}"
        entity_id = OF_ID if s % 3 else "10100"
        status = "OUVERTE" if s % 20 == 7 else "CLOTUREE"
        rows["sessions.csv"].append(
            session(session_id, entity_id, "12/09/2022", "13/09/2022", status,
                    adresse="1 rue", capacite="10", ids_formateurs=trainers[s % len(trainers)])
        )  # fmt: skip
        for _trainee in range(per_session):
            person_id += 1
            number = "" if person_id % 10 == 0 else f"BLK{person_id % 100_000:05d}"
            rows["individus.csv"].append(
                {**person(str(person_id), f"NOM{person_id}", "Prénom", "01/01/1990"), "numero_forprev": number}
            )  # fmt: skip
            rows["inscriptions.csv"].append(
                enrolment(str(9_000_000 + person_id), session_id, str(person_id))
            )
            rows["certificats.csv"].append(
                certificate(str(9_000_000 + person_id), f"B{person_id}", f"code{person_id}", str(person_id),
                            session_id, "14/09/2022", "14/09/2024")
            )  # fmt: skip
    return rows


BUSINESS_MODELS = (
    "entities.Entity", "accounts.User", "accounts.IssuedForprevId", "entities.Membership",
    "people.Person", "trainers.TeamMembership", "trainers.TrainerCertificate",
    "accreditations.Accreditation", "accreditations.Extension", "training.TrainingSession",
    "training.SessionTrainer", "training.Enrolment", "certificates.Certificate",
)  # fmt: skip
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "issued_at", "last_login"}


def _natural(obj) -> str:
    if obj is None:
        return None
    public_id = getattr(obj, "public_id", None)
    if public_id is not None:
        return str(public_id)
    return f"{obj._meta.label}:{getattr(obj, 'code', None) or obj.pk}"


def canonical_dump() -> dict[str, list[tuple]]:
    """Every business row, foreign keys by public_id (référentiels by code), sorted."""
    dump = {}
    for label in BUSINESS_MODELS:
        model = apps.get_model(label)
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
        relations = [f.name for f in fields if f.is_relation]
        rows = []
        queryset = model.objects.select_related(*relations) if relations else model.objects.all()
        for obj in queryset.order_by("pk"):
            row = []
            for f in fields:
                if not f.is_relation:
                    row.append(repr(getattr(obj, f.name)))
                elif f.related_model._meta.label == "referentials.ProgrammeLevel":
                    level = getattr(obj, f.name)
                    row.append(f"{level.programme.code}/{level.level}")
                else:
                    row.append(_natural(getattr(obj, f.name)))
            rows.append(tuple(row))
        dump[label] = sorted(rows, key=repr)
    return dump
