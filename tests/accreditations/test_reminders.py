"""Expiry reminders: the service and ``manage.py send_expiry_reminders``."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from forprev.accreditations.models import Accreditation, ExpiryReminder
from forprev.accreditations.services.extensions import ExtensionRule, accreditations_extend
from forprev.accreditations.services.reminders import due_reminders, expiry_reminders_send
from tests.accreditations.factories import AccreditationFactory
from tests.factories import EntityFactory, MembershipFactory

D = datetime.date
EXPIRY = D(2027, 3, 31)
# 6 months before: 30/09/2026 (clamped), 3 months: 31/12/2026, 1 month: 28/02/2027.
SIX, THREE, ONE = D(2026, 9, 30), D(2026, 12, 31), D(2027, 2, 28)


@pytest.fixture
def entity(db):
    entity = EntityFactory(name="BOULANGERIE DU VIEUX-PORT")
    MembershipFactory(entity=entity, user__email="gestion@boulangerie.fr")
    return entity


@pytest.fixture
def habilitation(entity):
    return AccreditationFactory(entity=entity, expires_on=EXPIRY)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the command (wet) on ``day`` with the e-mails sent on commit; returns its output."""

    def _send(day, *extra):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "send_expiry_reminders", "--wet-run", "--today", day.isoformat(), *extra, stdout=out
            )
        return out.getvalue()

    return _send


def leads_recorded(accreditation):
    return sorted(
        ExpiryReminder.objects.filter(accreditation=accreditation).values_list(
            "months_before", flat=True
        )
    )


def test_reminders_go_six_three_and_one_month_before_each_once(habilitation, send):
    sent = []
    day = D(2026, 9, 1)
    while day <= D(2027, 4, 30):
        before = len(mail.outbox)
        send(day)
        if len(mail.outbox) > before:
            sent.append(day)
        day += datetime.timedelta(days=1)
    assert sent == [SIX, THREE, ONE]
    assert leads_recorded(habilitation) == [1, 3, 6]
    assert ["rappel à 6 mois" in m.body for m in mail.outbox] == [True, False, False]
    assert "rappel à 1 mois" in mail.outbox[2].body


def test_nothing_is_due_the_day_before_the_six_month_reminder(habilitation):
    assert due_reminders(SIX - datetime.timedelta(days=1)) == []
    [reminder] = due_reminders(SIX)
    assert (reminder.months_before, reminder.skipped) == (6, ())


def test_catch_up_sends_only_the_most_urgent_and_never_the_skipped_ones(habilitation, send):
    out = send(D(2027, 3, 1))
    assert len(mail.outbox) == 1
    assert "rappel à 1 mois" in mail.outbox[0].body
    assert "rappels à 6, 3 mois non envoyés" in out
    assert leads_recorded(habilitation) == [1, 3, 6]
    send(D(2027, 3, 2))
    send(EXPIRY)
    assert len(mail.outbox) == 1


def test_catch_up_between_six_and_three_months(habilitation, send):
    send(D(2027, 1, 15))
    assert "rappel à 3 mois" in mail.outbox[0].body
    assert leads_recorded(habilitation) == [3, 6]
    send(ONE)
    assert len(mail.outbox) == 2


def test_running_twice_sends_nothing_new(habilitation, send):
    send(THREE)
    send(THREE)
    assert len(mail.outbox) == 1
    assert ExpiryReminder.objects.count() == 2  # 3 sent, 6 covered


@pytest.mark.parametrize(
    "situation",
    [{"withdrawn": True}, {"suspended": True}, {"expired": True}, {"expires_on": D(2026, 12, 30)}],
    ids=["withdrawn", "suspended", "expired", "past-expiry"],
)
def test_expired_withdrawn_or_suspended_habilitations_get_no_reminder(entity, send, situation):
    AccreditationFactory(entity=entity, **situation)
    send(THREE)
    assert mail.outbox == []
    assert not ExpiryReminder.objects.exists()


def test_renewed_habilitation_gets_no_reminder(habilitation, send):
    AccreditationFactory(
        entity=habilitation.entity,
        previous=habilitation,
        starts_on=EXPIRY,
        expires_on=D(2032, 3, 31),
    )
    send(ONE)
    assert mail.outbox == []


def test_an_extension_starts_a_new_cycle(habilitation, send):
    send(ONE)
    accreditations_extend(
        rule=ExtensionRule(expiring_from=EXPIRY, expiring_to=EXPIRY, months=9)
    )  # → 31/12/2027
    send(D(2027, 3, 15))
    assert len(mail.outbox) == 1
    send(D(2027, 6, 30))
    assert len(mail.outbox) == 2
    assert "échéance le 31/12/2027 (rappel à 6 mois)" in mail.outbox[1].body


