"""Synthetic entities for sizing and benchmarks (``manage.py generate_dataset``).

A national-shaped year: about 6,000 companies and 3,000 training organisations at scale 1
(DOMAIN.md "Scale"), spread over the 101 départements in proportion to their population (with a
little extra weight where head offices cluster: Paris, Hauts-de-Seine, Rhône). Each entity gets
its caisse from its département, a valid SIRET (``make_siret``; unique), a NDA for training
organisations (``make_nda``; unique), a street address whose postcode starts with the
département code, one manager (CEH) and, for about a third, one to three delegates with a random
subset of ``DelegateRight``.

Rows go in with ``bulk_create``: no ``save()``, no signals, so **auditlog writes no audit rows**
for synthetic entities and memberships — intended (see ``forprev.accounts.synthetic``).
"""

import random
from collections.abc import Callable

from forprev.accounts.synthetic import (
    EmailBook,
    Person,
    UserSpec,
    ascii_fold,
    bulk_insert,
    create_users,
    mail_slug,
    new_public_id,
    random_person,
    random_provider,
    scaled,
)
from forprev.referentials.models import Department

from .enums import DelegateRight, EntityKind, MembershipRole
from .identifiers import make_nda, make_siret
from .models import Entity, Membership

COMPANIES = 6_000
TRAINING_ORGS = 3_000
DELEGATED_SHARE = 1 / 3  # entities whose manager named delegates
MAX_DELEGATES = 3

# Population in thousands (INSEE, rounded), used as weights.
POPULATION = {
    "01": 660, "02": 530, "03": 335, "04": 165, "05": 141, "06": 1100, "07": 330, "08": 270,
    "09": 153, "10": 310, "11": 375, "12": 280, "13": 2040, "14": 700, "15": 144, "16": 350,
    "17": 660, "18": 300, "19": 240, "2A": 160, "2B": 182, "21": 535, "22": 600, "23": 116,
    "24": 414, "25": 545, "26": 520, "27": 600, "28": 430, "29": 915, "30": 750, "31": 1420,
    "32": 192, "33": 1650, "34": 1200, "35": 1100, "36": 218, "37": 610, "38": 1280, "39": 259,
    "40": 420, "41": 330, "42": 765, "43": 228, "44": 1450, "45": 680, "46": 174, "47": 331,
    "48": 76, "49": 820, "50": 495, "51": 565, "52": 172, "53": 307, "54": 730, "55": 184,
    "56": 760, "57": 1045, "58": 204, "59": 2610, "60": 830, "61": 280, "62": 1460, "63": 660,
    "64": 690, "65": 230, "66": 480, "67": 1150, "68": 770, "69": 1890, "70": 235, "71": 550,
    "72": 565, "73": 440, "74": 840, "75": 2130, "76": 1250, "77": 1430, "78": 1450, "79": 375,
    "80": 570, "81": 390, "82": 262, "83": 1090, "84": 565, "85": 690, "86": 440, "87": 372,
    "88": 360, "89": 335, "90": 140, "91": 1310, "92": 1630, "93": 1670, "94": 1410, "95": 1260,
    "971": 384, "972": 355, "973": 290, "974": 870, "976": 300,
}  # fmt: skip
HEAD_OFFICE_BOOST = {"75": 1.6, "92": 1.3, "69": 1.15}

# INSEE region of each département: the first two digits of a NDA, and the phone zone.
REGIONS = {
    11: ("Île-de-France", "75 77 78 91 92 93 94 95"),
    24: ("Centre-Val de Loire", "18 28 36 37 41 45"),
    27: ("Bourgogne-Franche-Comté", "21 25 39 58 70 71 89 90"),
    28: ("Normandie", "14 27 50 61 76"),
    32: ("Hauts-de-France", "02 59 60 62 80"),
    44: ("Grand Est", "08 10 51 52 54 55 57 67 68 88"),
    52: ("Pays de la Loire", "44 49 53 72 85"),
    53: ("Bretagne", "22 29 35 56"),
    75: ("Nouvelle-Aquitaine", "16 17 19 23 24 33 40 47 64 79 86 87"),
    76: ("Occitanie", "09 11 12 30 31 32 34 46 48 65 66 81 82"),
    84: ("Auvergne-Rhône-Alpes", "01 03 07 15 26 38 42 43 63 69 73 74"),
    93: ("Provence-Alpes-Côte d'Azur", "04 05 06 13 83 84"),
    94: ("Corse", "2A 2B"),
    1: ("Guadeloupe", "971"),
    2: ("Martinique", "972"),
    3: ("Guyane", "973"),
    4: ("La Réunion", "974"),
    6: ("Mayotte", "976"),
}
REGION_OF = {dep: code for code, (_, deps) in REGIONS.items() for dep in deps.split()}

