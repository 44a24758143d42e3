"""The training part of the synthetic dataset: trainer certificates and teams, sessions,
trainees, enrolments and certificates, at a tiny scale (0.002: 300 sessions, 2,000 enrolments)."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from forprev.accounts.models import IssuedForprevId
from forprev.certificates.models import Certificate
from forprev.people.models import Person, person_name_key
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training.closing import closing_problems
from forprev.training.enums import Result, SessionKind, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession

NUMBER = re.compile(r"^C[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$")
CODE = re.compile(r"^[A-Za-z0-9_-]{22}$")


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """Generated once for the module (a few seconds), removed at the end."""
    with django_db_blocker.unblock():
        out, err = StringIO(), StringIO()
        call_command("generate_dataset", "--scale", "0.002", "--seed", "3", stdout=out, stderr=err)
        yield out.getvalue(), err.getvalue()
        from tests.core.test_generate_dataset import empty_database

        empty_database()


pytestmark = pytest.mark.django_db


def test_counts_scale_with_the_dataset(dataset):
    out, err = dataset
    assert TrainingSession.objects.count() == 300
    assert Enrolment.objects.count() == 2000
    trainees = Person.objects.filter(enrolments__isnull=False).distinct().count()
    assert 1700 <= trainees < 2000  # some trainees come back for a refresher
    # The register of people never enrolled here: 1,000,000 a scale, with its duplicates.
    assert Person.objects.filter(enrolments__isnull=True).count() == 2000
    twice = Person.objects.annotate(n=Count("enrolments")).filter(n__gt=1)
    assert twice.exists()
    assert set(
        Enrolment.objects.filter(person__in=twice.values("pk")).values_list(
            "session__kind", flat=True
        )
    ) >= {SessionKind.REFRESHER}
    assert "sessions : 300" in out and "inscriptions : 2000" in out
    assert "certificats :" in err  # progress on stderr


def test_sessions_are_mostly_closed_over_three_years(dataset):
    today = timezone.localdate()
    statuses = Counter(TrainingSession.objects.values_list("status", flat=True))
    assert statuses[SessionStatus.CLOSED] > 0.7 * 300
    assert statuses[SessionStatus.DRAFT] > 0
    assert statuses[SessionStatus.SUBMITTED] + statuses[SessionStatus.VALIDATED] > 0
    first = TrainingSession.objects.order_by("starts_on").first().starts_on
    assert today - timedelta(days=3 * 366) <= first <= today - timedelta(days=2 * 365)
    assert not TrainingSession.objects.filter(status=SessionStatus.CLOSED, ends_on__gte=today)
    assert not TrainingSession.objects.filter(capacity__lt=0)
    for session in TrainingSession.objects.annotate(n=Count("enrolments")):
        assert session.capacity >= session.n
        session.full_clean()


def test_closed_sessions_passed_every_closing_rule(dataset):
    """Habilitation each day, trainers' certificates, group bounds: as if closed the day after."""
    closed = TrainingSession.objects.filter(status=SessionStatus.CLOSED).select_related(
        "programme_level__programme", "entity"
    )
    for session in closed:
        assert closing_problems(session, today=session.ends_on + timedelta(days=1)) == []
    # Their trainers are in the entity's team.
    for item in SessionTrainer.objects.filter(session__in=closed).select_related("session"):
        assert TeamMembership.objects.filter(
            entity_id=item.session.entity_id, trainer_id=item.trainer_id
        ).exists()


def test_results_only_on_validated_and_closed_sessions(dataset):
    open_statuses = [SessionStatus.DRAFT, SessionStatus.SUBMITTED]
    assert set(
        Enrolment.objects.filter(session__status__in=open_statuses).values_list("result", flat=True)
    ) == {Result.PENDING}
    results = Counter(
        Enrolment.objects.filter(session__status=SessionStatus.CLOSED).values_list(
            "result", flat=True
        )
    )
    assert Result.PENDING not in results
    assert results[Result.PASSED] > 0.85 * sum(results.values())


