"""Submit → trainer's validation → closing, with every closing rule."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person
from forprev.training.closing import closing_problems
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment
from tests.conftest import login


def enrol(session, count):
    for index in range(count):
        person = Person.objects.create(
            last_name=f"Stagiaire{index}", first_name="Test", birth_date=date(1990, 1, 1)
        )
        Enrolment.objects.create(session=session, person=person)


def validate_all(client, session, result="passed"):
    data = {}
    for enrolment in session.enrolments.all():
        data[f"identity-{enrolment.public_id}"] = "on"
        data[f"result-{enrolment.public_id}"] = result
    return client.post(reverse("training:session_validate", args=[session.public_id]), data)


@pytest.mark.django_db
def test_submit_validate_close(client, login_as, session, certified_trainer):
    enrol(session, 5)
    url = reverse("training:session_detail", args=[session.public_id])
    login_as("manager").post(reverse("training:session_submit", args=[session.public_id]))
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED
    client.logout()
    login(client, certified_trainer)
    assert (
        client.get(reverse("training:session_validate", args=[session.public_id])).status_code
        == 200
    )
    validate_all(client, session)
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED
    assert set(session.enrolments.values_list("result", flat=True)) == {Result.PASSED}
    manager = login_as("manager")
    close_url = reverse("training:session_close", args=[session.public_id])
    manager.post(close_url, {"confirm": "on"})
    manager.post(close_url, {"confirm": "on"})  # double click
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert manager.get(url).status_code == 200


@pytest.mark.django_db
def test_submit_needs_trainees_and_validation_needs_every_result(
    client, login_as, session, certified_trainer
):
    response = login_as("manager").post(
        reverse("training:session_submit", args=[session.public_id]), follow=True
    )
    assert "au moins un stagiaire" in response.content.decode()
    enrol(session, 4)
    login_as("manager").post(reverse("training:session_submit", args=[session.public_id]))
    client.logout()
    login(client, certified_trainer)
    first = session.enrolments.first()
    response = client.post(
        reverse("training:session_validate", args=[session.public_id]),
        {f"result-{first.public_id}": "passed"},
        follow=True,
    )
    assert "indiquez un résultat (certifié, non certifié ou absent)" in response.content.decode()
    data = {f"result-{e.public_id}": "passed" for e in session.enrolments.all()}
    response = client.post(
        reverse("training:session_validate", args=[session.public_id]), data, follow=True
    )
    assert "avant de certifier" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED


@pytest.mark.django_db
def test_closing_rules_each_have_a_french_message(session, certified_trainer, accredited):
    today = timezone.localdate()
    enrol(session, 12)
    problems = " ".join(closing_problems(session, today=today))
    assert "au plus 10" in problems
    session.enrolments.filter(person__last_name__in=["Stagiaire10", "Stagiaire11"]).update(
        result=Result.ABSENT
    )
    assert closing_problems(session, today=today) == []
    assert "délai de clôture" in " ".join(
        closing_problems(session, today=today + timedelta(days=120))
    )
    session.ends_on = today + timedelta(days=2)
    assert "pas terminée" in " ".join(closing_problems(session, today=today))
    session.ends_on = today - timedelta(days=1)
    accredited.expires_on = session.starts_on
    accredited.save()
    assert "pas habilitée" in " ".join(closing_problems(session, today=today))
    accredited.expires_on = today + timedelta(days=100)
    accredited.save()
    certificate = certified_trainer.trainer_certificates.get()
    certificate.valid_until = session.starts_on
    certificate.save()
    assert "certificat de formateur valide" in " ".join(closing_problems(session, today=today))


@pytest.mark.django_db
def test_closing_refused_keeps_the_session_open(login_as, session, trainer):
    enrol(session, 4)
    session.status = SessionStatus.VALIDATED
    session.save()
    response = login_as("manager").post(
        reverse("training:session_close", args=[session.public_id]),
        {"confirm": "on"},
        follow=True,
    )
    assert "certificat de formateur valide" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED


@pytest.mark.django_db
def test_delegate_without_the_right_cannot_close(login_as, session):
    session.status = SessionStatus.VALIDATED
    session.save()
    response = login_as("delegate_without_right").post(
        reverse("training:session_close", args=[session.public_id])
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_closing_a_closed_session_again_is_harmless_for_closers_and_refused_to_others(
    login_as, session
):
    session.status = SessionStatus.CLOSED
    session.save()
    url = reverse("training:session_close", args=[session.public_id])
    response = login_as("manager").post(url, follow=True)
    assert "déjà clôturée" in response.content.decode()
    assert login_as("instructor").post(url).status_code == 403
    assert login_as("delegate_without_right").post(url).status_code == 403