# Landline prefixes: 01 Île-de-France, 02 north-west, 03 north-east, 04 south-east, 05 south-west.
_PHONE_ZONE = {11: "01", 24: "02", 28: "02", 52: "02", 53: "02", 32: "03", 44: "03", 27: "03",
               84: "04", 93: "04", 94: "04", 75: "05", 76: "05"}  # fmt: skip
_PHONE_ZONE_BY_DEP = {"11": "04", "30": "04", "34": "04", "48": "04", "66": "04",
                      "971": "0590", "972": "0596", "973": "0594", "974": "0262", "976": "0269"}  # fmt: skip


def _arrondissements(city: str, prefix: str, count: int) -> list[tuple[str, str]]:
    return [(city, f"{prefix}{number:02d}") for number in range(1, count + 1)]


# Towns of each département with a real postcode; the first (the préfecture) is the likeliest.
TOWNS: dict[str, list[tuple[str, str]]] = {
    "01": [("Bourg-en-Bresse", "01000"), ("Oyonnax", "01100"), ("Ambérieu-en-Bugey", "01500")],
    "02": [("Laon", "02000"), ("Saint-Quentin", "02100"), ("Soissons", "02200")],
    "03": [("Moulins", "03000"), ("Montluçon", "03100"), ("Vichy", "03200")],
    "04": [("Digne-les-Bains", "04000"), ("Manosque", "04100"), ("Sisteron", "04200")],
    "05": [("Gap", "05000"), ("Briançon", "05100"), ("Embrun", "05200")],
    "06": [("Nice", "06000"), ("Cannes", "06400"), ("Antibes", "06600"), ("Grasse", "06130")],
    "07": [("Privas", "07000"), ("Annonay", "07100"), ("Aubenas", "07200")],
    "08": [("Charleville-Mézières", "08000"), ("Sedan", "08200"), ("Rethel", "08300")],
    "09": [("Foix", "09000"), ("Pamiers", "09100"), ("Saint-Girons", "09200")],
    "10": [("Troyes", "10000"), ("Romilly-sur-Seine", "10100"), ("Bar-sur-Aube", "10200")],
    "11": [("Carcassonne", "11000"), ("Narbonne", "11100"), ("Castelnaudary", "11400")],
    "12": [("Rodez", "12000"), ("Millau", "12100"), ("Villefranche-de-Rouergue", "12200")],
    "13": _arrondissements("Marseille", "130", 16)
    + [("Aix-en-Provence", "13100"), ("Arles", "13200"), ("Aubagne", "13400"), ("Martigues", "13500")],
    "14": [("Caen", "14000"), ("Lisieux", "14100"), ("Bayeux", "14400")],
    "15": [("Aurillac", "15000"), ("Saint-Flour", "15100"), ("Mauriac", "15200")],
    "16": [("Angoulême", "16000"), ("Cognac", "16100")],
    "17": [("La Rochelle", "17000"), ("Saintes", "17100"), ("Royan", "17200"), ("Rochefort", "17300")],
    "18": [("Bourges", "18000"), ("Vierzon", "18100")],
    "19": [("Tulle", "19000"), ("Brive-la-Gaillarde", "19100"), ("Ussel", "19200")],
    "2A": [("Ajaccio", "20000"), ("Ajaccio", "20090"), ("Porto-Vecchio", "20137"), ("Propriano", "20110")],
    "2B": [("Bastia", "20200"), ("Bastia", "20600"), ("Corte", "20250"), ("Calvi", "20260")],
    "21": [("Dijon", "21000"), ("Beaune", "21200"), ("Montbard", "21500")],
    "22": [("Saint-Brieuc", "22000"), ("Dinan", "22100"), ("Lannion", "22300")],
    "23": [("Guéret", "23000"), ("Aubusson", "23200")],
    "24": [("Périgueux", "24000"), ("Bergerac", "24100"), ("Sarlat-la-Canéda", "24200")],
    "25": [("Besançon", "25000"), ("Montbéliard", "25200"), ("Pontarlier", "25300")],
    "26": [("Valence", "26000"), ("Romans-sur-Isère", "26100"), ("Montélimar", "26200")],
    "27": [("Évreux", "27000"), ("Vernon", "27200"), ("Louviers", "27400")],
    "28": [("Chartres", "28000"), ("Dreux", "28100"), ("Châteaudun", "28200")],
    "29": [("Quimper", "29000"), ("Brest", "29200"), ("Morlaix", "29600")],
    "30": [("Nîmes", "30000"), ("Alès", "30100"), ("Bagnols-sur-Cèze", "30200")],
    "31": [("Toulouse", "31000"), ("Toulouse", "31100"), ("Toulouse", "31200"), ("Toulouse", "31300"),
           ("Toulouse", "31400"), ("Toulouse", "31500"), ("Muret", "31600"), ("Blagnac", "31700"),
           ("Saint-Gaudens", "31800")],
    "32": [("Auch", "32000"), ("Condom", "32100")],
    "33": [("Bordeaux", "33000"), ("Bordeaux", "33100"), ("Bordeaux", "33200"), ("Bordeaux", "33300"),
           ("Mérignac", "33700"), ("Pessac", "33600"), ("Libourne", "33500"), ("Arcachon", "33120")],
    "34": [("Montpellier", "34000"), ("Montpellier", "34070"), ("Montpellier", "34090"),
           ("Béziers", "34500"), ("Sète", "34200")],
    "35": [("Rennes", "35000"), ("Rennes", "35200"), ("Rennes", "35700"), ("Saint-Malo", "35400"),
           ("Fougères", "35300"), ("Vitré", "35500")],
    "36": [("Châteauroux", "36000"), ("Issoudun", "36100")],
    "37": [("Tours", "37000"), ("Tours", "37100"), ("Tours", "37200"), ("Joué-lès-Tours", "37300"),
           ("Amboise", "37400"), ("Chinon", "37500")],
    "38": [("Grenoble", "38000"), ("Grenoble", "38100"), ("Vienne", "38200"),
           ("Bourgoin-Jallieu", "38300"), ("Voiron", "38500")],
    "39": [("Lons-le-Saunier", "39000"), ("Dole", "39100"), ("Saint-Claude", "39200")],
    "40": [("Mont-de-Marsan", "40000"), ("Dax", "40100")],
    "41": [("Blois", "41000"), ("Vendôme", "41100"), ("Romorantin-Lanthenay", "41200")],
    "42": [("Saint-Étienne", "42000"), ("Saint-Étienne", "42100"), ("Roanne", "42300"),
           ("Montbrison", "42600")],
    "43": [("Le Puy-en-Velay", "43000"), ("Brioude", "43100"), ("Yssingeaux", "43200")],
    "44": [("Nantes", "44000"), ("Nantes", "44100"), ("Nantes", "44200"), ("Nantes", "44300"),
           ("Rezé", "44400"), ("Saint-Nazaire", "44600")],
    "45": [("Orléans", "45000"), ("Montargis", "45200"), ("Gien", "45500")],
    "46": [("Cahors", "46000"), ("Figeac", "46100")],
    "47": [("Agen", "47000"), ("Marmande", "47200"), ("Villeneuve-sur-Lot", "47300")],
    "48": [("Mende", "48000"), ("Marvejols", "48100")],
    "49": [("Angers", "49000"), ("Angers", "49100"), ("Cholet", "49300"), ("Saumur", "49400")],
    "50": [("Saint-Lô", "50000"), ("Cherbourg-en-Cotentin", "50100"), ("Granville", "50400")],
    "51": [("Châlons-en-Champagne", "51000"), ("Reims", "51100"), ("Épernay", "51200")],
    "52": [("Chaumont", "52000"), ("Saint-Dizier", "52100"), ("Langres", "52200")],
    "53": [("Laval", "53000"), ("Mayenne", "53100"), ("Château-Gontier-sur-Mayenne", "53200")],
    "54": [("Nancy", "54000"), ("Nancy", "54100"), ("Toul", "54200"), ("Lunéville", "54300")],
    "55": [("Bar-le-Duc", "55000"), ("Verdun", "55100")],
    "56": [("Vannes", "56000"), ("Lorient", "56100"), ("Pontivy", "56300")],
    "57": [("Metz", "57000"), ("Metz", "57050"), ("Thionville", "57100"), ("Sarreguemines", "57200"),
           ("Forbach", "57600")],
    "58": [("Nevers", "58000"), ("Cosne-Cours-sur-Loire", "58200")],
    "59": [("Lille", "59000"), ("Lille", "59800"), ("Roubaix", "59100"), ("Tourcoing", "59200"),
           ("Dunkerque", "59140"), ("Valenciennes", "59300"), ("Cambrai", "59400"), ("Douai", "59500"),
           ("Villeneuve-d'Ascq", "59650")],
    "60": [("Beauvais", "60000"), ("Creil", "60100"), ("Compiègne", "60200")],
    "61": [("Alençon", "61000"), ("Flers", "61100"), ("Argentan", "61200")],
    "62": [("Arras", "62000"), ("Calais", "62100"), ("Boulogne-sur-Mer", "62200"), ("Lens", "62300"),
           ("Béthune", "62400")],
    "63": [("Clermont-Ferrand", "63000"), ("Clermont-Ferrand", "63100"), ("Riom", "63200"),
           ("Issoire", "63500")],
    "64": [("Pau", "64000"), ("Bayonne", "64100"), ("Biarritz", "64200"), ("Anglet", "64600")],
    "65": [("Tarbes", "65000"), ("Lourdes", "65100")],
    "66": [("Perpignan", "66000"), ("Perpignan", "66100"), ("Céret", "66400"), ("Prades", "66500")],
    "67": [("Strasbourg", "67000"), ("Strasbourg", "67100"), ("Strasbourg", "67200"),
           ("Haguenau", "67500"), ("Sélestat", "67600"), ("Saverne", "67700")],
    "68": [("Colmar", "68000"), ("Mulhouse", "68100"), ("Mulhouse", "68200"), ("Saint-Louis", "68300")],
    "69": _arrondissements("Lyon", "690", 9)
    + [("Villeurbanne", "69100"), ("Vaulx-en-Velin", "69120"), ("Vénissieux", "69200"),
       ("Villefranche-sur-Saône", "69400"), ("Bron", "69500")],
    "70": [("Vesoul", "70000"), ("Lure", "70200"), ("Luxeuil-les-Bains", "70300")],
    "71": [("Mâcon", "71000"), ("Chalon-sur-Saône", "71100"), ("Le Creusot", "71200"), ("Autun", "71400")],
    "72": [("Le Mans", "72000"), ("Le Mans", "72100"), ("La Flèche", "72200"), ("Sablé-sur-Sarthe", "72300")],
    "73": [("Chambéry", "73000"), ("Aix-les-Bains", "73100"), ("Albertville", "73200")],
    "74": [("Annecy", "74000"), ("Annemasse", "74100"), ("Thonon-les-Bains", "74200"), ("Cluses", "74300")],
    "75": _arrondissements("Paris", "750", 20),
    "76": [("Rouen", "76000"), ("Rouen", "76100"), ("Le Havre", "76600"), ("Dieppe", "76200"),
           ("Fécamp", "76400")],
    "77": [("Melun", "77000"), ("Meaux", "77100"), ("Torcy", "77200"), ("Fontainebleau", "77300"),
           ("Chelles", "77500"), ("Serris", "77700")],
    "78": [("Versailles", "78000"), ("Saint-Germain-en-Laye", "78100"), ("Rambouillet", "78120"),
           ("Mantes-la-Jolie", "78200"), ("Poissy", "78300")],
    "79": [("Niort", "79000"), ("Parthenay", "79200"), ("Bressuire", "79300")],
    "80": [("Amiens", "80000"), ("Amiens", "80080"), ("Abbeville", "80100"), ("Péronne", "80200")],
    "81": [("Albi", "81000"), ("Castres", "81100"), ("Gaillac", "81600")],
    "82": [("Montauban", "82000"), ("Castelsarrasin", "82100"), ("Moissac", "82200")],
    "83": [("Toulon", "83000"), ("Toulon", "83100"), ("Toulon", "83200"), ("Draguignan", "83300"),
           ("Hyères", "83400"), ("La Seyne-sur-Mer", "83500"), ("Fréjus", "83600")],
    "84": [("Avignon", "84000"), ("Orange", "84100"), ("Carpentras", "84200"), ("Cavaillon", "84300")],
    "85": [("La Roche-sur-Yon", "85000"), ("Les Sables-d'Olonne", "85100"),
           ("Fontenay-le-Comte", "85200"), ("Challans", "85300")],
    "86": [("Poitiers", "86000"), ("Châtellerault", "86100"), ("Loudun", "86200")],
    "87": [("Limoges", "87000"), ("Limoges", "87100"), ("Limoges", "87280"), ("Saint-Junien", "87200")],
    "88": [("Épinal", "88000"), ("Saint-Dié-des-Vosges", "88100"), ("Remiremont", "88200")],
    "89": [("Auxerre", "89000"), ("Sens", "89100"), ("Avallon", "89200")],
    "90": [("Belfort", "90000"), ("Delle", "90100")],
    "91": [("Évry-Courcouronnes", "91000"), ("Corbeil-Essonnes", "91100"), ("Palaiseau", "91120"),
           ("Étampes", "91150"), ("Massy", "91300")],
    "92": [("Nanterre", "92000"), ("Boulogne-Billancourt", "92100"), ("Issy-les-Moulineaux", "92130"),
           ("Levallois-Perret", "92300"), ("Courbevoie", "92400"), ("Rueil-Malmaison", "92500"),
           ("Colombes", "92700")],
    "93": [("Bobigny", "93000"), ("Montreuil", "93100"), ("Saint-Denis", "93200"),
           ("Aubervilliers", "93300"), ("Pantin", "93500"), ("Aulnay-sous-Bois", "93600")],
    "94": [("Créteil", "94000"), ("Rungis", "94150"), ("Ivry-sur-Seine", "94200"), ("Vincennes", "94300"),
           ("Vitry-sur-Seine", "94400"), ("Champigny-sur-Marne", "94500")],
    "95": [("Cergy", "95000"), ("Argenteuil", "95100"), ("Sarcelles", "95200"), ("Pontoise", "95300"),
           ("Gonesse", "95500")],
    "971": [("Pointe-à-Pitre", "97110"), ("Basse-Terre", "97100"), ("Baie-Mahault", "97122"),
            ("Les Abymes", "97139")],
    "972": [("Fort-de-France", "97200"), ("Le Lamentin", "97232"), ("Schœlcher", "97233")],
    "973": [("Cayenne", "97300"), ("Kourou", "97310"), ("Saint-Laurent-du-Maroni", "97320")],
    "974": [("Saint-Denis", "97400"), ("Saint-Pierre", "97410"), ("Le Port", "97420"),
            ("Le Tampon", "97430"), ("Saint-Paul", "97460")],
    "976": [("Mamoudzou", "97600"), ("Dzaoudzi", "97615"), ("Koungou", "97690")],
}  # fmt: skip

