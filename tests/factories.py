"""Factories expressing situations as traits (STYLE.md)."""

import factory
from django.contrib.auth.hashers import make_password

from forprev.accounts.enums import StaffRole
from forprev.accounts.identifiers import issue_forprev_id
from forprev.accounts.models import User
from forprev.entities.enums import DelegateRight, EntityKind, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership
from forprev.referentials.models import Caisse, Department

PASSWORD = "Bon-Mot-de-passe-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    forprev_id = factory.LazyFunction(issue_forprev_id)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    class Params:
        instructor = factory.Trait(
            staff_role=StaffRole.INSTRUCTOR,
            caisse=factory.LazyFunction(lambda: Caisse.objects.get(code="carsat-sud-est")),
        )
        support = factory.Trait(staff_role=StaffRole.SUPPORT)
        national = factory.Trait(staff_role=StaffRole.NATIONAL)


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    kind = EntityKind.COMPANY
    name = factory.Sequence(lambda n: f"ENTREPRISE EXEMPLE {n}")
    siret = factory.Sequence(lambda n: make_siret(30_000_000 + n))
    address_line = "1 rue de la République"
    postcode = "13001"
    city = "Marseille"
    department = factory.LazyFunction(lambda: Department.objects.get(code="13"))
    caisse = factory.LazyAttribute(lambda o: o.department.caisse)

    class Params:
        training_org = factory.Trait(
            kind=EntityKind.TRAINING_ORG,
            nda=factory.Sequence(lambda n: make_nda(93, "13", 10_000 + n)),
        )
        in_lyon = factory.Trait(
            postcode="69003",
            city="Lyon",
            department=factory.LazyFunction(lambda: Department.objects.get(code="69")),
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    entity = factory.SubFactory(EntityFactory)
    role = MembershipRole.MANAGER
    rights = factory.LazyFunction(list)

    class Params:
        delegate = factory.Trait(
            role=MembershipRole.DELEGATE,
            rights=[DelegateRight.DECLARE_SESSIONS.value],
        )


# --- Habilitations. Appended by the directory (annuaire) work: its imports sit here, not at the
# top, so that parallel edits of the file's head do not conflict; move them up when convenient.
from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from forprev.accreditations.enums import AccreditationStatus  # noqa: E402
from forprev.accreditations.models import Accreditation  # noqa: E402
from forprev.referentials.models import ProgrammeLevel  # noqa: E402


class AccreditationFactory(factory.django.DjangoModelFactory):
    """An SST acteur (level 1) habilitation, active today: started a year ago, 4 years to run."""

    class Meta:
        model = Accreditation

    entity = factory.SubFactory(EntityFactory)
    programme_level = factory.LazyFunction(
        lambda: ProgrammeLevel.objects.get(programme__code="SST", level=1)
    )
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=4 * 365))
    status = AccreditationStatus.ACTIVE

    class Params:
        # Stored status still "active", dates in the past: expired by its dates (see .state).
        expired = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=6 * 365)),
            expires_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365)),
        )
        suspended = factory.Trait(status=AccreditationStatus.SUSPENDED)
        withdrawn = factory.Trait(status=AccreditationStatus.WITHDRAWN)
