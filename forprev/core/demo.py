"""Realistic French demo data: one account per role, entities across several caisses.

Idempotent: accounts are found by e-mail and entities by SIRET, so running it again changes
nothing. Later capabilities extend ``load_demo``.
"""

from django.db import transaction

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.entities.enums import DelegateRight, EntityKind, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership
from forprev.entities.services import entity_create
from forprev.referentials.models import Caisse, Department

DEMO_PASSWORD = "Demo-Forprev-2026!"  # noqa: S105 - documented demo password, demo mode only

ACCOUNTS = [
    # e-mail, last name, first name, staff role, caisse code
    ("manager@demo.forprev.fr", "Lefèvre", "Camille", "", None),
    ("delegate@demo.forprev.fr", "N'Diaye", "Awa", "", None),
    ("trainer@demo.forprev.fr", "Dubois-Martin", "Théo", "", None),
    ("instructor@demo.forprev.fr", "Garnier", "Sophie", StaffRole.INSTRUCTOR, "carsat-sud-est"),
    ("support@demo.forprev.fr", "Rousseau", "Julien", StaffRole.SUPPORT, None),
    ("national@demo.forprev.fr", "Morel", "Hélène", StaffRole.NATIONAL, None),
    (
        "instructor.rhone@demo.forprev.fr",
        "Chevalier",
        "Marc",
        StaffRole.INSTRUCTOR,
        "carsat-rhone-alpes",
    ),
    ("ceh.lyon@demo.forprev.fr", "Bernard", "Lucie", "", None),
    ("ceh.rennes@demo.forprev.fr", "Le Gall", "Yann", "", None),
    ("ceh.lille@demo.forprev.fr", "Lemaire", "Nadia", "", None),
    ("ceh.paris@demo.forprev.fr", "Da Silva", "Paulo", "", None),
    ("ceh.reunion@demo.forprev.fr", "Payet", "Anne-Marie", "", None),
]

ENTITIES = [
    # kind, name, trade name, SIREN base, département, postcode, city, address, head, manager e-mail
    (EntityKind.TRAINING_ORG, "FORMASUD PREVENTION", "Formasud", 51234567, "13", "13008", "Marseille",
     "27 boulevard Michelet", "Mme Claire Fabre", "manager@demo.forprev.fr"),
    (EntityKind.COMPANY, "SOCIETE PROVENCALE DE LOGISTIQUE", "Provlog", 41876543, "84", "84000", "Avignon",
     "12 avenue de la Synagogue", "M. Olivier Sanchez", "manager@demo.forprev.fr"),
    (EntityKind.COMPANY, "HOPITAL PRIVE DU VAR", "", 32765432, "83", "83000", "Toulon",
     "5 rue Picot", "Dr Isabelle Roux", None),
    (EntityKind.TRAINING_ORG, "RHONE SECOURS FORMATION", "RSF", 79912345, "69", "69007", "Lyon",
     "44 rue de Gerland", "M. Karim Benali", "ceh.lyon@demo.forprev.fr"),
    (EntityKind.COMPANY, "ARMOR AGROALIMENTAIRE", "", 38811223, "35", "35000", "Rennes",
     "3 rue de Brest", "Mme Gwenaëlle Tanguy", "ceh.rennes@demo.forprev.fr"),
    (EntityKind.COMPANY, "METALLERIE DU NORD", "", 44556677, "59", "59000", "Lille",
     "18 rue Nationale", "M. Jérôme Vandamme", "ceh.lille@demo.forprev.fr"),
    (EntityKind.TRAINING_ORG, "ILE-DE-FRANCE PREVENTION CONSEIL", "IDF Prév", 82233445, "75", "75011", "Paris",
     "102 boulevard Voltaire", "Mme Sarah Cohen", "ceh.paris@demo.forprev.fr"),
    (EntityKind.COMPANY, "BATIR OCEAN INDIEN", "", 35577889, "974", "97400", "Saint-Denis",
     "9 rue de Paris", "M. Jean-Claude Hoarau", "ceh.reunion@demo.forprev.fr"),
]  # fmt: skip

# A delegate of two entities shows the choice of the active entity.
DELEGATIONS = [
    ("delegate@demo.forprev.fr", "FORMASUD PREVENTION",
     [DelegateRight.DECLARE_SESSIONS, DelegateRight.CLOSE_SESSIONS, DelegateRight.MANAGE_TRAINERS]),
    ("delegate@demo.forprev.fr", "SOCIETE PROVENCALE DE LOGISTIQUE", [DelegateRight.EXPORTS]),
]  # fmt: skip

_NDA_REGIONS = {"13": 93, "69": 84, "75": 11}


def _account(email, last_name, first_name, staff_role, caisse_code) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    caisse = Caisse.objects.get(code=caisse_code) if caisse_code else None
    return User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        last_name=last_name,
        first_name=first_name,
        staff_role=staff_role,
        caisse=caisse,
    )


@transaction.atomic
def load_demo() -> dict:
    users = {row[0]: _account(*row) for row in ACCOUNTS}
    created_entities = 0
    for index, row in enumerate(ENTITIES, start=1):
        kind, name, trade, siren, dep, postcode, city, address, head, manager_email = row
        siret = make_siret(siren, 12 + index)
        if Entity.objects.filter(siret=siret).exists():
            continue
        department = Department.objects.get(code=dep)
        nda = (
            make_nda(_NDA_REGIONS.get(dep, 75), dep, 40000 + index)
            if kind == EntityKind.TRAINING_ORG
            else ""
        )
        entity_create(
            manager=users.get(manager_email) if manager_email else None,
            kind=kind,
            name=name,
            trade_name=trade,
            siret=siret,
            nda=nda,
            address_line=address,
            postcode=postcode,
            city=city,
            department=department,
            head_name=head,
            phone=f"04 91 00 00 {index:02d}",
            contact_email=f"contact{index}@demo.forprev.fr",
        )
        created_entities += 1
    for email, entity_name, rights in DELEGATIONS:
        entity = Entity.objects.get(name=entity_name)
        Membership.objects.get_or_create(
            user=users[email],
            entity=entity,
            revoked_at=None,
            defaults={"role": MembershipRole.DELEGATE, "rights": [str(r) for r in rights]},
        )
    from forprev.accreditations.demo import load_accreditations_demo
    from forprev.entities.demo import load_invitations_demo
    from forprev.freezes.demo import load_freezes_demo
    from forprev.trainers.demo import load_trainers_demo
    from forprev.training.demo import load_training_demo

    accreditation_rows = load_accreditations_demo()
    load_trainers_demo()
    load_training_demo()
    load_freezes_demo()
    load_invitations_demo()
    return {
        "accounts": len(users),
        "entities_created": created_entities,
        "accreditation_rows": accreditation_rows,
    }