STREET_KINDS = (("rue", 50), ("avenue", 15), ("boulevard", 7), ("chemin", 6), ("route", 5),
                ("allée", 5), ("place", 4), ("impasse", 4), ("quai", 2))  # fmt: skip
STREET_NAMES = (
    "de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "Pasteur",
    "de la Gare", "Gambetta", "Jules Ferry", "du Maréchal Foch", "du Maréchal Leclerc",
    "de Verdun", "du 8 Mai 1945", "du 11 Novembre 1918", "Nationale", "de l'Église",
    "des Écoles", "du Moulin", "Carnot", "Voltaire", "Émile Zola", "de Paris", "de la Liberté",
    "des Lilas", "des Peupliers", "Antoine de Saint-Exupéry", "Jean Moulin", "de la Mairie",
    "du Château", "des Acacias", "de la Paix", "Georges Clemenceau", "Aristide Briand",
    "Anatole France", "Paul Bert", "Albert Camus", "Pierre et Marie Curie", "des Tilleuls",
    "du Stade", "de l'Industrie", "des Artisans", "du Commerce", "de la Fontaine", "des Vignes",
    "du Port", "de la Forêt", "du Lac", "Sadi Carnot", "Gabriel Péri", "Frédéric Mistral",
    "Édouard Herriot", "de Lattre de Tassigny", "Henri Barbusse", "Jean Monnet", "Condorcet",
    "des Prés", "de la Croix Blanche", "des Frères Lumière", "Louise Michel", "Simone Veil",
    "Olympe de Gouges",
)  # fmt: skip
ADDRESS_COMPLEMENTS = (
    "Bâtiment A", "Bâtiment B", "Bâtiment C", "2e étage", "3e étage", "Zone industrielle",
    "ZA du Moulin", "Parc d'activités des Portes", "ZI Nord", "Immeuble Le Central",
    "Résidence Les Jardins", "Espace Entreprises",
)  # fmt: skip

