"""The trainer's validation (issue 13 item 10): nothing typed is lost on an error, each error
names its trainee, the « Identité vérifiée pour tous » / « Tous reçus » shortcuts fill every row
without saving; the trainer is e-mailed when the session awaits them, the closers when it is
validated."""

import html
from datetime import date

import pytest
from django.urls import reverse

from forprev.entities.enums import DelegateRight
from forprev.people.models import Person
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment
from tests.conftest import login
from tests.factories import MembershipFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def enrol(session, *names):
    enrolments = []
    for last_name, first_name in names:
        person = Person.objects.create(
            last_name=last_name, first_name=first_name, birth_date=date(1991, 5, 6)
        )
        enrolments.append(Enrolment.objects.create(session=session, person=person))
    return enrolments


@pytest.fixture
def submitted(session):
    """The session handed to its trainer, with three trainees."""
    enrolments = enrol(session, ("Martin", "Paul"), ("Quennec", "Aude"), ("Ribaut", "Yves"))
    session.status = SessionStatus.SUBMITTED
    session.save()
    return session, enrolments


def url(session):
    return reverse("training:session_validate", args=[session.public_id])


@pytest.mark.django_db
def test_an_error_keeps_every_answer_and_names_the_trainee(client, submitted, certified_trainer):
    session, (martin, quennec, ribaut) = submitted
    login(client, certified_trainer)
    response = client.post(
        url(session),
        {
            # Martin certified without the identity checked; Quennec absent; Ribaut forgotten.
            f"result-{martin.public_id}": "passed",
            f"identity-{quennec.public_id}": "on",
            f"result-{quennec.public_id}": "absent",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Martin Paul : cochez « Identité vérifiée » avant de certifier." in page
    assert "Ribaut Yves : indiquez un résultat" in page
    assert "Quennec Aude :" not in page
    # What was typed comes back: Martin's « certifié », Quennec's identity and « absent ».
    assert (
        f'id="result-{martin.public_id}-passed" name="result-{martin.public_id}" value="passed" checked'
        in page
    )
    assert f'id="identity-{quennec.public_id}" name="identity-{quennec.public_id}" checked' in page
    assert 'value="absent" checked' in page
    assert f'id="identity-{martin.public_id}" name="identity-{martin.public_id}">' in page
    # Nothing saved.
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED
    assert set(session.enrolments.values_list("result", flat=True)) == {Result.PENDING}


@pytest.mark.django_db
def test_a_forged_result_is_refused_naming_the_trainee(client, submitted, certified_trainer):
    session, (martin, quennec, ribaut) = submitted
    login(client, certified_trainer)
    data = {f"identity-{e.public_id}": "on" for e in (martin, quennec, ribaut)}
    data |= {f"result-{e.public_id}": "passed" for e in (martin, quennec, ribaut)}
    data[f"result-{quennec.public_id}"] = "pending"
    response = client.post(url(session), data)
    assert response.status_code == 200
    assert "Quennec Aude : choisissez certifié, non certifié ou absent." in text(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("shortcut", "button"),
    [("identity", "Identité vérifiée pour tous"), ("passed", "Tous reçus")],
    ids=["identity", "passed"],
)
def test_shortcuts_fill_every_row_keep_the_rest_and_save_nothing(
    client, submitted, certified_trainer, shortcut, button
):
    session, (martin, quennec, ribaut) = submitted
    login(client, certified_trainer)
    page = text(client.get(url(session)))
    assert f'name="shortcut" value="{shortcut}">{button}</button>' in page
    response = client.post(
        url(session),
        {
            "shortcut": shortcut,
            f"result-{quennec.public_id}": "failed",  # typed before the shortcut
            f"identity-{ribaut.public_id}": "on",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "avant de certifier" not in page and "indiquez un résultat" not in page  # no errors yet
    for enrolment in (martin, quennec, ribaut):
        if shortcut == "identity":
            assert f'name="identity-{enrolment.public_id}" checked' in page
        else:
            assert f'name="result-{enrolment.public_id}" value="passed" checked' in page
    if shortcut == "identity":
        assert f'name="result-{quennec.public_id}" value="failed" checked' in page
    else:
        assert f'name="identity-{ribaut.public_id}" checked' in page
        assert f'name="identity-{martin.public_id}">' in page
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED
    assert set(session.enrolments.values_list("result", flat=True)) == {Result.PENDING}


@pytest.mark.django_db
def test_both_shortcuts_then_validate(client, submitted, certified_trainer):
    session, enrolments = submitted
    login(client, certified_trainer)
    response = client.post(url(session), {"shortcut": "identity"})
    data = {"shortcut": "passed"}
    data |= {f"identity-{e.public_id}": "on" for e in enrolments}  # as the page now holds
    client.post(url(session), data)
    data.pop("shortcut")
    data |= {f"result-{e.public_id}": "passed" for e in enrolments}
    response = client.post(url(session), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED
    assert set(session.enrolments.values_list("result", "identity_confirmed")) == {
        (Result.PASSED, True)
    }


@pytest.mark.django_db
def test_an_unknown_shortcut_is_a_plain_validation(client, submitted, certified_trainer):
    session, _ = submitted
    login(client, certified_trainer)
    response = client.post(url(session), {"shortcut": "<script>"})
    assert response.status_code == 200
    assert "Martin Paul : indiquez un résultat" in text(response)


@pytest.mark.django_db
def test_the_trainer_is_emailed_when_the_session_is_submitted(
    login_as, session, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    enrol(session, ("Martin", "Paul"))
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("manager").post(
            reverse("training:session_submit", args=[session.public_id])
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[trainer.email]]
    body = mailoutbox[0].body
    assert "BOULANGERIE DU VIEUX-PORT vous soumet la session" in body
    assert "avec 1 stagiaire." in body
    assert url(session) in body
    assert "à valider" in mailoutbox[0].subject


@pytest.mark.django_db
def test_a_refused_submission_emails_nobody(
    login_as, session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login_as("manager").post(reverse("training:session_submit", args=[session.public_id]))
    assert mailoutbox == []


@pytest.mark.django_db
def test_closers_are_emailed_when_the_trainer_validates(
    client,
    submitted,
    certified_trainer,
    personas,
    entity,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    session, enrolments = submitted
    closer = MembershipFactory(
        entity=entity, delegate=True, rights=[DelegateRight.CLOSE_SESSIONS]
    ).user
    declarer_only = MembershipFactory(
        entity=entity, delegate=True, rights=[DelegateRight.DECLARE_SESSIONS]
    ).user
    login(client, certified_trainer)
    data = {f"identity-{e.public_id}": "on" for e in enrolments}
    data |= {f"result-{e.public_id}": "passed" for e in enrolments}
    data[f"result-{enrolments[2].public_id}"] = "absent"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(session), data)
    assert response.status_code == 302
    recipients = {address for message in mailoutbox for address in message.to}
    assert personas["manager"].email in recipients
    assert closer.email in recipients
    assert personas["delegate"].email in recipients  # holds every right
    assert declarer_only.email not in recipients
    assert personas["delegate_without_right"].email not in recipients
    assert all(len(message.to) == 1 for message in mailoutbox)
    body = mailoutbox[0].body
    assert "Formateur a validé la session" in body or "a validé la session" in body
    assert "2 stagiaires certifiés sur 3." in body
    assert reverse("training:session_close", args=[session.public_id]) in body


@pytest.mark.django_db
def test_a_refused_validation_emails_nobody(
    client, submitted, certified_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    session, _ = submitted
    login(client, certified_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(session), {})
    assert mailoutbox == []
