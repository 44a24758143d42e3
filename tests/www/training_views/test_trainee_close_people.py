"""The "add a trainee" page with people close to the one typed in: shown with « Proche », and
« Créer et inscrire » replaced by « Ce n'est pas la même personne », enforced by the server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forprev.people.models import Person
from tests.session_fixtures import enrolled_in


def add_url(session):
    return reverse("training:trainee_add", args=[session.public_id])


def create_url(session):
    return reverse("training:trainee_create", args=[session.public_id])


def search(client, session, nom, prenom="", naissance="1990-03-12"):
    return client.post(add_url(session), {"nom": nom, "prenom": prenom, "naissance": naissance})


def create(client, session, **changes):
    data = {"last_name": "Girrard", "first_name": "Lucas", "birth_date": "12/03/1990", "email": ""}
    data.update(changes)
    return client.post(create_url(session), data)


@pytest.fixture
def girard(earlier):
    return enrolled_in(earlier, last_name="GIRARD", first_name="Lucas")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nom", "prenom", "naissance"),
    [
        ("Girrard", "", "1990-03-12"),
        ("Lucas", "Girard", "1990-03-12"),
        ("Girard", "Lucas", "03/12/1990"),
    ],
    ids=["typo", "swapped-names", "swapped-day-month"],
)
def test_the_search_shows_the_close_person_with_an_enrol_button(
    login_as, session, girard, nom, prenom, naissance
):
    html = search(login_as("manager"), session, nom, prenom, naissance).content.decode()
    enrol = reverse("training:trainee_enrol", args=[session.public_id, girard.public_id])
    assert girard.forprev_id in html and enrol in html and "Proche" in html
    # Creating is offered only as « not the same person », naming the person ruled out.
    assert "Ce n'est pas la même personne : créer et inscrire" in html
    assert f'name="distinct_from" value="{girard.public_id}"' in html
    assert ">Créer et inscrire<" not in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html


@pytest.mark.django_db
def test_without_close_people_the_plain_button_is_offered(login_as, session, girard):
    html = search(login_as("manager"), session, "Martin", "Paul").content.decode()
    assert ">Créer et inscrire<" in html and 'name="distinct_from"' not in html


@pytest.mark.django_db
def test_creating_without_the_confirmation_is_refused_in_french(login_as, session, girard):
    response = create(login_as("manager"), session)
    html = response.content.decode()
    assert response.status_code == 200
    assert "personnes proches de celle-ci" in html and "confirmez que ce n&#x27;est pas" in html
    assert Person.objects.count() == 1 and not session.enrolments.exists()
    # The page now lists the close person and offers the confirmation.
    assert girard.forprev_id in html
    assert f'name="distinct_from" value="{girard.public_id}"' in html


@pytest.mark.django_db
def test_with_the_confirmation_the_person_is_created_and_enrolled(login_as, session, girard):
    client = login_as("manager")
    response = create(client, session, distinct_from=[str(girard.public_id)])
    assert response.status_code == 302 and response.url == add_url(session)
    created = session.enrolments.get().person
    assert created != girard and created.last_name == "Girrard"
    assert Person.objects.count() == 2
    assert "créée avec le numéro Forprev" in client.get(add_url(session)).content.decode()


@pytest.mark.django_db
def test_with_no_close_person_it_is_created_at_once(login_as, session, girard):
    response = create(login_as("manager"), session, last_name="Martin", first_name="Paul")
    assert response.status_code == 302
    assert session.enrolments.get().person.last_name == "Martin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "distinct_from",
    [
        ["pas-un-identifiant"],
        ["' OR 1=1 --"],
        ["0" * 5000],
        ["00000000-0000-0000-0000-000000000000"],
    ],
    ids=["word", "injection", "long", "unknown-uuid"],
)
def test_forged_confirmations_are_refused_without_error(login_as, session, girard, distinct_from):
    response = create(login_as("manager"), session, distinct_from=distinct_from)
    assert response.status_code == 200
    assert "personnes proches de celle-ci" in response.content.decode()
    assert Person.objects.count() == 1 and not session.enrolments.exists()


@pytest.mark.django_db
def test_a_close_person_of_another_entity_is_not_revealed(login_as, session, elsewhere):
    stranger = enrolled_in(elsewhere, last_name="Xylophanou", first_name="Quirine")
    client = login_as("manager")
    html = search(client, session, "Xylophanu", "Quirine").content.decode()
    assert stranger.forprev_id not in html and str(stranger.public_id) not in html
    assert ">Créer et inscrire<" in html
    response = create(client, session, last_name="Xylophanu", first_name="Quirine")
    assert response.status_code == 302
    assert session.enrolments.get().person != stranger


@pytest.mark.django_db
def test_the_close_results_cost_the_same_queries_for_two_or_twenty_people(
    login_as, session, earlier
):
    client = login_as("manager")
    for index in range(2):
        enrolled_in(earlier, last_name="Girard", first_name=f"Lucas{'s' * index}")
    search(client, session, "Girrard", "Lucas")  # the page's caches filled once
    with CaptureQueriesContext(connection) as few:
        search(client, session, "Girrard", "Lucas")
    for index in range(2, 20):
        enrolled_in(earlier, last_name=f"Girard{'e' * (index % 2)}", first_name="Lucas")
    with CaptureQueriesContext(connection) as many:
        html = search(client, session, "Girrard", "Lucas").content.decode()
    assert html.count("Inscrire<span") >= 10
    assert len(many) == len(few)
