"""« Mes informations » reaches the person record: a user and their person are one identity.
Names change on the person at once — so on the certificates' verification page, their PDF and
the next certificate e-mail — with an audit entry (before → after); a confirmed e-mail address
too. Bad input changes nothing, with a French message."""

import re

import pytest
import weasyprint
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from forprev.certificates.tasks import send_certificate_email
from forprev.people.models import Person, person_name_key
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_LAST, NEW_FIRST = "Quintessard-Vély", "Jules-Zéphyr"


@pytest.fixture
def holder(closed_session):
    """The account of a trainee of the closed session, the person linked to it."""
    certificate = closed_session.certificates.order_by("person__last_name").first()
    person = certificate.person
    person.email = "jules.lefort@exemple.fr"
    person.user = UserFactory(
        last_name=person.last_name, first_name=person.first_name, email=person.email
    )
    person.save()
    return person.user


@pytest.fixture
def certificate(holder):
    return holder.person.certificates.get()


@pytest.fixture
def edit(client, holder, django_capture_on_commit_callbacks):
    client.force_login(holder)

    def _edit(**changes):
        data = {
            "first_name": holder.first_name,
            "last_name": holder.last_name,
            "email": holder.email,
            "current_password": PASSWORD,
        } | changes
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:my_info_edit"), data, follow=True)

    return _edit


@pytest.fixture
def printed(monkeypatch):
    pages = []

    class FakeHTML:
        def __init__(self, *, string):
            pages.append(string)

        def write_pdf(self):
            return b"%PDF-1.7 stub"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    return pages


def _verification(client, certificate) -> str:
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    return client.get(url).content.decode()


def test_a_new_name_reaches_the_person_verification_pdf_and_next_email(
    client, edit, holder, certificate, closed_session, login_as, printed, mailoutbox
):
    from django.test import Client

    anonymous = Client()
    assert "LEFORT0 Jules" in _verification(anonymous, certificate)  # cached for the day
    response = edit(last_name=NEW_LAST, first_name=NEW_FIRST)
    assert response.status_code == 200
    assert "Vos informations ont été enregistrées." in response.content.decode()
    person = Person.objects.get(user=holder)
    assert (person.last_name, person.first_name) == (NEW_LAST, NEW_FIRST)
    assert person.name_key == person_name_key(NEW_LAST, NEW_FIRST)
    page = _verification(anonymous, certificate)
    assert "QUINTESSARD-VÉLY Jules-Zéphyr" in page and "LEFORT0" not in page
    login_as("manager").get(
        reverse("training:certificate_pdf", args=[closed_session.public_id, certificate.number])
    )
    assert "QUINTESSARD-VÉLY Jules-Zéphyr" in printed[-1] and "LEFORT0" not in printed[-1]
    send_certificate_email.enqueue(certificate_id=certificate.pk)
    assert mailoutbox[-1].body.startswith("Bonjour Jules-Zéphyr,")
    assert mailoutbox[-1].to == ["jules.lefort@exemple.fr"]


def test_the_person_page_shows_the_new_name(edit, holder, login_as):
    edit(last_name=NEW_LAST, first_name=NEW_FIRST)
    person = Person.objects.get(user=holder)
    page = login_as("support").get(reverse("people:person_detail", args=[person.public_id]))
    assert "<h1>QUINTESSARD-VÉLY Jules-Zéphyr</h1>" in page.content.decode()


def test_the_change_is_audited_before_and_after_with_its_author(edit, holder):
    edit(last_name=NEW_LAST)
    person = Person.objects.get(user=holder)
    entry = (
        LogEntry.objects.get_for_object(person)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.changes_dict["last_name"] == ["Lefort0", NEW_LAST]
    assert "first_name" not in entry.changes_dict  # only what changed
    assert entry.actor == holder


def test_a_confirmed_address_reaches_the_person_and_the_next_certificate_email(
    client, edit, holder, certificate, django_capture_on_commit_callbacks, mailoutbox
):
    edit(email="jules.nouveau@exemple.fr")
    person = Person.objects.get(user=holder)
    assert person.email == "jules.lefort@exemple.fr"  # not before it is confirmed
    link = re.search(r"https?://[^/\s]+(/mes-informations/adresse/\S+/)", mailoutbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.group(1))
    person.refresh_from_db()
    holder.refresh_from_db()
    assert holder.email == person.email == "jules.nouveau@exemple.fr"
    assert (
        LogEntry.objects.get_for_object(person)
        .filter(action=LogEntry.Action.UPDATE, changes__icontains="jules.nouveau@exemple.fr")
        .exists()
    )
    send_certificate_email.enqueue(certificate_id=certificate.pk)
    assert mailoutbox[-1].to == ["jules.nouveau@exemple.fr"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_name": "   "}, "Ce champ est obligatoire."),
        ({"first_name": ""}, "Ce champ est obligatoire."),
        ({"last_name": "X" * 151}, "au plus 150 caractères"),
        ({"last_name": "Lefort\x00"}, "Le caractère nul n’est pas autorisé."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"last_name": NEW_LAST, "email": "autre@exemple.fr", "current_password": "faux"}, ""),
    ],
    ids=["blank-name", "empty-first-name", "too-long", "null-char", "bad-email", "bad-password"],
)
def test_bad_input_gets_a_french_message_and_changes_nothing(edit, holder, changes, message):
    person = Person.objects.get(user=holder)
    entries = LogEntry.objects.get_for_object(person).count()
    response = edit(**changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert "fr-error-text" in html or "fr-message--error" in html
    if message:
        assert message.replace("'", "&#x27;") in html or message in html
    holder.refresh_from_db()
    person = Person.objects.get(user=holder)
    assert (holder.last_name, holder.first_name) == ("Lefort0", "Jules")
    assert (person.last_name, person.first_name) == ("Lefort0", "Jules")
    assert holder.pending_email == ""
    assert LogEntry.objects.get_for_object(person).count() == entries


def test_when_the_person_refuses_the_account_keeps_its_name_too(
    edit, holder, monkeypatch, mailoutbox
):
    """Both are written in one transaction: the person's refusal undoes the account's change."""

    def refuse(self, *args, **kwargs):
        raise ValidationError({"last_name": ["Ce nom ne peut pas être enregistré."]})

    monkeypatch.setattr(Person, "full_clean", refuse)
    response = edit(last_name=NEW_LAST, email="jules.nouveau@exemple.fr")
    assert response.status_code == 200
    assert "Ce nom ne peut pas être enregistré." in response.content.decode()
    holder.refresh_from_db()
    assert holder.last_name == "Lefort0" and holder.pending_email == ""
    assert Person.objects.get(user=holder).last_name == "Lefort0"
    assert mailoutbox == []  # no confirmation link for a change that did not happen


def test_an_account_without_a_person_still_edits_its_names(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(last_name="Sans", first_name="Dossier")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:my_info_edit"),
            {"first_name": "Dossier", "last_name": "Sans-Personne", "email": user.email},
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_name == "Sans-Personne"
    assert not Person.objects.filter(user=user).exists()
