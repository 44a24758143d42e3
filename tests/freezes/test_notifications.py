"""E-mails before a freeze: instructors and the managers concerned, once, in bulk."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from forprev.freezes.enums import FrozenAction
from tests.factories import AccreditationFactory, MembershipFactory, UserFactory

from .factories import MESSAGE, FeatureFreezeFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    def _notify(*args):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("notify_freezes", *args, stdout=out)
        return out.getvalue()

    return _notify


@pytest.fixture
def network(personas, entity, other_entity):
    """Beyond the personas: an inactive instructor and a revoked manager, never written to."""
    UserFactory(instructor=True, is_active=False, email="parti@carsat.fr")
    revoked = MembershipFactory(entity=entity)
    revoked.revoked_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    revoked.save()
    return personas


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_announcement_reaches_instructors_and_managers_once(network, notify):
    freeze = FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE, starts_on=D(2030, 6, 1))
    out = notify("--wet-run", "--today", "2030-05-02")
    expected = sorted(
        network[name].email
        for name in ("manager", "manager_elsewhere", "instructor", "instructor_elsewhere")
    )
    assert recipients() == expected
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == (
        "Forprev : « Modification du tronc commun par l'entité » suspendue à partir du 01/06/2030"
    )
    assert "À partir du 01/06/2030, la modification du tronc commun" in message.body
    assert MESSAGE in message.body
    assert "4 e-mail(s) envoyé(s)" in out
    freeze.refresh_from_db()
    assert freeze.notified_at is not None

    mail.outbox.clear()
    out = notify("--wet-run", "--today", "2030-05-03")
    assert mail.outbox == []
    assert "0 gel(s)" in out


def test_dry_run_writes_and_sends_nothing(network, notify):
    freeze = FeatureFreezeFactory(starts_on=D(2030, 6, 1))
    out = notify("--today", "02/05/2030")
    assert "Simulation du 02/05/2030 : 1 gel(s) à annoncer, 4 e-mail(s)" in out
    assert mail.outbox == []
    freeze.refresh_from_db()
    assert freeze.notified_at is None


@pytest.mark.parametrize(
    ("today", "sent"),
    [
        ("2030-05-01", False),  # the day before the announcement (30 days)
        ("2030-05-02", True),
        ("2030-06-15", True),  # started already, never announced: announced now
        ("2030-07-01", False),  # over
    ],
)
def test_announcement_window(network, notify, today, sent):
    FeatureFreezeFactory(starts_on=D(2030, 6, 1), ends_on=D(2030, 6, 30))
    notify("--wet-run", "--today", today)
    assert bool(mail.outbox) is sent


def test_renewal_freeze_concerns_the_managers_of_habilitated_entities(network, entity, notify):
    AccreditationFactory(entity=entity)  # active today; the other entity has none
    today = timezone.localdate()
    FeatureFreezeFactory(action=FrozenAction.RENEWAL, starts_on=today + datetime.timedelta(days=9))
    notify("--wet-run", "--today", today.isoformat())
    managers = {network["manager"].email, network["manager_elsewhere"].email}
    assert set(recipients()) & managers == {network["manager"].email}
    assert network["instructor"].email in recipients()


def test_initial_freeze_concerns_the_managers_of_entities_without_habilitation(
    network, entity, notify
):
    AccreditationFactory(entity=entity)
    today = timezone.localdate()
    FeatureFreezeFactory(action=FrozenAction.INITIAL, starts_on=today + datetime.timedelta(days=9))
    notify("--wet-run", "--today", today.isoformat())
    managers = {network["manager"].email, network["manager_elsewhere"].email}
    assert set(recipients()) & managers == {network["manager_elsewhere"].email}


def test_company_to_training_org_concerns_the_managers_of_companies(network, other_entity, notify):
    other_entity.kind = "training_org"
    other_entity.nda = "93131234513"
    other_entity.save()
    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG, starts_on=D(2030, 6, 1))
    notify("--wet-run", "--today", "2030-05-15")
    assert network["manager_elsewhere"].email not in recipients()
    assert network["manager"].email in recipients()


def test_all_messages_of_a_freeze_leave_through_one_connection(network, notify):
    FeatureFreezeFactory(starts_on=D(2030, 6, 1))
    with mock.patch.object(
        EmailBackend, "send_messages", autospec=True, side_effect=EmailBackend.send_messages
    ) as send_messages:
        notify("--wet-run", "--today", "2030-05-02")
    assert send_messages.call_count == 1
    assert len(mail.outbox) == 4