def test_one_email_per_manager_and_entity_listing_its_habilitations(entity, send):
    MembershipFactory(entity=entity, user__email="direction@boulangerie.fr")
    MembershipFactory(entity=entity, delegate=True, user__email="delegue@boulangerie.fr")
    MembershipFactory(entity=entity, user__email="ancien@boulangerie.fr", revoked_at=timezone.now())
    AccreditationFactory(entity=entity, expires_on=EXPIRY)
    AccreditationFactory(entity=entity, expires_on=D(2027, 4, 15))
    other = EntityFactory(in_lyon=True)
    MembershipFactory(entity=other, user__email="gestion@lyon.fr")
    AccreditationFactory(entity=other, expires_on=EXPIRY)

    out = send(D(2027, 1, 1))

    assert sorted(m.to[0] for m in mail.outbox) == [
        "direction@boulangerie.fr",
        "gestion@boulangerie.fr",
        "gestion@lyon.fr",
    ]
    message = next(m for m in mail.outbox if m.to == ["gestion@boulangerie.fr"])
    assert message.subject == (
        "Forprev : 2 habilitations de BOULANGERIE DU VIEUX-PORT arrivent à échéance"
    )
    assert "échéance le 31/03/2027 (rappel à 3 mois)" in message.body
    assert "échéance le 15/04/2027 (rappel à 6 mois)" in message.body
    assert "demande de renouvellement" in message.body
    assert "3 rappel(s) pour 2 entité(s), 3 e-mail(s) envoyé(s)" in out


def test_entity_without_manager_is_reported_and_retried(db, send):
    orphan = EntityFactory(name="SANS GESTIONNAIRE")
    habilitation = AccreditationFactory(entity=orphan, expires_on=EXPIRY)
    out = send(THREE)
    assert "SANS GESTIONNAIRE" in out and "aucun gestionnaire actif" in out
    assert mail.outbox == []
    assert not ExpiryReminder.objects.exists()
    MembershipFactory(entity=orphan, user__email="nouveau@exemple.fr")
    send(THREE + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["nouveau@exemple.fr"]]
    assert leads_recorded(habilitation) == [3, 6]


def test_dry_run_lists_and_writes_nothing(habilitation, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("send_expiry_reminders", "--today", "31/12/2026", stdout=out)
    assert "BOULANGERIE DU VIEUX-PORT — SST — Acteur SST : échéance le 31/03/2027" in out.getvalue()
    assert "Simulation du 31/12/2026 : 1 rappel(s) pour 1 entité(s), 1 e-mail(s)" in out.getvalue()
    assert callbacks == []
    assert mail.outbox == []
    assert not ExpiryReminder.objects.exists()


def test_today_defaults_to_the_current_date(habilitation, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime.datetime(2026, 12, 31, 9, 0, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_expiry_reminders", "--wet-run", stdout=StringIO())
    assert leads_recorded(habilitation) == [3, 6]
    assert len(mail.outbox) == 1


def test_leads_come_from_the_setting(habilitation, settings, send):
    settings.FORPREV_EXPIRY_REMINDER_MONTHS = (2,)
    send(THREE)
    assert mail.outbox == []
    send(D(2027, 1, 31))
    assert "rappel à 2 mois" in mail.outbox[0].body


def test_due_reminders_query_count_does_not_grow(entity, django_assert_num_queries):
    for _ in range(3):
        AccreditationFactory(entity=entity, expires_on=EXPIRY)
    with django_assert_num_queries(2):
        assert len(due_reminders(ONE)) == 3
    for _ in range(10):
        AccreditationFactory(entity=EntityFactory(), expires_on=EXPIRY)
    with django_assert_num_queries(2):
        assert len(due_reminders(ONE)) == 13


def test_sending_query_count_does_not_grow_with_entities(
    db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for _ in range(5):
        entity = EntityFactory()
        MembershipFactory(entity=entity)
        AccreditationFactory(entity=entity, expires_on=EXPIRY)
    # Savepoint, due (2), managers (1), one insert of the reminders, release.
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(6):
        summary = expiry_reminders_send(today=ONE, dry_run=False)
    assert summary.emails == 5


@pytest.mark.parametrize("value", ["2026-02-30", "demain", "\x00", "31-12-2026"])
def test_bad_today_is_refused_in_french(db, value):
    with pytest.raises(CommandError, match="pas une date valide"):
        call_command("send_expiry_reminders", "--today", value, stdout=StringIO())


def test_accreditation_model_unchanged_by_reminders(habilitation, send):
    send(ONE)
    assert Accreditation.objects.get(pk=habilitation.pk).expires_on == EXPIRY
