"""Permission matrix of « Individus »: search, a person's page, requests to the caisse."""

import pytest

from forprev.people.requests import PersonRequest
from tests.permissions import LOGIN, cases, check_case, row

OUT_OF_SCOPE = {"person": 403, "manager_elsewhere": 404, "instructor_elsewhere": 404}


def trainee(ctx):
    return {"public_id": ctx["trainee"].public_id}


def request(ctx):
    return {"public_id": ctx["request"].public_id}


MATRIX = [
    # A delegate without a session right has no trainee to find (tests/www/test_delegate_rights.py).
    ("people:person_search", "get", None, row(default=200, anonymous=LOGIN, person=403, delegate_without_right=403)),
    # The criteria are POSTed, the results page is addressed by a search id (302).
    (
        "people:person_search",
        "post",
        None,
        row(default=302, anonymous=LOGIN, person=403, delegate_without_right=403),
        lambda ctx: {"nom": ctx["trainee"].last_name},
    ),
    ("people:person_detail", "get", trainee, row(default=200, anonymous=LOGIN, delegate_without_right=403, **OUT_OF_SCOPE)),
    ("people:request_list", "get", None, row(default=200, anonymous=LOGIN, person=403, delegate_without_right=403)),
    # The manager (and the team's trainers) ask; delegates and staff do not.
    (
        "people:request_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, manager_elsewhere=200),
    ),
    (
        "people:request_create",
        "post",
        None,
        row(default=403, anonymous=LOGIN, manager=302, manager_elsewhere=302),
        lambda ctx: {"kind": "not_found", "last_name": "Absent", "first_name": "Zoé", "birth_date": "1991-02-03", "explanation": ""},
    ),
    (
        "people:request_detail",
        "get",
        request,
        row(default=200, anonymous=LOGIN, person=404, delegate_without_right=404, manager_elsewhere=404, instructor_elsewhere=404),
    ),
    # The caisse answers a « stagiaire introuvable »: closed with its answer (302).
    (
        "people:request_answer",
        "post",
        request,
        row(default=403, anonymous=LOGIN, instructor=302, support=302, person=404, delegate_without_right=404, manager_elsewhere=404, instructor_elsewhere=404),
        lambda ctx: {"action": "reject", "resolution": "Aucune personne de ce nom n'a suivi de formation."},
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, closed_session, personas, url_name, method, kwargs, persona, expected):  # fmt: skip
    trainee = closed_session.enrolments.select_related("person").first().person
    not_found = PersonRequest.objects.create(
        entity=closed_session.entity,
        kind="not_found",
        last_name="Introuvable",
        first_name="Léo",
        birth_date=trainee.birth_date,
        requested_by=personas["manager"],
    )
    client = login_as(persona)
    check_case(
        client,
        {"trainee": trainee, "request": not_found},
        url_name,
        method,
        kwargs,
        expected,
    )