COMPANY_TRADES = (
    "Boulangerie", "Transports", "Menuiserie", "Plomberie", "Électricité", "Garage",
    "Maçonnerie", "Charpente", "Couverture", "Métallerie", "Logistique", "Nettoyage",
    "Sécurité", "Imprimerie", "Paysages", "Ambulances", "Pharmacie", "Hôtel", "Restaurant",
    "Laboratoire", "Traiteur", "Blanchisserie", "Scierie", "Plasturgie", "Mécanique",
    "Chaudronnerie", "Peinture", "Carrosserie", "Supermarché", "Boucherie", "Aide à domicile",
    "Travaux publics", "Agroalimentaire", "Déménagements", "Froid industriel",
)  # fmt: skip
LEGAL_FORMS = ("SAS", "SARL", "SA", "EURL", "SASU", "SCOP")
CARE_HOMES = ("Les Tilleuls", "Les Glycines", "Le Clos Fleuri", "Les Jardins d'Automne",
              "La Roseraie", "Les Magnolias", "Le Val Joli", "Bel Air", "Les Cèdres")  # fmt: skip
SAINTS = ("Saint-Joseph", "Sainte-Marie", "Saint-Vincent", "Saint-Louis", "Sainte-Anne",
          "Saint-Martin", "Saint-Jean", "Notre-Dame")  # fmt: skip


