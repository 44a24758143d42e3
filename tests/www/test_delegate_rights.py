"""Delegates' rights mean what they say (issue 12, item 7): a delegate without a right sees none
of the data behind it. Each right × each page or file that carries trainees' identities.

The map (rules in ``people.rules``, ``training.rules``, ``certificates.rules``):

| right | opens |
|---|---|
| déclarer des sessions | the trainees of the entity's sessions (names, birth dates, numéros), « Individus », regularisations |
| clôturer des sessions | the same, and the certificates' PDFs |
| gérer l'équipe pédagogique | the trainers team (trainers_views) — no trainee |
| réaliser des exports | the exports (``training.rules.can_export_sessions``) — no page shows trainees |
| consulter les demandes | the applications (accreditations_views) — no trainee |
"""

from datetime import date

import pytest
from django.urls import reverse

from forprev.entities.enums import DelegateRight
from forprev.people.models import Person
from forprev.people.requests import PersonRequest
from forprev.training.enums import RegularisationKind
from forprev.training.models import Enrolment, RegularisationRequest
from forprev.training.rules import can_export_sessions
from tests.conftest import login
from tests.factories import MembershipFactory

RIGHTS = [None, *DelegateRight]  # None: a delegate holding no right at all
SEES_TRAINEES = {DelegateRight.DECLARE_SESSIONS, DelegateRight.CLOSE_SESSIONS}
BIRTH_DATE = "04/04/1992"  # the trainees of ``closed_session``


def _id(right):
    return "no-right" if right is None else right.value


@pytest.fixture
def delegate_with(entity):
    def _make(right):
        rights = [] if right is None else [right.value]
        return MembershipFactory(entity=entity, delegate=True, rights=rights).user

    return _make


@pytest.fixture
def regularisation(closed_session, personas):
    return RegularisationRequest.objects.create(
        entity=closed_session.entity,
        session=closed_session,
        kind=RegularisationKind.WRONG_DATA,
        explanation="Mauvaise commune",
        requested_by=personas["manager"],
    )


def _trainee_names(session):
    return [e.person.last_name for e in session.enrolments.select_related("person")]


def _body(response):
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_session_page_shows_trainees_only_with_a_session_right(
    client, delegate_with, closed_session, right
):
    response = login(client, delegate_with(right)).get(
        reverse("training:session_detail", args=[closed_session.public_id])
    )
    assert response.status_code == 200  # dates, place and trainers are not personal data
    body = _body(response)
    names = _trainee_names(closed_session)
    certificate = closed_session.certificates.first()
    if right in SEES_TRAINEES:
        assert all(name in body for name in names)
        assert BIRTH_DATE in body
        assert certificate.number in body
    else:
        assert not any(name in body for name in names)
        assert BIRTH_DATE not in body
        assert certificate.number not in body
        assert "réservés aux personnes qui déclarent ou clôturent" in body


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_certificate_pdfs_need_the_closing_right(client, delegate_with, closed_session, right):
    client = login(client, delegate_with(right))
    certificate = closed_session.certificates.first()
    expected = 200 if right == DelegateRight.CLOSE_SESSIONS else 403
    for url in (
        reverse("training:certificates_pdf", args=[closed_session.public_id]),
        reverse("training:certificate_pdf", args=[closed_session.public_id, certificate.number]),
    ):
        response = client.get(url)
        assert response.status_code == expected, (url, response.status_code)
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
    body = _body(client.get(reverse("training:session_detail", args=[closed_session.public_id])))
    assert (reverse("training:certificates_pdf", args=[closed_session.public_id]) in body) is (
        expected == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_people_pages_need_a_session_right(client, delegate_with, closed_session, right):
    client = login(client, delegate_with(right))
    trainee = closed_session.enrolments.select_related("person").first().person
    expected = 200 if right in SEES_TRAINEES else 403
    assert client.get(reverse("people:person_search")).status_code == expected
    detail = client.get(reverse("people:person_detail", args=[trainee.public_id]))
    assert detail.status_code == expected
    if expected == 200:
        assert trainee.last_name.upper() in _body(detail).upper()
    search = client.post(reverse("people:person_search"), {"nom": trainee.last_name}, follow=True)
    assert search.status_code == expected
    assert (trainee.last_name.upper() in _body(search).upper()) is (expected == 200)


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_scopes_hide_trainees_from_a_delegate_without_a_session_right(
    delegate_with, closed_session, right
):
    """``visible_to`` itself, so that every page, API and selector built on it agrees."""
    user = delegate_with(right)
    sees = right in SEES_TRAINEES
    enrolled = Person.objects.filter(enrolments__session=closed_session)
    assert Person.objects.visible_to(user).filter(pk__in=enrolled).exists() is sees
    assert Enrolment.objects.visible_to(user).filter(session=closed_session).exists() is sees
    certificates = closed_session.certificates.model.objects.visible_to(user)
    assert certificates.filter(session=closed_session).exists() is sees


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_regularisations_need_a_session_right(client, delegate_with, regularisation, right):
    client = login(client, delegate_with(right))
    sees = right in SEES_TRAINEES
    listing = client.get(reverse("regularisations:request_list"))
    detail = client.get(reverse("regularisations:request_detail", args=[regularisation.public_id]))
    assert listing.status_code == (200 if sees else 403)
    assert detail.status_code == (200 if sees else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_requests_about_people_need_a_session_right(
    client, delegate_with, closed_session, personas, right
):
    """« Stagiaire introuvable » requests carry a name and a birth date."""
    item = PersonRequest.objects.create(
        entity=closed_session.entity,
        kind="not_found",
        last_name="Introuvable",
        first_name="Léo",
        birth_date=date(1991, 2, 3),
        requested_by=personas["manager"],
    )
    client = login(client, delegate_with(right))
    sees = right in SEES_TRAINEES
    assert client.get(reverse("people:request_list")).status_code == (200 if sees else 403)
    detail = client.get(reverse("people:request_detail", args=[item.public_id]))
    assert detail.status_code == (200 if sees else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_dashboard_offers_only_the_sections_the_rights_open(client, delegate_with, right):
    response = login(client, delegate_with(right)).get(reverse("dashboard:home"))
    assert response.status_code == 200
    body = _body(response)
    sees = right in SEES_TRAINEES
    assert (f'href="{reverse("people:person_search")}"' in body) is sees
    assert (f'href="{reverse("regularisations:request_list")}"' in body) is sees


@pytest.mark.django_db
@pytest.mark.parametrize("right", RIGHTS, ids=_id)
def test_exports_need_the_exports_right(delegate_with, entity, personas, right):
    assert can_export_sessions(delegate_with(right), entity) is (right == DelegateRight.EXPORTS)
    assert can_export_sessions(personas["manager"], entity)
    for persona in ("manager_elsewhere", "person", "instructor", "support", "national"):
        assert not can_export_sessions(personas[persona], entity)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("manager", False),
        ("delegate", False),
        ("delegate_without_right", False),
        ("instructor", True),
        ("support", True),
        ("national", True),
    ],
)
def test_members_see_trainers_names_never_their_numeros(
    login_as, closed_session, trainer, persona, shown
):
    response = login_as(persona).get(
        reverse("training:session_detail", args=[closed_session.public_id])
    )
    body = _body(response)
    assert trainer.last_name in body
    assert (trainer.forprev_id in body) is shown