def test_every_passed_trainee_of_a_closed_session_has_one_certificate(dataset):
    passed = Enrolment.objects.filter(session__status=SessionStatus.CLOSED, result=Result.PASSED)
    assert Certificate.objects.count() == passed.count() > 0
    for certificate in Certificate.objects.select_related("session"):
        session = certificate.session
        assert session.status == SessionStatus.CLOSED
        assert passed.filter(session=session, person_id=certificate.person_id).exists()
        assert certificate.issued_on == session.ends_on
        assert certificate.programme_level_id == session.programme_level_id
        assert certificate.entity_id == session.entity_id
        assert certificate.kind == session.kind
        assert certificate.trainer_names
    assert not Certificate.objects.exclude(session__status=SessionStatus.CLOSED).exists()


def test_certificate_numbers_and_codes_are_unique_and_well_formed(dataset):
    numbers = list(Certificate.objects.values_list("number", flat=True))
    codes = list(Certificate.objects.values_list("verification_code", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert len(set(codes)) == len(codes)
    assert all(NUMBER.match(number) for number in numbers)
    assert all(CODE.match(code) for code in codes)


def test_many_certificates_are_expired_by_date(dataset):
    today = timezone.localdate()
    assert (
        Certificate.objects.filter(valid_until__lt=today).count()
        > 0.1 * Certificate.objects.count()
    )
    assert Certificate.objects.filter(valid_until__gte=today).exists()
    assert not Certificate.objects.filter(revoked_at__isnull=False, revoked_reason="").exists()


def test_trainer_certificates_in_every_state(dataset):
    today = timezone.localdate()
    certificates = TrainerCertificate.objects.all()
    assert set(certificates.values_list("programme_level__level", flat=True)) == {2, 3}
    assert len(set(certificates.values_list("programme_level__programme__code", flat=True))) >= 3
    assert certificates.valid_on(today).exists()
    assert certificates.expiring_within(today).exists()
    assert certificates.filter(valid_until__lt=today).exists()
    for certificate in certificates[:300]:
        certificate.full_clean()
    assert TeamMembership.objects.active().exists()


def test_persons_are_plausible_and_numbered(dataset):
    today = timezone.localdate()
    registry = set(IssuedForprevId.objects.values_list("value", flat=True))
    for person in Person.objects.all()[:500]:
        assert re.fullmatch(r"^[A-Z]{3}\d{5}$", person.forprev_id)
        assert person.forprev_id in registry
        assert person.name_key == person_name_key(person.last_name, person.first_name)
        age = (today - person.birth_date).days / 365.25
        assert 17 < age < 70
        if person.email:
            person.full_clean(exclude=["user"])


def test_trainees_of_closed_trainer_sessions_became_trainers(dataset):
    """As closing does: an account with their own numéro Forprev and a trainer certificate."""
    passed = Enrolment.objects.filter(
        session__status=SessionStatus.CLOSED,
        session__programme_level__level__gte=2,
        result=Result.PASSED,
    ).select_related("person__user", "session__programme_level")
    assert passed.exists()
    for enrolment in passed:
        account = enrolment.person.user
        assert account is not None
        assert account.forprev_id == enrolment.person.forprev_id
        assert not account.has_usable_password()
        certificate = TrainerCertificate.objects.get(session=enrolment.session, holder=account)
        assert certificate.programme_level == enrolment.session.programme_level
        assert certificate.issued_on == enrolment.session.ends_on
        certificate.full_clean()
    assert not TrainerCertificate.objects.filter(session__programme_level__level=1).exists()


def test_the_register_holds_duplicates_the_engine_finds(dataset, tmp_path):
    """The generated register is the duplicate-detection population: ``find_duplicates
    --from-db`` finds pairs in it, each between two numéros Forprev of the database."""
    import csv

    output = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--from-db", "--output", str(output), stderr=StringIO())
    with open(output, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 20  # about 5 % of 2,000 people are duplicates
    numbers = set(Person.objects.values_list("forprev_id", flat=True))
    assert all(row["id_a"] in numbers and row["id_b"] in numbers for row in rows)