def _weighted_counts(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders); once there are enough
    entities, every département gets at least one."""
    codes = sorted(weights)
    weight_sum = sum(weights.values())
    exact = {code: total * weights[code] / weight_sum for code in codes}
    counts = {code: int(exact[code]) for code in codes}
    if total >= len(codes):
        counts = {code: max(1, count) for code, count in counts.items()}
    gap = total - sum(counts.values())
    if gap > 0:
        by_remainder = sorted(codes, key=lambda c: (counts[c] - exact[c], c))
        for code in by_remainder[:gap]:
            counts[code] += 1
    elif gap < 0:
        by_excess = sorted(codes, key=lambda c: (exact[c] - counts[c], c))
        for code in by_excess:
            if gap == 0:
                break
            if counts[code] > 1:
                counts[code] -= 1
                gap += 1
    return counts


def department_weights() -> dict[str, float]:
    return {code: people * HEAD_OFFICE_BOOST.get(code, 1.0) for code, people in POPULATION.items()}


def of_town(town: str) -> str:
    """French elision and contraction: ``de Lyon``, ``d'Arras``, ``du Havre``, ``des Sables…``."""
    if town.startswith("Le "):
        return f"du {town[3:]}"
    if town.startswith("Les "):
        return f"des {town[4:]}"
    if ascii_fold(town[0]).lower() in "aeiouyh":
        return f"d'{town}"
    return f"de {town}"


