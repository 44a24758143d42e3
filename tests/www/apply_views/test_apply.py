"""The public application: a provisional account for a new entity and its manager (CEH)."""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.urls import reverse

from forprev.accounts.identifiers import is_valid_forprev_id
from forprev.accounts.models import User
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership
from forprev.referentials.models import Caisse, Department
from tests.factories import PASSWORD, EntityFactory, MembershipFactory, UserFactory

SIRET = make_siret(41_000_000)
NDA = make_nda(93, "13", 12_345)


def spaced(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def company(**overrides):
    data = {
        "kind": "company",
        "name": "BOULANGERIE DES CALANQUES",
        "trade_name": "",
        "siret": spaced(SIRET),
        "nda": "",
        "address_line": "12 quai du Port",
        "address_complement": "",
        "postcode": "13002",
        "city": "Marseille",
        "department": "13",
        "head_name": "Lucie Martin",
        "phone": "04 91 00 00 00",
        "contact_email": "contact@calanques.fr",
        "last_name": "Martin",
        "first_name": "Lucie",
        "email": "lucie.martin@calanques.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    return {**data, **overrides}


def training_org(**overrides):
    data = {
        "kind": "training_org",
        "name": "FORMATIONS DU RHÔNE",
        "siret": make_siret(42_000_000),
        "nda": "93 69 12345 69",
        "postcode": "69003",
        "city": "Lyon",
        "department": "69",
        "email": "karim.benali@formations-rhone.fr",
        "last_name": "Benali",
        "first_name": "Karim",
    }
    return company(**{**data, **overrides})


@pytest.fixture
def apply(client, django_capture_on_commit_callbacks):
    def _apply(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("apply:start"), data)

    return _apply


def _counts():
    return User.objects.count(), Entity.objects.count(), Membership.objects.count()


@contextmanager
def nothing_saved():
    before, sent = _counts(), len(mail.outbox)
    yield
    assert _counts() == before
    assert len(mail.outbox) == sent


def errors_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_anonymous_sees_the_form_with_fieldsets_and_autocomplete(client):
    response = client.get(reverse("apply:start"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="description"' in html
    assert 'name="robots"' not in html
    assert html.count('class="fr-fieldset fr-mb-4w"') == 2
    assert "Gestionnaire (CEH)" in html
    for token in (
        "organization",
        "postal-code",
        "email",
        "new-password",
        "given-name",
        "family-name",
    ):
        assert f'autocomplete="{token}"' in html
    assert html.count("<option") == Department.objects.count() + 1
    assert "INVALID_TEMPLATE_VARIABLE" not in html


@pytest.mark.django_db
def test_company_applies_gets_its_account_and_is_logged_in(client, apply):
    response = apply(company())

    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")
    entity = Entity.objects.get()
    assert entity.kind == EntityKind.COMPANY
    assert entity.siret == SIRET  # spaces removed
    assert entity.caisse == Department.objects.get(code="13").caisse
    assert entity.caisse.code == "carsat-sud-est"
    user = User.objects.get(email="lucie.martin@calanques.fr")
    assert is_valid_forprev_id(user.forprev_id)
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get()
    assert (membership.user, membership.entity) == (user, entity)
    assert membership.role == MembershipRole.MANAGER
    assert client.session["_auth_user_id"] == str(user.pk)

    (message,) = mail.outbox
    assert message.to == ["lucie.martin@calanques.fr"]
    assert user.forprev_id in message.subject
    assert user.forprev_id in message.body
    assert "tronc commun" in message.body
    assert "demande d'habilitation" in message.body

    page = client.get(response.url).content.decode()
    assert user.forprev_id in page
    assert "Le compte de BOULANGERIE DES CALANQUES est créé" in page


@pytest.mark.django_db
def test_training_org_applies_with_its_nda(apply):
    assert apply(training_org()).status_code == 302

    entity = Entity.objects.get()
    assert entity.kind == EntityKind.TRAINING_ORG
    assert entity.nda == "93691234569"
    assert entity.caisse.code == "carsat-rhone-alpes"
    user = User.objects.get()
    assert entity.memberships.get().user == user
    assert user.forprev_id in mail.outbox[0].body


@pytest.mark.django_db
def test_email_is_stored_in_lower_case(apply):
    assert apply(company(email="Lucie.Martin@Calanques.FR")).status_code == 302
    assert User.objects.get().email == "lucie.martin@calanques.fr"


@pytest.mark.django_db
def test_unusual_nda_pattern_warns_without_blocking(client, apply):
    response = apply(training_org(nda="93 75 12345 76"))

    assert response.status_code == 302
    assert Entity.objects.get().nda == "93751234576"
    page = client.get(response.url).content.decode()
    assert "Les chiffres 3-4 du NDA (75) diffèrent des deux derniers (76)" in page


@pytest.mark.django_db
def test_corsican_postcode_fits_both_corsican_departements(apply):
    assert apply(company(postcode="20000", city="Ajaccio", department="2A")).status_code == 302
    assert Entity.objects.get().caisse.code == "carsat-sud-est"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("123 456 789", "Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi 9)."),
        (
            "1234567890123456",
            "Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi 16).",
        ),
        (
            SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10),
            "Ce SIRET n&#x27;est pas valide (clé de contrôle",
        ),
        ("ABCDEFGHIJKLMN", "Le SIRET doit comporter exactement 14 chiffres"),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_invalid_siret_is_refused(apply, siret, message):
    with nothing_saved():
        assert message in errors_of(apply(company(siret=siret)))


@pytest.mark.django_db
def test_training_org_without_nda_is_refused(apply):
    with nothing_saved():
        html = errors_of(apply(training_org(nda="")))
    assert (
        "Un organisme de formation doit renseigner son numéro de déclaration d&#x27;activité."
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("nda", "typed"), [("1234", 4), ("123456789012", 12), ("9369ABCDE69", 6)])
def test_malformed_nda_is_refused(apply, nda, typed):
    with nothing_saved():
        html = errors_of(apply(training_org(nda=nda)))
    assert f"doit comporter exactement 11 chiffres (vous en avez saisi {typed})" in html


@pytest.mark.django_db
def test_postcode_outside_the_departement_is_refused(apply):
    with nothing_saved():
        html = errors_of(apply(company(postcode="69003")))
    assert "Le code postal ne correspond pas au département choisi." in html


@pytest.mark.django_db
def test_malformed_postcode_is_refused(apply):
    with nothing_saved():
        html = errors_of(apply(company(postcode="13 00")))
    assert "Le code postal comporte exactement 5 chiffres." in html


@pytest.mark.django_db
def test_second_company_account_for_a_siret_names_the_caisse_not_the_manager(apply):
    existing = EntityFactory(in_lyon=True, siret=SIRET, name="BOULANGERIE HISTORIQUE")
    manager = MembershipFactory(
        entity=existing,
        # Names of their own: a random first name may be part of the page (« Denis » is in
        # the départements list, « Seine-Saint-Denis »).
        user=UserFactory(
            first_name="Anselmine",
            last_name="Secretissime",
            email="gestionnaire.secret@exemple.fr",
        ),
    ).user
    Caisse.objects.filter(pk=existing.caisse_id).update(email="habilitation@carsat-ra.fr")

    with nothing_saved():
        html = errors_of(apply(company()))

    assert (
        "Un compte existe déjà pour ce SIRET. Contactez le gestionnaire de ce compte ou, à défaut, "
        "votre caisse de rattachement : Carsat Rhône-Alpes (habilitation@carsat-ra.fr)."
    ) in html.replace("&#x27;", "'")
    for secret in (manager.last_name, manager.first_name, manager.email, manager.forprev_id):
        assert secret not in html


@pytest.mark.django_db
def test_second_training_org_account_for_an_nda_is_refused(apply):
    EntityFactory(training_org=True, nda="93691234569")

    with nothing_saved():
        html = errors_of(apply(training_org()))

    assert "Un compte existe déjà pour ce numéro de déclaration d&#x27;activité (NDA)." in html
    assert "Carsat Sud-Est." in html  # the caisse of the existing account, which has no e-mail


@pytest.mark.django_db
def test_uniqueness_is_per_kind_siret_for_companies_nda_for_training_orgs(apply, client):
    """The model enforces one company per SIRET and one training organisation per NDA: a training
    organisation may share a company's SIRET, and a company the SIRET of a training organisation."""
    EntityFactory(siret=SIRET)
    assert apply(training_org(siret=SIRET)).status_code == 302
    client.logout()
    EntityFactory(training_org=True, siret=make_siret(43_000_000), nda=make_nda(93, "13", 1))
    response = apply(company(siret=make_siret(43_000_000), email="autre@exemple.fr"))
    assert response.status_code == 302
    assert Entity.objects.filter(siret=SIRET).count() == 2


@pytest.mark.django_db
def test_two_training_orgs_may_share_a_siret_but_not_an_nda(apply, client):
    EntityFactory(training_org=True, siret=SIRET, nda=make_nda(93, "69", 1))
    assert apply(training_org(siret=SIRET)).status_code == 302
    client.logout()
    with nothing_saved():
        html = errors_of(apply(training_org(siret=SIRET, email="autre@exemple.fr")))
    assert "Un compte existe déjà pour ce numéro de déclaration" in html


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["lucie.martin@calanques.fr", "LUCIE.Martin@Calanques.fr"])
def test_email_already_used_by_an_account_is_refused_in_any_case(apply, email):
    UserFactory(email="lucie.martin@calanques.fr")

    with nothing_saved():
        html = errors_of(apply(company(email=email)))

    assert (
        "Cette adresse électronique est déjà associée à un compte Forprev : connectez-vous ou "
        "utilisez « Mot de passe oublié »."
    ) in html


@pytest.mark.django_db
def test_weak_password_lists_every_missing_rule(apply):
    with nothing_saved():
        html = errors_of(apply(company(password1="motdepasse", password2="motdepasse")))
    assert (
        "Le mot de passe doit contenir : une lettre majuscule, un chiffre, un caractère spécial"
        in html
    )


@pytest.mark.django_db
def test_short_password_and_password_like_the_name_are_refused(apply):
    with nothing_saved():
        html = errors_of(apply(company(password1="aB1!", password2="aB1!")))
    assert "au moins 8 caractères" in html
    with nothing_saved():
        html = errors_of(apply(company(password1="Martin2026!", password2="Martin2026!")))
    assert "Le mot de passe est trop semblable au champ" in html


@pytest.mark.django_db
def test_password_confirmation_must_match(apply):
    with nothing_saved():
        html = errors_of(apply(company(password2=PASSWORD + "x")))
    assert "Les deux mots de passe ne sont pas identiques." in html


@pytest.mark.django_db
def test_consent_to_the_reglement_is_required(apply):
    data = company()
    del data["consent"]
    with nothing_saved():
        html = errors_of(apply(data))
    assert "Cochez cette case pour créer le compte." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "kind",
        "name",
        "siret",
        "nda",
        "postcode",
        "department",
        "last_name",
        "email",
        "password1",
        "phone",
    ],
)
@pytest.mark.parametrize("value", ["\x00", "1234\x005678901", "x" * 10_000])
def test_hostile_values_answer_with_errors_and_save_nothing(apply, field, value):
    data = training_org(**{field: value}) if field == "nda" else company(**{field: value})
    with nothing_saved():
        html = errors_of(apply(data))
    assert "Le formulaire contient des erreurs" in html


@pytest.mark.django_db
def test_markup_in_a_name_is_kept_as_text_and_escaped(client, apply):
    response = apply(company(name="<script>alert(1)</script>"))
    assert response.status_code == 302
    assert Entity.objects.get().name == "<script>alert(1)</script>"
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["person", "manager", "instructor", "national"])
def test_logged_in_people_get_an_explanation_and_nothing_is_created(login_as, persona, apply):
    login_as(persona)
    with nothing_saved():
        html = errors_of(apply(company()))
    assert "Vous êtes déjà connecté(e)" in html
    assert 'name="siret"' not in html


@pytest.mark.django_db
def test_logging_out_from_the_explanation_comes_back_to_the_form(login_as):
    client = login_as("manager")
    response = client.post(reverse("accounts:logout"), {"next": reverse("apply:start")})
    assert response.url == reverse("apply:start")
    assert 'name="siret"' in client.get(response.url).content.decode()
