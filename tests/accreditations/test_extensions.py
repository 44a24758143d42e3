"""Bulk extensions by rule: the service and ``manage.py extend_accreditations``."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from forprev.accreditations.models import Accreditation, Extension
from forprev.accreditations.services.extensions import (
    ExtensionRule,
    accreditations_extend,
    extension_candidates,
)
from forprev.core.exceptions import DomainError
from tests.accreditations.factories import AccreditationFactory
from tests.factories import EntityFactory, MembershipFactory, UserFactory

D = datetime.date
RULE = ExtensionRule(expiring_from=D(2023, 1, 1), expiring_to=D(2023, 3, 31), months=9)
WINDOW = ["--expiring-from", "2023-01-01", "--expiring-to", "31/03/2023", "--months", "9"]


@pytest.fixture
def habilitations(db):
    """Three habilitations of two entities inside the window, and some that must not move."""
    first, second = EntityFactory(), EntityFactory(in_lyon=True)
    MembershipFactory(entity=first, user__email="gestion@premiere.fr")
    MembershipFactory(entity=first, user__email="direction@premiere.fr")
    MembershipFactory(entity=first, delegate=True, user__email="delegue@premiere.fr")
    MembershipFactory(entity=second, user__email="gestion@seconde.fr")
    inside = [
        AccreditationFactory(entity=first, expires_on=D(2023, 1, 31)),
        AccreditationFactory(entity=first, expires_on=D(2023, 3, 31)),
        AccreditationFactory(entity=second, expires_on=D(2023, 1, 1)),
    ]
    outside = [
        AccreditationFactory(entity=first, expires_on=D(2022, 12, 31)),
        AccreditationFactory(entity=first, expires_on=D(2023, 4, 1)),
        AccreditationFactory(entity=second, expires_on=D(2023, 2, 15), suspended=True),
        AccreditationFactory(entity=second, expires_on=D(2023, 2, 15), withdrawn=True),
        AccreditationFactory(entity=second, expires_on=D(2023, 2, 15), expired=True),
    ]
    return {"inside": inside, "outside": outside}


def expiries(accreditations):
    return [Accreditation.objects.get(pk=a.pk).expires_on for a in accreditations]


def run(*args):
    out = StringIO()
    call_command("extend_accreditations", *args, stdout=out)
    return out.getvalue()


# The rule


@pytest.mark.parametrize(
    ("first", "last", "months", "message"),
    [
        (D(2023, 3, 1), D(2023, 1, 1), 9, "postérieure"),
        (D(2023, 1, 1), D(2023, 3, 1), 0, "entre 1 et 36"),
        (D(2023, 1, 1), D(2023, 3, 1), 37, "entre 1 et 36"),
        (D(2023, 1, 1), D(9999, 12, 1), 1, "hors des dates"),
    ],
)
def test_rule_refuses_bad_windows_in_french(first, last, months, message):
    with pytest.raises(DomainError, match=message):
        ExtensionRule(expiring_from=first, expiring_to=last, months=months)


def test_rule_key_names_window_and_months():
    assert RULE.key == "2023-01-01..2023-03-31+9m"
    assert RULE.new_expiry(D(2023, 1, 31)) == D(2023, 10, 31)


def test_candidates_are_the_active_habilitations_expiring_in_the_window(habilitations):
    assert list(extension_candidates(RULE)) == sorted(
        habilitations["inside"], key=lambda a: a.expires_on
    )


# The service


def test_extend_moves_expiry_records_extension_and_clamps_month_end(
    habilitations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        count = accreditations_extend(rule=RULE)
    assert count == 3
    assert expiries(habilitations["inside"]) == [D(2023, 10, 31), D(2023, 12, 31), D(2023, 10, 1)]
    short = ExtensionRule(expiring_from=D(2023, 1, 31), expiring_to=D(2023, 1, 31), months=1)
    assert accreditations_extend(rule=short) == 0  # now expires on 31/10/2023, outside
    extension = Extension.objects.get(accreditation=habilitations["inside"][0])
    assert (extension.previous_expires_on, extension.new_expires_on) == (
        D(2023, 1, 31),
        D(2023, 10, 31),
    )
    assert (extension.months, extension.rule_key, extension.created_by) == (9, RULE.key, None)


def test_month_end_is_clamped():
    rule = ExtensionRule(expiring_from=D(2023, 1, 1), expiring_to=D(2023, 12, 31), months=1)
    assert rule.new_expiry(D(2023, 1, 31)) == D(2023, 2, 28)


def test_same_rule_twice_extends_once(habilitations, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert accreditations_extend(rule=RULE) == 3
    before = expiries(habilitations["inside"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert accreditations_extend(rule=RULE) == 0
    assert expiries(habilitations["inside"]) == before
    assert Extension.objects.count() == 3
    assert callbacks == []  # no e-mail either


def test_habilitations_outside_the_rule_do_not_move(habilitations):
    before = expiries(habilitations["outside"])
    accreditations_extend(rule=RULE)
    assert expiries(habilitations["outside"]) == before


def test_another_rule_may_extend_again(habilitations):
    accreditations_extend(rule=RULE)
    later = ExtensionRule(expiring_from=D(2023, 10, 1), expiring_to=D(2023, 12, 31), months=3)
    assert accreditations_extend(rule=later) == 3
    assert Extension.objects.filter(accreditation=habilitations["inside"][0]).count() == 2


def test_extension_is_audited_with_before_and_after_expiry_and_actor(habilitations):
    national = UserFactory(national=True)
    accreditations_extend(rule=RULE, by=national)
    accreditation = habilitations["inside"][0]
    entry = LogEntry.objects.get_for_object(accreditation).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict["expires_on"] == ["2023-01-31", "2023-10-31"]
    assert entry.actor == national
    created = LogEntry.objects.get_for_object(Extension.objects.get(accreditation=accreditation))
    assert created.get().action == LogEntry.Action.CREATE
    assert created.get().changes_dict["rule_key"] == ["None", RULE.key]
    # The first row goes through auditlog, the others are inserted in bulk: all alike.
    entries = LogEntry.objects.filter(
        Q(action=LogEntry.Action.UPDATE) | Q(content_type__model="extension")
    )
    assert entries.count() == 6
    assert {(e.actor, e.cid, e.remote_addr) for e in entries} == {(national, None, None)}
    updates = entries.filter(action=LogEntry.Action.UPDATE)
    assert [set(e.changes_dict) for e in updates] == [{"expires_on", "updated_at"}] * 3
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count() == 3
    )  # one per extended habilitation


def test_outdated_preview_count_is_refused_and_nothing_written(habilitations):
    with pytest.raises(DomainError, match="a changé depuis l'aperçu"):
        accreditations_extend(rule=RULE, expected_count=2)
    assert not Extension.objects.exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()
    assert accreditations_extend(rule=RULE, expected_count=3) == 3


def test_managers_get_one_email_per_entity(habilitations, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accreditations_extend(rule=RULE)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == [
        "direction@premiere.fr",
        "gestion@premiere.fr",
        "gestion@seconde.fr",
    ]  # managers only, not the delegate
    message = by_recipient["gestion@premiere.fr"]
    assert "2 habilitations" in message.subject
    assert "prolongées de 9 mois" in message.body
    assert "échéance du 31/01/2023 reportée au 31/10/2023" in message.body
    assert "31/03/2023 reportée au 31/12/2023" in message.body
    assert "une habilitation" in by_recipient["gestion@seconde.fr"].subject


def test_no_email_when_the_transaction_rolls_back(
    habilitations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accreditations_extend(rule=RULE)
    assert len(callbacks) == 3
    assert mail.outbox == []


# The command


def test_dry_run_prints_count_and_list_and_writes_nothing(habilitations):
    out = run(*WINDOW)
    assert "Simulation : 3 habilitation(s)" in out
    assert "31/01/2023 → 31/10/2023" in out
    assert "SST — Acteur SST" in out
    assert "--wet-run" in out
    assert not Extension.objects.exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()
    assert expiries(habilitations["inside"]) == [D(2023, 1, 31), D(2023, 3, 31), D(2023, 1, 1)]


def test_wet_run_changes_what_the_dry_run_counted_then_nothing(
    habilitations, django_capture_on_commit_callbacks
):
    assert "Simulation : 3 habilitation(s)" in run(*WINDOW)
    with django_capture_on_commit_callbacks(execute=True):
        out = run(*WINDOW, "--wet-run")
    assert out.startswith("3 habilitation(s)")
    assert Extension.objects.filter(rule_key=RULE.key).count() == 3
    assert len(mail.outbox) == 3
    # Audited, by the system.
    entries = LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
    assert entries.count() == 3
    assert {entry.actor for entry in entries} == {None}
    # The same rule again: nothing to do, nothing changes, nobody is e-mailed.
    assert "Simulation : 0 habilitation(s)" in run(*WINDOW)
    with django_capture_on_commit_callbacks(execute=True):
        out = run(*WINDOW, "--wet-run")
    assert out.startswith("0 habilitation(s)")
    assert "déjà appliquée" in out
    assert Extension.objects.count() == 3
    assert len(mail.outbox) == 3


def test_wet_run_on_behalf_of_a_national_account(habilitations):
    national = UserFactory(national=True)
    run(*WINDOW, "--wet-run", "--actor", national.forprev_id.lower())
    assert set(Extension.objects.values_list("created_by", flat=True)) == {national.pk}
    entries = LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
    assert {entry.actor for entry in entries} == {national}


@pytest.mark.parametrize(
    ("persona_kwargs", "message"),
    [({"forprev_id": "ZZZ99999"}, "aucun compte"), ({"instructor": True}, "rôle national")],
)
def test_actor_must_be_a_national_account(habilitations, persona_kwargs, message):
    if "forprev_id" in persona_kwargs:
        forprev_id = persona_kwargs["forprev_id"]
    else:
        forprev_id = UserFactory(**persona_kwargs).forprev_id
    with pytest.raises(CommandError, match=message):
        run(*WINDOW, "--wet-run", "--actor", forprev_id)
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--expiring-from", "2023-13-01", "--expiring-to", "2023-03-31", "--months", "9"], "pas une date valide"),
        (["--expiring-from", "31/02/2023", "--expiring-to", "2023-03-31", "--months", "9"], "pas une date valide"),
        (["--expiring-from", "janvier", "--expiring-to", "2023-03-31", "--months", "9"], "pas une date valide"),
        (["--expiring-from", "2023-01-01\x00", "--expiring-to", "2023-03-31", "--months", "9"], "pas une date valide"),
        (["--expiring-from", "2023-04-01", "--expiring-to", "2023-03-31", "--months", "9"], "postérieure"),
        (["--expiring-from", "2023-01-01", "--expiring-to", "2023-03-31", "--months", "0"], "entre 1 et 36"),
        (["--expiring-from", "2023-01-01", "--expiring-to", "2023-03-31", "--months", "99"], "entre 1 et 36"),
        (["--expiring-from", "2023-01-01", "--expiring-to", "2023-03-31", "--months", "neuf"], "nombre entier"),
    ],
)  # fmt: skip
def test_bad_arguments_are_refused_in_french(habilitations, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--wet-run")
    assert not Extension.objects.exists()