def _acronym(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHIJLMNOPRSTV") for _ in range(rng.choice((3, 3, 4))))


def _company_name(rng: random.Random, town: str, person: Person) -> tuple[str, str]:
    """(raison sociale, nom commercial) of a company or public employer."""
    trade = rng.choice(COMPANY_TRADES)
    surname = person.last_name
    pattern = rng.random()
    if pattern < 0.3:
        name, trade_name = f"{trade} {surname}", ""
    elif pattern < 0.45:
        name, trade_name = f"{rng.choice(LEGAL_FORMS)} {surname} et Fils", f"{trade} {surname}"
    elif pattern < 0.6:
        name, trade_name = f"{trade} {of_town(town)}", ""
    elif pattern < 0.7:
        acronym = _acronym(rng)
        name, trade_name = f"{acronym} {trade}", acronym
    elif pattern < 0.78:
        name, trade_name = f"EHPAD {rng.choice(CARE_HOMES)}", ""
    elif pattern < 0.84:
        name, trade_name = f"Clinique {rng.choice(SAINTS)}", ""
    elif pattern < 0.88:
        name, trade_name = f"Centre hospitalier {of_town(town)}", ""
    elif pattern < 0.92:
        name, trade_name = f"Commune {of_town(town)}", f"Mairie {of_town(town)}"
    else:
        name, trade_name = f"{surname} {trade} {rng.choice(LEGAL_FORMS)}", ""
    return name, trade_name


def _training_org_name(
    rng: random.Random, town: str, region: str, person: Person
) -> tuple[str, str]:
    pattern = rng.random()
    if pattern < 0.2:
        return f"{town} Formation", ""
    if pattern < 0.35:
        acronym = _acronym(rng)
        return f"{acronym} Formation Sécurité", acronym
    if pattern < 0.5:
        return f"Centre de formation {person.last_name}", ""
    if pattern < 0.62:
        return f"Prévention {region} Conseil", ""
    if pattern < 0.72:
        return f"Association {town} Secourisme", ""
    if pattern < 0.84:
        return f"{person.last_name} Conseil et Formation", ""
    if pattern < 0.92:
        acronym = _acronym(rng)
        return f"Institut {acronym} de prévention des risques", acronym
    return f"Secourisme et Prévention {town}", ""


def registry_name(text: str) -> str:
    """Raison sociale as the SIRENE registry prints it: upper case, no accents."""
    return ascii_fold(text).upper()


def _street(rng: random.Random) -> str:
    kinds = [kind for kind, _ in STREET_KINDS]
    kind = rng.choices(kinds, weights=[w for _, w in STREET_KINDS])[0]
    number = rng.randint(1, 180)
    suffix = rng.choice((" bis", " ter")) if rng.random() < 0.04 else ""
    return f"{number}{suffix} {kind} {rng.choice(STREET_NAMES)}"


def _phone(rng: random.Random, department: str) -> str:
    if rng.random() < 0.15:
        prefix = rng.choice(("06", "07"))
    else:
        prefix = _PHONE_ZONE_BY_DEP.get(department) or _PHONE_ZONE[REGION_OF[department]]
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(10 - len(prefix)))
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _town(rng: random.Random, department: str) -> tuple[str, str]:
    towns = TOWNS[department]
    return rng.choices(
        towns, weights=[3 if i == 0 else 2 if i < 3 else 1 for i in range(len(towns))]
    )[0]


