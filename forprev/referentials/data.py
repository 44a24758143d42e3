"""Seed data of the référentiels (DOMAIN.md). Loaded by migration 0002; the national role edits it
afterwards in the back office. ``load_referentials`` is idempotent (update_or_create by code)."""

# code, kind, name, départements
CAISSES = [
    ("carsat-alsace-moselle", "carsat", "Carsat Alsace-Moselle", ["57", "67", "68"]),
    ("carsat-aquitaine", "carsat", "Carsat Aquitaine", ["24", "33", "40", "47", "64"]),
    ("carsat-auvergne", "carsat", "Carsat Auvergne", ["03", "15", "43", "63"]),
    (
        "carsat-bourgogne-franche-comte",
        "carsat",
        "Carsat Bourgogne-Franche-Comté",
        ["21", "25", "39", "58", "70", "71", "89", "90"],
    ),
    ("carsat-bretagne", "carsat", "Carsat Bretagne", ["22", "29", "35", "56"]),
    (
        "carsat-centre-val-de-loire",
        "carsat",
        "Carsat Centre-Val de Loire",
        ["18", "28", "36", "37", "41", "45"],
    ),
    (
        "carsat-centre-ouest",
        "carsat",
        "Carsat Centre-Ouest",
        ["16", "17", "19", "23", "79", "86", "87"],
    ),
    ("carsat-hauts-de-france", "carsat", "Carsat Hauts-de-France", ["02", "59", "60", "62", "80"]),
    (
        "carsat-languedoc-roussillon",
        "carsat",
        "Carsat Languedoc-Roussillon",
        ["11", "30", "34", "48", "66"],
    ),
    (
        "carsat-midi-pyrenees",
        "carsat",
        "Carsat Midi-Pyrénées",
        ["09", "12", "31", "32", "46", "65", "81", "82"],
    ),
    ("carsat-normandie", "carsat", "Carsat Normandie", ["14", "27", "50", "61", "76"]),
    ("carsat-nord-est", "carsat", "Carsat Nord-Est", ["08", "10", "51", "52", "54", "55", "88"]),
    (
        "carsat-pays-de-la-loire",
        "carsat",
        "Carsat Pays de la Loire",
        ["44", "49", "53", "72", "85"],
    ),
    (
        "carsat-rhone-alpes",
        "carsat",
        "Carsat Rhône-Alpes",
        ["01", "07", "26", "38", "42", "69", "73", "74"],
    ),
    (
        "carsat-sud-est",
        "carsat",
        "Carsat Sud-Est",
        ["04", "05", "06", "13", "2A", "2B", "83", "84"],
    ),
    (
        "cramif",
        "cramif",
        "CRAMIF (Île-de-France)",
        ["75", "77", "78", "91", "92", "93", "94", "95"],
    ),
    ("cgss-guadeloupe", "cgss", "CGSS Guadeloupe", ["971"]),
    ("cgss-martinique", "cgss", "CGSS Martinique", ["972"]),
    ("cgss-guyane", "cgss", "CGSS Guyane", ["973"]),
    ("cgss-reunion", "cgss", "CGSS La Réunion", ["974"]),
    ("css-mayotte", "css", "CSS Mayotte", ["976"]),
]

DEPARTMENT_NAMES = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime", "18": "Cher",
    "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse", "21": "Côte-d'Or",
    "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne",
    "32": "Gers", "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre",
    "37": "Indre-et-Loire", "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher",
    "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot",
    "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche", "51": "Marne",
    "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse",
    "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise", "61": "Orne",
    "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie",
    "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne",
    "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne",
    "83": "Var", "84": "Vaucluse", "85": "Vendée", "86": "Vienne", "87": "Haute-Vienne",
    "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort", "91": "Essonne",
    "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
    "976": "Mayotte",
}  # fmt: skip

# Dispositifs: code, name, accreditation validity (months), levels.
# Level tuple: level, label, initial h, refresher h, min, max, certificate validity (months), INRS.
PROGRAMMES = [
    (
        "SST",
        "Sauveteur secouriste du travail",
        60,
        [
            (1, "Acteur SST", 14, 7, 4, 10, 24, False),
            (2, "Formateur SST", 56, 21, 5, 10, 36, False),
            (3, "Formateur de formateurs SST", None, None, None, None, 36, True),
        ],
    ),
    (
        "PRAP-IBC",
        "Prévention des risques liés à l'activité physique — industrie, BTP, commerce, bureau",
        60,
        [
            (1, "Acteur PRAP IBC", 12, 7, 4, 10, 24, False),
            (2, "Formateur PRAP IBC", 70, 21, 5, 10, 36, False),
            (3, "Formateur de formateurs PRAP IBC", None, None, None, None, 36, True),
        ],
    ),
    (
        "PRAP-2S",
        "Prévention des risques liés à l'activité physique — sanitaire et médico-social",
        60,
        [
            (1, "Acteur PRAP 2S", 21, 7, 4, 10, 24, False),
            (2, "Formateur PRAP 2S", 84, 21, 5, 10, 36, False),
            (3, "Formateur de formateurs PRAP 2S", None, None, None, None, 36, True),
        ],
    ),
    (
        "ASD",
        "Aide et soin à domicile — acteur prévention secours (APS ASD)",
        60,
        [
            (1, "Acteur prévention secours ASD", 21, 7, 4, 10, 24, False),
            (2, "Formateur APS ASD", 70, 21, 5, 10, 36, False),
            (3, "Formateur de formateurs APS ASD", None, None, None, None, 36, True),
        ],
    ),
    (
        "SMS-AP",
        "Secteur sanitaire et médico-social — animateur prévention (ex-HAPA)",
        60,
        [(1, "Animateur prévention", 56, None, 4, 12, None, False)],
    ),
    (
        "TMS-PROS",
        "TMS Pros — personne ressource / chargé de prévention",
        60,
        [(1, "Personne ressource TMS Pros", 21, None, 4, 12, None, False)],
    ),
    (
        "AMIANTE-SS4",
        "Amiante sous-section 4",
        60,
        [
            (1, "Opérateur amiante SS4", 14, 7, 4, 10, 36, False),
            (2, "Encadrant amiante SS4", 35, 7, 4, 10, 36, False),
        ],
    ),
    (
        "CATEC",
        "Espaces confinés (eau et assainissement) — CATEC",
        60,
        [
            (1, "Intervenant / surveillant CATEC", 14, 7, 4, 8, 36, False),
            (2, "Formateur CATEC", 35, 14, 4, 8, 36, False),
        ],
    ),
]


def load_referentials(Caisse, Department, Programme, ProgrammeLevel) -> None:
    """Create or refresh the seed référentiels; models are passed in so migrations can use it."""
    for code, kind, name, departments in CAISSES:
        caisse, _ = Caisse.objects.update_or_create(
            code=code, defaults={"kind": kind, "name": name}
        )
        for department in departments:
            Department.objects.update_or_create(
                code=department,
                defaults={"name": DEPARTMENT_NAMES[department], "caisse": caisse},
            )
    for order, (code, name, validity, levels) in enumerate(PROGRAMMES, start=1):
        programme, _ = Programme.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "accreditation_validity_months": validity,
                "display_order": order,
            },
        )
        for level, label, initial, refresher, low, high, cert_months, inrs in levels:
            ProgrammeLevel.objects.update_or_create(
                programme=programme,
                level=level,
                defaults={
                    "label": label,
                    "initial_duration_hours": initial,
                    "refresher_duration_hours": refresher,
                    "min_trainees": low,
                    "max_trainees": high,
                    "certificate_validity_months": cert_months,
                    "delivered_by_inrs": inrs,
                },
            )
