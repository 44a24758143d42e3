"""The public application: the form answers the same « check your mailbox » page whatever the
database knows; the e-mailed link creates the account, the provisional entity and the manager
membership, and logs the new manager in."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.identifiers import is_valid_forprev_id
from forprev.accounts.models import User
from forprev.entities.application import entity_apply
from forprev.entities.enums import EntityKind, EntityStatus, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership, PendingApplication
from forprev.referentials.models import Caisse, Department
from tests.factories import PASSWORD, EntityFactory, MembershipFactory, UserFactory

SIRET = make_siret(41_000_000)
NDA = make_nda(93, "13", 12_345)
LINK = re.compile(r"https?://[^/\s]+(/demander-une-habilitation/confirmer/\S+/)")


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


def pending_for(email: str, **overrides) -> PendingApplication:
    """A pending application for ``email`` (its e-mail is not sent: no commit in a test)."""
    entity_fields = {
        "kind": EntityKind.COMPANY,
        "name": "BOULANGERIE DES CALANQUES",
        "siret": SIRET,
        "address_line": "12 quai du Port",
        "postcode": "13002",
        "city": "Marseille",
        "department": Department.objects.get(code="13"),
        **overrides,
    }
    return entity_apply(
        entity_fields=entity_fields,
        manager_fields={"first_name": "Lucie", "last_name": "Martin", "email": email},
        password=PASSWORD,
    )


@pytest.fixture
def apply(client, django_capture_on_commit_callbacks):
    def _apply(data, on=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return (on or client).post(reverse("apply:start"), data, **extra)

    return _apply


def link_in_last_mail() -> str:
    """The path of the confirmation link in the last e-mail."""
    return LINK.search(mail.outbox[-1].body).group(1)


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """Follow the e-mailed link and press the button."""

    def _confirm(path=None, on=None):
        path = path or link_in_last_mail()
        browser = on or client
        assert browser.get(path).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            return browser.post(path)

    return _confirm


def _counts():
    return User.objects.count(), Entity.objects.count(), Membership.objects.count()


@contextmanager
def nothing_saved():
    before, sent = _counts(), len(mail.outbox)
    pending = PendingApplication.objects.count()
    yield
    assert _counts() == before
    assert PendingApplication.objects.count() == pending
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
    assert "Vous recevrez un courriel" in html
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


# --- The form's answer: no account, no login, no numéro -------------------------------------


@pytest.mark.django_db
def test_application_answers_check_your_mailbox_and_creates_nothing_that_can_act(client, apply):
    response = apply(company())

    assert response.status_code == 302
    assert response.url == reverse("apply:sent")
    assert "_auth_user_id" not in client.session
    assert _counts() == (0, 0, 0)
    page = client.get(response.url).content.decode()
    assert "Si les informations sont correctes, un courriel vient d'être envoyé" in page
    (message,) = mail.outbox
    assert message.to == ["lucie.martin@calanques.fr"]
    assert "/demander-une-habilitation/confirmer/" in message.body


@pytest.mark.django_db
def test_links_in_the_mail_come_from_the_site_url_not_the_host(apply, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    apply(company(), HTTP_HOST="attaquant.example")
    (message,) = mail.outbox
    assert "attaquant" not in message.body
    assert "https://forprev.example.fr/demander-une-habilitation/confirmer/" in message.body


def _same_answer(first, second):
    """Both clients' answers: the same redirect, then the same page but for the CSRF token and
    the CSP nonce (different on every page)."""

    def normalised(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'nonce="[^"]+"', "", html)

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert sorted(first.cookies) == sorted(second.cookies)
    pages = [Client().get(first["Location"]), Client().get(second["Location"])]
    assert pages[0].status_code == pages[1].status_code == 200
    assert normalised(pages[0].content.decode()) == normalised(pages[1].content.decode())


@pytest.mark.django_db
def test_known_and_unknown_email_get_the_same_answer(apply):
    known = UserFactory(email="deja.inscrite@calanques.fr")
    MembershipFactory(user=known)
    answer_known = apply(company(email="Deja.Inscrite@calanques.fr"), on=Client())
    answer_unknown = apply(company(email="personne@calanques.fr"), on=Client())

    _same_answer(answer_known, answer_unknown)
    # Each address got one e-mail: only its owner learns whether an account exists.
    assert [m.to for m in mail.outbox] == [
        ["deja.inscrite@calanques.fr"],
        ["personne@calanques.fr"],
    ]
    assert "déjà associée à un compte Forprev" in mail.outbox[0].body
    assert known.forprev_id not in mail.outbox[0].body
    assert "/confirmer/" in mail.outbox[1].body
    assert PendingApplication.objects.get().email == "personne@calanques.fr"


@pytest.mark.django_db
@pytest.mark.parametrize("held", [EntityStatus.RECOGNISED, EntityStatus.PROVISIONAL])
def test_known_and_unknown_siret_get_the_same_answer(apply, held):
    EntityFactory(in_lyon=True, siret=SIRET, status=held, name="BOULANGERIE HISTORIQUE")
    answer_known = apply(company(email="a@exemple.fr"), on=Client())
    answer_unknown = apply(company(email="b@exemple.fr", siret=make_siret(41_000_001)), on=Client())
    _same_answer(answer_known, answer_unknown)
    assert PendingApplication.objects.count() == 2
    for message in mail.outbox:
        assert "HISTORIQUE" not in message.body
        assert "Rhône-Alpes" not in message.body


@pytest.mark.django_db
def test_known_nda_gets_the_same_answer(apply):
    EntityFactory(training_org=True, nda="93691234569")
    _same_answer(
        apply(training_org(), on=Client()),
        apply(training_org(nda="93 69 54321 69", email="x@exemple.fr"), on=Client()),
    )


# --- The link --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_company_confirms_its_address_gets_its_account_and_is_logged_in(client, apply, confirm):
    apply(company())
    path = link_in_last_mail()

    page = client.get(path)
    assert page.status_code == 200
    assert _counts() == (0, 0, 0)  # following the link (a mail scanner) creates nothing
    assert "BOULANGERIE DES CALANQUES" in page.content.decode()
    mail.outbox.clear()

    response = confirm(path)

    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")
    entity = Entity.objects.get()
    assert entity.kind == EntityKind.COMPANY
    assert entity.status == EntityStatus.PROVISIONAL
    assert entity.siret == SIRET  # spaces removed
    assert entity.caisse.code == "carsat-sud-est"
    user = User.objects.get(email="lucie.martin@calanques.fr")
    assert is_valid_forprev_id(user.forprev_id)
    assert user.is_active
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

    home = client.get(response.url).content.decode()
    assert user.forprev_id in home
    assert "Le compte de BOULANGERIE DES CALANQUES est créé" in home


@pytest.mark.django_db
def test_training_org_confirms_with_its_nda(apply, confirm):
    apply(training_org())
    assert confirm().status_code == 302
    entity = Entity.objects.get()
    assert entity.kind == EntityKind.TRAINING_ORG
    assert entity.nda == "93691234569"
    assert entity.caisse.code == "carsat-rhone-alpes"
    assert entity.memberships.get().user == User.objects.get()


@pytest.mark.django_db
def test_email_is_stored_in_lower_case(apply, confirm):
    apply(company(email="Lucie.Martin@Calanques.FR"))
    assert mail.outbox[0].to == ["lucie.martin@calanques.fr"]
    confirm()
    assert User.objects.get().email == "lucie.martin@calanques.fr"


@pytest.mark.django_db
def test_unusual_nda_pattern_warns_without_blocking(client, apply, confirm):
    apply(training_org(nda="93 75 12345 76"))
    response = confirm()
    assert response.status_code == 302
    assert Entity.objects.get().nda == "93751234576"
    page = client.get(response.url).content.decode()
    assert "Les chiffres 3-4 du NDA (75) diffèrent des deux derniers (76)" in page


@pytest.mark.django_db
def test_corsican_postcode_fits_both_corsican_departements(apply, confirm):
    apply(company(postcode="20000", city="Ajaccio", department="2A"))
    assert confirm().status_code == 302
    assert Entity.objects.get().caisse.code == "carsat-sud-est"


@pytest.mark.django_db
def test_used_link_says_so_with_the_way_back(client, apply, confirm):
    apply(company())
    path = link_in_last_mail()
    confirm(path)
    fresh = Client()
    for response in (fresh.get(path), fresh.post(path)):
        assert response.status_code == 410
        html = response.content.decode()
        assert "Ce lien de confirmation a déjà servi" in html
        assert reverse("apply:start") in html
        assert reverse("accounts:login") in html
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_expired_link_says_so_and_creates_nothing(client, apply):
    apply(company())
    path = link_in_last_mail()
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 410
            html = response.content.decode()
            assert "Ce lien de confirmation a expiré" in html
            assert "48 heures" in html
            assert reverse("apply:start") in html
    assert _counts() == (0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "x",
        "abc:def:ghi",
        "%00",
        "é" * 20,
        "a" * 3000,
        "Ij4xYzI0OGU3LTA4YjUtNDJiYy05MWI2LTgxNzNkOWY5YjY4YSI:1vRq2x:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_forged_link_answers_the_same_page_never_a_crash(client, apply, token):
    apply(company())
    url = reverse("apply:confirm", kwargs={"token": token})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "Lien de confirmation inutilisable" in response.content.decode()
    assert _counts() == (0, 0, 0)


@pytest.mark.django_db
def test_address_taken_before_the_link_is_followed(client, apply, confirm):
    apply(company())
    UserFactory(email="lucie.martin@calanques.fr")
    response = confirm()
    assert response.status_code == 200
    assert "déjà associée à un compte Forprev" in response.content.decode()
    assert not Entity.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["person", "manager", "instructor"])
def test_logged_in_person_following_a_link_creates_nothing(login_as, apply, persona):
    apply(company(), on=Client())
    path = link_in_last_mail()
    client = login_as(persona)
    with nothing_saved():
        for response in (client.get(path), client.post(path)):
            html = errors_of(response)
            assert "Vous êtes déjà connecté(e)" in html
            assert f'value="{path}"' in html  # logging out comes back to the link


# --- Two applicants for one number: told to contact the caisse after confirming ---------------


@pytest.mark.django_db
def test_second_applicant_for_a_siret_is_told_after_the_link_to_contact_the_caisse(
    client, apply, confirm
):
    existing = EntityFactory(in_lyon=True, siret=SIRET, name="BOULANGERIE HISTORIQUE")
    manager = MembershipFactory(
        entity=existing,
        user=UserFactory(
            first_name="Anselmine", last_name="Secretissime", email="gestionnaire.secret@exemple.fr"
        ),
    ).user
    Caisse.objects.filter(code="carsat-sud-est").update(email="habilitation@carsat-se.fr")

    apply(company())
    assert "Carsat" not in mail.outbox[-1].body  # nothing said before the address is confirmed
    response = confirm()

    assert response.status_code == 302
    entity = Entity.objects.get(name="BOULANGERIE DES CALANQUES")
    assert entity.status == EntityStatus.PROVISIONAL
    html = client.get(response.url).content.decode().replace("&#x27;", "'")
    expected = (
        "Un autre compte revendique déjà ce SIRET. Votre compte reste provisoire : contactez "
        "votre caisse de rattachement, Carsat Sud-Est (habilitation@carsat-se.fr)"
    )
    assert expected in html
    assert expected in mail.outbox[-1].body
    for secret in (
        "HISTORIQUE",
        manager.last_name,
        manager.first_name,
        manager.email,
        manager.forprev_id,
    ):
        assert secret not in html
        assert secret not in mail.outbox[-1].body


@pytest.mark.django_db
def test_uniqueness_is_per_kind_siret_for_companies_nda_for_training_orgs(apply, confirm):
    """A training organisation may share a company's SIRET: no claim conflict."""
    EntityFactory(siret=SIRET)
    apply(training_org(siret=SIRET))
    response = confirm(on=Client())
    assert response.status_code == 302
    assert "revendique" not in mail.outbox[-1].body
    assert Entity.objects.filter(siret=SIRET).count() == 2


# --- Input checks (unchanged: they depend on what was typed only) -----------------------------


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
def test_markup_in_a_name_is_kept_as_text_and_escaped(client, apply, confirm):
    apply(company(name="<script>alert(1)</script>"))
    path = link_in_last_mail()
    confirm_page = client.get(path).content.decode()
    assert "<script>alert(1)</script>" not in confirm_page
    response = confirm(path)
    assert Entity.objects.get().name == "<script>alert(1)</script>"
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["person", "manager", "instructor", "national"])
def test_logged_in_people_get_an_explanation_and_nothing_is_created(login_as, persona, apply):
    client = login_as(persona)
    with nothing_saved():
        html = errors_of(apply(company(), on=client))
    assert "Vous êtes déjà connecté(e)" in html
    assert 'name="siret"' not in html


@pytest.mark.django_db
def test_logging_out_from_the_explanation_comes_back_to_the_form(login_as):
    client = login_as("manager")
    response = client.post(reverse("accounts:logout"), {"next": reverse("apply:start")})
    assert response.url == reverse("apply:start")
    assert 'name="siret"' in client.get(response.url).content.decode()