def generate_entities(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    """Entities over all départements, each with its manager; a third with delegates."""
    departments = {d.code: d for d in Department.objects.select_related("caisse").order_by("code")}
    companies, training_orgs = scaled(COMPANIES, scale), scaled(TRAINING_ORGS, scale)
    total = companies + training_orgs
    weights = {code: w for code, w in department_weights().items() if code in departments}
    placement = [
        code for code, count in _weighted_counts(total, weights).items() for _ in range(count)
    ]
    rng.shuffle(placement)
    kinds = [EntityKind.COMPANY] * companies + [EntityKind.TRAINING_ORG] * training_orgs
    rng.shuffle(kinds)

    taken_sirets = set(Entity.objects.values_list("siret", flat=True))
    taken_ndas = set(Entity.objects.exclude(nda="").values_list("nda", flat=True))
    siren_bases = iter(rng.sample(range(30_000_000, 99_999_999), total + 1_000))
    nda_next = {code: rng.randrange(10_000, 60_000) for code in departments}
    emails = EmailBook()

    entities: list[Entity] = []
    manager_specs: list[UserSpec] = []
    for kind, dep_code in zip(kinds, placement, strict=True):
        department = departments[dep_code]
        town, postcode = _town(rng, dep_code)
        head = random_person(rng, dep_code)
        if kind == EntityKind.COMPANY:
            name, trade_name = _company_name(rng, town, head)
        else:
            name, trade_name = _training_org_name(rng, town, REGIONS[REGION_OF[dep_code]][0], head)
        siret = ""
        while not siret or siret in taken_sirets:
            base = next(siren_bases)
            if base == 35_600_000:  # La Poste's SIREN follows another rule: keep clear of it
                continue
            siret = make_siret(base, rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 5, 12)))
        taken_sirets.add(siret)
        nda = ""
        if kind == EntityKind.TRAINING_ORG:
            while not nda or nda in taken_ndas:
                nda_next[dep_code] += rng.randint(1, 25)
                nda = make_nda(REGION_OF[dep_code], dep_code, nda_next[dep_code] % 100_000)
            taken_ndas.add(nda)
        entities.append(
            Entity(
                public_id=new_public_id(rng),
                kind=kind,
                name=registry_name(name)[:200],
                trade_name=trade_name,
                siret=siret,
                nda=nda,
                address_line=_street(rng),
                address_complement=rng.choice(ADDRESS_COMPLEMENTS) if rng.random() < 0.2 else "",
                postcode=postcode,
                city=town,
                department_id=department.pk,
                caisse_id=department.caisse_id,
                head_name=head.display,
                phone=_phone(rng, dep_code),
                contact_email=(
                    f"{mail_slug(head.first_name)}.{mail_slug(head.last_name)}@{random_provider(rng)}"
                    if rng.random() < 0.8
                    else ""
                ),
            )
        )
        # In small structures the head is often the correspondent (CEH) too.
        manager = head if rng.random() < 0.3 else random_person(rng, dep_code)
        manager_specs.append(UserSpec(manager, emails.personal(manager, rng)))

    delegated = sorted(rng.sample(range(total), round(total * DELEGATED_SHARE)))
    delegate_specs: list[tuple[int, UserSpec, list[str]]] = []
    for index in delegated:
        dep_code = placement[index]
        for _ in range(rng.randint(1, MAX_DELEGATES)):
            person = random_person(rng, dep_code)
            rights = rng.sample(DelegateRight.values, rng.randint(1, len(DelegateRight.values)))
            ordered = [right for right in DelegateRight.values if right in rights]
            delegate_specs.append((index, UserSpec(person, emails.personal(person, rng)), ordered))

    entities = bulk_insert(Entity, entities)
    progress(
        f"entités : {total} ({companies} entreprises, {training_orgs} organismes de formation)"
    )
    managers = create_users(manager_specs, rng=rng, password_hash=password_hash)
    delegates = create_users(
        [spec for _, spec, _ in delegate_specs], rng=rng, password_hash=password_hash
    )
    progress(f"gestionnaires et délégués : {len(managers) + len(delegates)} comptes")

    memberships = [
        Membership(
            public_id=new_public_id(rng),
            user_id=user.pk,
            entity_id=entity.pk,
            role=MembershipRole.MANAGER,
            rights=[],
        )
        for entity, user in zip(entities, managers, strict=True)
    ]
    memberships += [
        Membership(
            public_id=new_public_id(rng),
            user_id=user.pk,
            entity_id=entities[index].pk,
            role=MembershipRole.DELEGATE,
            rights=rights,
        )
        for (index, _, rights), user in zip(delegate_specs, delegates, strict=True)
    ]
    bulk_insert(Membership, memberships)
    progress(f"rattachements : {len(memberships)}")
    return {
        "entreprises": companies,
        "organismes de formation": training_orgs,
        "gestionnaires (CEH)": len(managers),
        "délégués": len(delegates),
        "rattachements": len(memberships),
    }
