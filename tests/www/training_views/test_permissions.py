"""Permission matrix of the session screens."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forprev.people.models import Person
from forprev.training.models import Enrolment, TrainingSession
from tests.permissions import LOGIN, cases, check_case, row

from .conftest import CSV_OK

SESSION_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}
NO_ENTITY = {"person": 403, "instructor": 403, "instructor_elsewhere": 403, "support": 403, "national": 403}  # fmt: skip


def session(ctx):
    return {"public_id": ctx["session"].public_id}


def known_person(ctx):
    """A person enrolled in another session of the same entity: known to its members."""
    earlier = TrainingSession.objects.get(pk=ctx["session"].pk)
    earlier.pk, earlier.public_id, earlier._state.adding = None, uuid.uuid4(), True
    earlier.save()
    person = Person.objects.create(last_name="Connu", first_name="Léo", birth_date=date(1990, 1, 1))
    Enrolment.objects.create(session=earlier, person=person)
    return {"public_id": ctx["session"].public_id, "person_id": person.public_id}


def enrolment(ctx):
    """A trainee enrolled in the session."""
    person = Person.objects.create(
        last_name="Inscrit", first_name="Noé", birth_date=date(1990, 1, 1)
    )
    enrolled = Enrolment.objects.create(session=ctx["session"], person=person)
    return {"public_id": ctx["session"].public_id, "enrolment_id": enrolled.public_id}


def import_upload(ctx):
    """A valid trainee file (the preview page answers 200 with every row)."""
    return {"file": SimpleUploadedFile("stagiaires.csv", CSV_OK)}


def previewed_import(ctx):
    """The token of a preview made first by the same client (a persona that may not preview
    sends a well-formed token it does not own)."""
    url = reverse("training:trainees_import", kwargs=session(ctx))
    response = ctx["client"].post(url, import_upload(ctx))
    token = (response.context or {}).get("token") if response.status_code == 200 else None
    return {"token": token or "0" * 32 + ".csv"}


MATRIX = [
    ("training:session_list", "get", None, row(default=200, anonymous=LOGIN, person=403)),
    (
        "training:session_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, manager_elsewhere=200),
    ),
    ("training:session_detail", "get", session, row(default=200, anonymous=LOGIN, **SESSION_SCOPE)),
    (
        "training:session_submit",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
    ),
    # Only the session's own trainer validates (tests/www/training_views/test_closing.py).
    (
        "training:session_validate",
        "get",
        session,
        row(default=403, anonymous=LOGIN, **SESSION_SCOPE),
    ),
    ("training:session_close", "post", session, row(default=403, anonymous=LOGIN, **SESSION_SCOPE)),
    (
        "training:trainees_import",
        "get",
        session,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:trainees_import",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
        import_upload,
    ),
    (
        "training:trainees_import_confirm",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
        previewed_import,
    ),
    # Trainees by hand: the search page, creation (an empty form comes back with its errors),
    # enrolment of a person the entity knows, removal (confirmation, then the removal).
    (
        "training:trainee_add",
        "get",
        session,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:trainee_add",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:trainee_create",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:trainee_enrol",
        "post",
        known_person,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
    ),
    (
        "training:trainee_remove",
        "get",
        enrolment,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:trainee_remove",
        "post",
        enrolment,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, session, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"session": session, "client": client}, url_name, method, kwargs, expected)
