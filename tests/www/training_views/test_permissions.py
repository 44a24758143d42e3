"""Permission matrix of the session screens."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person
from forprev.training.models import Enrolment, TrainingSession
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row
from tests.session_fixtures import join_team

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


def new_session(ctx):
    """A session next week, with the trainer of the entity's équipe pédagogique (an entity
    without habilitation is told so on the form: 200)."""
    session, today = ctx["session"], timezone.localdate()
    join_team(session.trainers.first().trainer, session.entity)
    return {
        "programme_level": session.programme_level_id,
        "kind": "initial",
        "starts_on": (today + timedelta(days=10)).isoformat(),
        "ends_on": (today + timedelta(days=11)).isoformat(),
        "place_address": "12 rue Paradis",
        "place_city": "Marseille",
        "capacity": 10,
        "trainers": session.trainers.first().trainer.forprev_id,
    }


def with_trainee(ctx):
    """The session with one trainee (a session without any cannot be submitted)."""
    enrolment(ctx)
    return session(ctx)


def validated(ctx):
    """The session once its trainer validated it: those who close see the confirmation."""
    ctx["session"].status = "validated"
    ctx["session"].save(update_fields=["status"])
    return session(ctx)


def results(ctx):
    """Identity checked and « acquis » for every trainee: the trainer's validation."""
    data = {}
    for enrolled in ctx["session"].enrolments.all():
        data[f"identity-{enrolled.public_id}"] = "on"
        data[f"result-{enrolled.public_id}"] = "passed"
    return data


MATRIX = [
    ("training:session_list", "get", None, row(default=200, anonymous=LOGIN, person=403)),
    (
        "training:session_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, manager_elsewhere=200),
    ),
    (
        "training:session_create",
        "post",
        None,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, manager_elsewhere=200),
        new_session,
    ),
    ("training:session_detail", "get", session, row(default=200, anonymous=LOGIN, **SESSION_SCOPE)),
    (
        "training:session_submit",
        "post",
        with_trainee,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
        NO_BODY,
    ),
    # Only the session's own trainer validates (tests/www/training_views/test_closing.py).
    (
        "training:session_validate",
        "get",
        session,
        row(default=403, anonymous=LOGIN, **SESSION_SCOPE),
    ),
    (
        "training:session_validate",
        "post",
        with_trainee,
        row(default=403, anonymous=LOGIN, **SESSION_SCOPE),
        results,
    ),
    # A session not yet validated by its trainer: nobody closes it (test_closing.py: the rest).
    (
        "training:session_close",
        "get",
        session,
        row(default=403, anonymous=LOGIN, **SESSION_SCOPE),
    ),
    # Validated: the confirmation page for those with the closing right.
    (
        "training:session_close",
        "get",
        validated,
        row(default=403, anonymous=LOGIN, manager=200, delegate=200, **SESSION_SCOPE),
    ),
    (
        "training:session_close",
        "post",
        session,
        row(default=403, anonymous=LOGIN, **SESSION_SCOPE),
        NO_BODY,
    ),
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
    # The import template holds no data and names no session: every signed-in user.
    (
        "training:trainees_import_template_csv",
        "get",
        None,
        row(default=200, anonymous=LOGIN),
    ),
    (
        "training:trainees_import_template_xlsx",
        "get",
        None,
        row(default=200, anonymous=LOGIN),
    ),
    # Trainees by hand: the search (its results page), creation, enrolment of a person the
    # entity knows, removal (confirmation, then the removal).
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
        lambda ctx: {"nom": "Martin", "prenom": "Léa", "naissance": "12/03/1990"},
    ),
    (
        "training:trainee_create",
        "post",
        session,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
        lambda ctx: {
            "last_name": "Martin",
            "first_name": "Léa",
            "birth_date": "12/03/1990",
            "email": "",
        },
    ),
    (
        "training:trainee_enrol",
        "post",
        known_person,
        row(default=403, anonymous=LOGIN, manager=302, delegate=302, **SESSION_SCOPE),
        NO_BODY,
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
        NO_BODY,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, session, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"session": session, "client": client}, url_name, method, kwargs, expected)
