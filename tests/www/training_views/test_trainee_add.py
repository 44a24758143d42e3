"""The "add a trainee" page: search among the people the entity knows, enrol, create, take off."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person
from forprev.training import selectors
from forprev.training.enums import SessionStatus
from forprev.training.models import Enrolment
from tests.session_fixtures import enrolled_in


def add_url(session):
    return reverse("training:trainee_add", args=[session.public_id])


def search(client, session, nom, prenom="", naissance="1990-03-12"):
    return client.post(add_url(session), {"nom": nom, "prenom": prenom, "naissance": naissance})


def create(client, session, **changes):
    data = {"last_name": "Martin", "first_name": "Léa", "birth_date": "12/03/1990", "email": ""}
    data.update(changes)
    return client.post(reverse("training:trainee_create", args=[session.public_id]), data)


def enrol_url(session, person):
    return reverse("training:trainee_enrol", args=[session.public_id, person.public_id])


def remove_url(session, enrolment):
    return reverse("training:trainee_remove", args=[session.public_id, enrolment.public_id])


# The page.


@pytest.mark.django_db
def test_the_page_is_a_dsfr_form_with_one_title_and_no_personal_autocomplete(login_as, session):
    response = login_as("manager").get(add_url(session))
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Ajouter un stagiaire" in html
    assert '<fieldset class="fr-fieldset"' in html and "fr-fieldset__legend" in html
    assert '<label for="id_nom" class="fr-label">' in html
    assert html.count('autocomplete="off"') >= 3
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    assert "inscrits sur 10 places" in html
    assert "id_last_name" not in html  # the creation form comes after a search


@pytest.mark.django_db
def test_session_detail_links_to_the_page_only_for_those_who_may_edit(login_as, session):
    url = reverse("training:session_detail", args=[session.public_id])
    assert add_url(session) in login_as("manager").get(url).content.decode()
    assert add_url(session) not in login_as("delegate_without_right").get(url).content.decode()
    session.status = SessionStatus.SUBMITTED
    session.save()
    assert add_url(session) not in login_as("manager").get(url).content.decode()


# Search.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nom", "prenom", "naissance"),
    [("LEFEVRE", "", "1990-03-12"), ("lefè", "eloise", "12/03/1990"), ("Le", "É", "1990-03-12")],
)
def test_search_finds_by_accent_insensitive_name_and_birth_date(
    login_as, session, earlier, nom, prenom, naissance
):
    person = enrolled_in(earlier, email="eloise@exemple.fr")
    response = search(login_as("manager"), session, nom, prenom, naissance)
    html = response.content.decode()
    assert response.status_code == 200
    assert person.forprev_id in html and "Lefèvre" in html and "12/03/1990" in html
    assert enrol_url(session, person) in html
    assert "eloise@exemple.fr" not in html  # the e-mail is never shown here
    assert "INVALID_TEMPLATE_VARIABLE" not in html


@pytest.mark.django_db
def test_search_does_not_find_another_entitys_trainee(login_as, session, elsewhere):
    stranger = enrolled_in(elsewhere)
    html = search(login_as("manager"), session, "lefevre").content.decode()
    assert stranger.forprev_id not in html and str(stranger.public_id) not in html
    assert "Aucune personne connue de l" in html
    # The creation form is offered, filled with what was searched.
    assert 'name="last_name" value="lefevre"' in html
    assert 'value="1990-03-12"' in html


@pytest.mark.django_db
def test_search_shows_who_is_already_enrolled_without_a_button(login_as, session):
    person = enrolled_in(session)
    html = search(login_as("manager"), session, "lefevre").content.decode()
    assert "Déjà inscrit" in html and enrol_url(session, person) not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nom": "", "naissance": "1990-03-12"}, "Ce champ est obligatoire"),
        ({"nom": "-'", "naissance": "1990-03-12"}, "Saisissez au moins une lettre"),
        ({"nom": "Martin", "naissance": "31/02/1990"}, "Saisissez une date valide"),
        ({"nom": "Martin", "naissance": "1899-12-31"}, "plus de 100 ans"),
        ({"nom": "Martin", "naissance": "2999-01-01"}, "dans le futur"),
    ],
)
def test_bad_searches_are_refused_in_french(login_as, session, data, message):
    response = login_as("manager").post(add_url(session), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "La recherche contient des erreurs" in html
    assert "Résultats" not in html


@pytest.mark.django_db
def test_search_says_when_there_are_more_people_than_shown(login_as, session, earlier, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES_LIMIT", 3)
    for index in range(4):
        enrolled_in(earlier, last_name=f"Martin{index}", first_name="Léa")
    html = search(login_as("manager"), session, "martin").content.decode()
    assert "Plus de 3 personnes correspondent" in html
    assert all(f"Martin{index}" in html for index in range(3)) and "Martin3" not in html


@pytest.mark.django_db
def test_the_result_list_costs_the_same_queries_for_two_or_twenty_people(
    login_as, session, earlier
):
    client = login_as("manager")
    for index in range(2):
        enrolled_in(earlier, last_name=f"Martin{index}", first_name="Léa")
    search(client, session, "martin")  # the page's caches (announced freezes) filled once
    with CaptureQueriesContext(connection) as few:
        search(client, session, "martin")
    for index in range(2, 20):
        enrolled_in(earlier, last_name=f"Martin{index}", first_name="Léa")
    with CaptureQueriesContext(connection) as many:
        html = search(client, session, "martin").content.decode()
    assert html.count("Inscrire<span") == 20
    assert len(many) == len(few)


# Enrolment.


@pytest.mark.django_db
def test_inscrire_enrols_and_comes_back_to_the_page(login_as, session, earlier):
    person = enrolled_in(earlier)
    response = login_as("delegate").post(enrol_url(session, person), follow=True)
    assert response.redirect_chain[-1][0] == add_url(session)
    assert "LEFÈVRE Éloïse : inscription enregistrée" in response.content.decode()
    assert session.enrolments.filter(person=person).exists()


@pytest.mark.django_db
def test_enrolling_another_entitys_person_by_public_id_is_a_404(login_as, session, elsewhere):
    stranger = enrolled_in(elsewhere)
    response = login_as("manager").post(enrol_url(session, stranger))
    assert response.status_code == 404
    assert not session.enrolments.exists()
    unknown = reverse("training:trainee_enrol", args=[session.public_id, uuid.uuid4()])
    assert login_as("manager").post(unknown).status_code == 404


@pytest.mark.django_db
def test_enrolling_twice_shows_a_french_message(login_as, session):
    person = enrolled_in(session)
    response = login_as("manager").post(enrol_url(session, person), follow=True)
    assert "figure déjà parmi les stagiaires" in response.content.decode()
    assert session.enrolments.count() == 1


@pytest.mark.django_db
def test_a_full_session_refuses_with_a_message_and_hides_the_buttons(login_as, session, earlier):
    session.capacity = 1
    session.save()
    enrolled_in(session, last_name="Premier")
    person = enrolled_in(earlier)
    client = login_as("manager")
    html = search(client, session, "lefevre").content.decode()
    assert "La session est complète" in html and enrol_url(session, person) not in html
    assert "id_last_name" not in html
    response = client.post(enrol_url(session, person), follow=True)
    assert "ses 1 places sont toutes prises" in response.content.decode()
    assert session.enrolments.count() == 1


@pytest.mark.django_db
def test_enrol_is_post_only(login_as, session, earlier):
    person = enrolled_in(earlier)
    assert login_as("manager").get(enrol_url(session, person)).status_code == 405
    assert not session.enrolments.exists()


# Creation.


@pytest.mark.django_db
def test_a_person_not_found_is_created_and_enrolled(login_as, session):
    client = login_as("manager")
    response = create(client, session, email="lea.martin@exemple.fr")
    person = Person.objects.get()
    assert response.url == add_url(session)
    assert person.forprev_id and person.email == "lea.martin@exemple.fr"
    assert session.enrolments.filter(person=person).exists()
    html = client.get(add_url(session)).content.decode()
    assert f"créée avec le numéro Forprev {person.forprev_id}" in html


@pytest.mark.django_db
def test_creating_a_known_person_reuses_them(login_as, session, earlier):
    known = enrolled_in(earlier, last_name="Martin", first_name="Léa")
    client = login_as("manager")
    response = create(client, session, last_name="MARTIN", first_name="lea")
    assert response.status_code == 302
    assert Person.objects.count() == 1 and session.enrolments.get().person == known
    html = client.get(add_url(session)).content.decode()
    assert "aucun doublon" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth_date": "01/01/1850"}, "plus de 100 ans"),
        ({"birth_date": "2999-12-31"}, "dans le futur"),
        ({"birth_date": "pas une date"}, "Saisissez une date valide"),
        ({"last_name": ""}, "Ce champ est obligatoire"),
        ({"first_name": "=CMD()"}, "ne peut pas commencer par"),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide"),
    ],
)
def test_bad_creations_are_refused_in_french_and_write_nothing(login_as, session, changes, message):
    response = create(login_as("manager"), session, **changes)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Le formulaire contient des erreurs" in html
    assert not Person.objects.exists() and not session.enrolments.exists()


@pytest.mark.django_db
def test_a_domain_refusal_at_creation_is_shown_on_the_form(login_as, session):
    enrolled_in(session, last_name="Martin", first_name="Léa")
    response = create(login_as("manager"), session)
    assert response.status_code == 200
    assert "MARTIN Léa figure déjà parmi les stagiaires" in response.content.decode()
    assert Person.objects.count() == 1


# Removal.


@pytest.mark.django_db
def test_retirer_asks_for_confirmation_then_takes_the_trainee_off(login_as, session):
    person = enrolled_in(session)
    enrolment = session.enrolments.get()
    client = login_as("manager")
    page = client.get(remove_url(session, enrolment)).content.decode()
    assert page.count("<h1") == 1 and person.forprev_id in page
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()  # nothing written on GET
    assert remove_url(session, enrolment) in client.get(add_url(session)).content.decode()
    response = client.post(remove_url(session, enrolment), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "training:session_detail", args=[session.public_id]
    )
    assert "LEFÈVRE Éloïse : inscription retirée" in response.content.decode()
    assert not session.enrolments.exists() and Person.objects.filter(pk=person.pk).exists()
    assert client.post(remove_url(session, enrolment)).status_code == 404  # second click


@pytest.mark.django_db
def test_an_enrolment_of_another_session_is_a_404_here(login_as, session, earlier):
    enrolled_in(earlier)
    other = earlier.enrolments.get()
    assert login_as("manager").post(remove_url(session, other)).status_code == 404
    assert Enrolment.objects.filter(pk=other.pk).exists()


# Forged requests.


def forged_requests(session, person, enrolment):
    return [
        ("post", add_url(session), {"nom": "lefevre", "naissance": "1990-03-12"}),
        ("post", enrol_url(session, person), {}),
        (
            "post",
            reverse("training:trainee_create", args=[session.public_id]),
            {"last_name": "Nouveau", "first_name": "Léa", "birth_date": "1990-03-12"},
        ),  # fmt: skip
        ("get", remove_url(session, enrolment), {}),
        ("post", remove_url(session, enrolment), {}),
    ]


def snapshot():
    return (
        Person.objects.count(),
        sorted(Enrolment.objects.values_list("session_id", "person_id")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [SessionStatus.SUBMITTED, SessionStatus.VALIDATED])
def test_forged_requests_on_a_session_no_longer_in_preparation_are_403(
    login_as, session, earlier, status
):
    person = enrolled_in(earlier)
    enrolled_in(session, last_name="Déjà")
    enrolment = session.enrolments.get()
    session.status = status
    session.save()
    before = snapshot()
    client = login_as("manager")
    for method, url, data in forged_requests(session, person, enrolment):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


@pytest.mark.django_db
def test_forged_requests_on_a_closed_session_are_403(login_as, closed_session, earlier):
    person = enrolled_in(earlier)
    enrolment = closed_session.enrolments.first()
    before = snapshot()
    client = login_as("manager")
    for method, url, data in forged_requests(closed_session, person, enrolment):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


@pytest.mark.django_db
def test_a_delegate_without_the_declaring_right_gets_403_everywhere(login_as, session, earlier):
    person = enrolled_in(earlier)
    enrolled_in(session, last_name="Déjà")
    enrolment = session.enrolments.get()
    before = snapshot()
    client = login_as("delegate_without_right")
    assert client.get(add_url(session)).status_code == 403
    for method, url, data in forged_requests(session, person, enrolment):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


@pytest.mark.django_db
def test_another_entitys_manager_sees_nothing(login_as, session, earlier):
    person = enrolled_in(earlier)
    enrolled_in(session, last_name="Déjà")
    enrolment = session.enrolments.get()
    before = snapshot()
    client = login_as("manager_elsewhere")
    for method, url, data in forged_requests(session, person, enrolment):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot() == before


@pytest.mark.django_db
def test_dates_in_the_past_are_typed_as_day_month_year_too(login_as, session):
    born = timezone.localdate().replace(year=timezone.localdate().year - 30, day=1)
    response = create(login_as("manager"), session, birth_date=born.strftime("%d/%m/%Y"))
    assert response.status_code == 302
    assert Person.objects.get().birth_date == born
