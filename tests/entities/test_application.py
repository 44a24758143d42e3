"""The public application in two steps: ``entity_apply`` records the application and e-mails a
link, creating nothing that can act; ``entity_apply_confirm`` (the link) creates the manager, the
provisional entity and the membership, or nothing. Then the caisse recognises the entity."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.models import IssuedForprevId, User
from forprev.accreditations.enums import RequestKind, RequestStatus
from forprev.accreditations.models import Accreditation
from forprev.accreditations.services.decision import request_decide
from forprev.accreditations.services.requests import request_create
from forprev.core.exceptions import DomainError
from forprev.core.scheduling import JOBS
from forprev.entities import application
from forprev.entities.application import (
    ApplicationLinkError,
    entity_apply,
    entity_apply_confirm,
    entity_recognise,
    purge_expired_applications,
)
from forprev.entities.enums import EntityKind, EntityStatus, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership, PendingApplication
from forprev.entities.rules import can_recognise_entity
from forprev.entities.selectors import other_claimants, with_claim_flags
from forprev.referentials.models import Caisse, Department, ProgrammeLevel
from tests.accreditations.dossiers import complete_dossier
from tests.factories import PASSWORD, EntityFactory, MembershipFactory, UserFactory

SIRET = make_siret(51_000_000)
LINK = re.compile(r"https?://\S+/demander-une-habilitation/confirmer/(\S+)/")


def entity_fields(**overrides):
    fields = {
        "kind": EntityKind.COMPANY,
        "name": "MENUISERIE DU PANIER",
        "siret": SIRET,
        "address_line": "3 rue du Panier",
        "postcode": "13002",
        "city": "Marseille",
        "department": Department.objects.get(code="13"),
    }
    return {**fields, **overrides}


MANAGER = {"first_name": "Inès", "last_name": "Moreau", "email": "ines.moreau@panier.fr"}


def _counts():
    return (
        User.objects.count(),
        Entity.objects.count(),
        Membership.objects.count(),
        IssuedForprevId.objects.count(),
    )


@pytest.fixture
def apply(django_capture_on_commit_callbacks):
    """Step 1 with its e-mails sent; returns the token of the link, or None."""

    def _apply(fields=None, manager=None):
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            entity_apply(
                entity_fields=fields or entity_fields(),
                manager_fields=manager or MANAGER,
                password=PASSWORD,
            )
        new = mail.outbox[sent:]
        for message in new:
            if found := LINK.search(message.body):
                return found.group(1)
        return None

    return _apply


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    def _confirm(token):
        with django_capture_on_commit_callbacks(execute=True):
            return entity_apply_confirm(token=token)

    return _confirm


# --- Step 1: nothing that can act ------------------------------------------------------------


@pytest.mark.django_db
def test_apply_creates_no_account_and_keeps_only_the_password_hash(apply, settings):
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    before = _counts()

    token = apply()

    assert _counts() == before  # no user, entity, membership nor numéro before the link
    pending = PendingApplication.objects.get()
    assert pending.email == "ines.moreau@panier.fr"
    assert PASSWORD not in pending.password_hash
    assert check_password(PASSWORD, pending.password_hash)
    assert PASSWORD not in str(pending.entity_data)
    (message,) = mail.outbox
    assert message.to == ["ines.moreau@panier.fr"]
    assert (
        f"https://forprev.example.fr/demander-une-habilitation/confirmer/{token}/" in message.body
    )
    assert "48 heures" in message.body


@pytest.mark.django_db
def test_confirmation_mail_carries_no_free_text_typed_in_the_form(apply):
    """Anyone may type anyone's address: the e-mail must not relay their words to it."""
    apply(
        entity_fields(name="Cliquez ici https://hameçon.example"),
        {**MANAGER, "first_name": "Votre banque"},
    )
    (message,) = mail.outbox
    for typed in ("hameçon", "Votre banque", "Moreau", "Cliquez"):
        assert typed not in message.body
        assert typed not in message.subject


@pytest.mark.django_db
def test_known_address_gets_a_mail_saying_so_and_nothing_is_stored(apply, settings):
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    UserFactory(email="ines.moreau@panier.fr")
    before = _counts()

    token = apply(manager={**MANAGER, "email": "Ines.MOREAU@panier.fr"})

    assert token is None
    assert _counts() == before
    assert not PendingApplication.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["ines.moreau@panier.fr"]
    assert "déjà associée à un compte Forprev" in message.body
    assert "https://forprev.example.fr" + reverse("accounts:login") in message.body
    assert "https://forprev.example.fr" + reverse("accounts:password_reset") in message.body
    assert "MENUISERIE" not in message.body


@pytest.mark.django_db
def test_known_siret_changes_nothing_at_step_one(apply):
    EntityFactory(siret=SIRET)
    token = apply()
    assert token is not None
    assert PendingApplication.objects.get().siret == SIRET


@pytest.mark.django_db
def test_mails_to_one_address_are_limited_per_day(apply, settings):
    settings.FORPREV_APPLY_EMAILS_PER_ADDRESS_PER_DAY = 2
    for _attempt in range(4):
        apply()
    UserFactory(email="deja@exemple.fr")
    apply(manager={**MANAGER, "email": "deja@exemple.fr"})
    assert [message.to for message in mail.outbox] == [["ines.moreau@panier.fr"]] * 2 + [
        ["deja@exemple.fr"]
    ]


@pytest.mark.django_db
def test_mail_failure_leaves_nothing(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(application, "send_templated_email", broken)
    with pytest.raises(RuntimeError):
        entity_apply(entity_fields=entity_fields(), manager_fields=MANAGER, password=PASSWORD)
    assert not PendingApplication.objects.exists()


@pytest.mark.django_db
def test_expired_applications_are_purged(apply):
    apply()
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert purge_expired_applications() == 1
    assert not PendingApplication.objects.exists()


# --- Step 2: the link ------------------------------------------------------------------------


@pytest.mark.django_db
def test_confirm_creates_manager_provisional_entity_and_membership_and_mails_welcome(
    apply, confirm
):
    token = apply()
    mail.outbox.clear()

    entity, user, claimants = confirm(token)

    assert claimants == []
    assert entity.status == EntityStatus.PROVISIONAL
    assert entity.caisse == Caisse.objects.get(code="carsat-sud-est")
    assert user.is_active
    assert user.email == "ines.moreau@panier.fr"
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(entity=entity, user=user).role == MembershipRole.MANAGER
    pending = PendingApplication.objects.get()
    assert (pending.entity, pending.password_hash) == (entity, "")
    assert pending.confirmed_at is not None
    (message,) = mail.outbox
    assert message.to == ["ines.moreau@panier.fr"]
    assert user.forprev_id in message.body
    assert "Carsat Sud-Est" in message.body
    assert "revendique" not in message.body


@pytest.mark.django_db
def test_link_serves_once(apply, confirm):
    token = apply()
    confirm(token)
    before = _counts()
    with pytest.raises(ApplicationLinkError) as raised:
        confirm(token)
    assert raised.value.code == "used"
    assert _counts() == before


@pytest.mark.django_db
def test_expired_link_creates_nothing(apply, confirm):
    token = apply()
    with (
        time_machine.travel(timezone.now() + timedelta(hours=48, minutes=1)),
        pytest.raises(ApplicationLinkError) as raised,
    ):
        confirm(token)
    assert raised.value.code == "expired"
    assert not Entity.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "nimportequoi",
        "",
        "a" * 5000,
        signing.dumps("not-a-uuid", salt=application.CONFIRM_SALT),
        signing.dumps("00000000-0000-0000-0000-000000000000", salt="another-salt"),
    ],
    # Signed tokens carry a timestamp: fixed ids keep collection identical across workers.
    ids=["garbage", "empty", "long", "signed-not-a-uuid", "other-salt"],
)
def test_forged_link_is_refused_without_crash(apply, confirm, token):
    apply()
    with pytest.raises(ApplicationLinkError) as raised:
        confirm(token)
    assert raised.value.code == "invalid"
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_tampered_link_is_refused(apply, confirm):
    token = apply()
    with pytest.raises(ApplicationLinkError):
        confirm(token[:-1] + ("A" if token[-1] != "A" else "B"))


@pytest.mark.django_db
def test_address_taken_between_the_two_steps_is_refused(apply, confirm):
    token = apply()
    UserFactory(email=MANAGER["email"])
    before = _counts()
    with pytest.raises(DomainError) as raised:
        confirm(token)
    assert raised.value.code == "duplicate_email"
    assert _counts() == before


@pytest.mark.django_db
def test_two_links_for_one_address_make_one_account(apply, confirm):
    first, second = apply(), apply()
    confirm(first)
    with pytest.raises(DomainError) as raised:
        confirm(second)
    assert raised.value.code == "duplicate_email"
    assert User.objects.filter(email=MANAGER["email"]).count() == 1


@pytest.mark.django_db
def test_account_taken_by_a_concurrent_confirmation_rolls_everything_back(
    apply, confirm, monkeypatch
):
    """Another link for the same address commits between our check and our insert: the
    database's unique index refuses the user; nothing of ours stays."""
    token = apply()
    UserFactory(email=MANAGER["email"])
    answers = iter([False, True])
    monkeypatch.setattr(application, "email_taken", lambda email: next(answers))
    monkeypatch.setattr(User, "clean", lambda self: None)
    monkeypatch.setattr(User, "validate_constraints", lambda self, exclude=None: None)
    before = _counts()
    with pytest.raises(DomainError) as raised:
        confirm(token)
    assert isinstance(raised.value.__cause__, IntegrityError)  # refused by the database
    assert raised.value.code == "duplicate_email"
    assert _counts() == before
    assert PendingApplication.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_failure_after_the_entity_is_saved_leaves_nothing(apply, confirm, monkeypatch):
    token = apply()

    def refuse(self, *args, **kwargs):
        raise ValidationError({"rights": "Droit inconnu : test"})

    monkeypatch.setattr(Membership, "full_clean", refuse)
    before = _counts()
    with pytest.raises(DomainError) as raised:
        confirm(token)
    assert raised.value.message == "Droit inconnu : test"
    assert _counts() == before
    assert PendingApplication.objects.get().confirmed_at is None


# --- Claims on a SIRET / NDA -----------------------------------------------------------------


@pytest.mark.django_db
def test_second_applicant_for_a_recognised_siret_is_told_to_contact_the_caisse(apply, confirm):
    holder = EntityFactory(in_lyon=True, siret=SIRET, name="MENUISERIE HISTORIQUE")
    Caisse.objects.filter(code="carsat-sud-est").update(email="habilitation@carsat-se.fr")
    token = apply()
    mail.outbox.clear()

    entity, _user, claimants = confirm(token)

    assert claimants == [holder]
    assert entity.status == EntityStatus.PROVISIONAL
    assert holder.siret == entity.siret
    (message,) = mail.outbox
    assert "Un autre compte revendique déjà ce SIRET" in message.body
    assert "Carsat Sud-Est (habilitation@carsat-se.fr)" in message.body  # their département's
    assert "MENUISERIE HISTORIQUE" not in message.body
    assert "Rhône-Alpes" not in message.body


@pytest.mark.django_db
def test_two_provisional_applicants_may_claim_one_nda_and_see_each_other_as_claimants(
    apply, confirm
):
    nda = make_nda(93, "13", 777)
    fields = entity_fields(kind=EntityKind.TRAINING_ORG, nda=nda)
    first, _u, none = confirm(apply(fields))
    second, _u2, claimants = confirm(apply(fields, {**MANAGER, "email": "autre@exemple.fr"}))
    assert none == []
    assert claimants == [first]
    assert list(other_claimants(first)) == [second]
    flags = dict(with_claim_flags(Entity.objects.all()).values_list("pk", "claim_contested"))
    assert flags == {first.pk: True, second.pk: True}


@pytest.mark.django_db
def test_claim_flags_follow_the_kind(db):
    company = EntityFactory(siret=SIRET)
    training_org = EntityFactory(training_org=True, siret=SIRET)  # same SIRET, other kind
    alone = EntityFactory()
    flags = dict(with_claim_flags(Entity.objects.all()).values_list("pk", "claim_contested"))
    assert flags == {company.pk: False, training_org.pk: False, alone.pk: False}


@pytest.mark.django_db
def test_database_refuses_two_recognised_entities_for_one_siret_but_not_provisional_ones(db):
    EntityFactory(siret=SIRET)
    EntityFactory(siret=SIRET, status=EntityStatus.PROVISIONAL)
    EntityFactory(siret=SIRET, status=EntityStatus.PROVISIONAL)
    with pytest.raises(IntegrityError):
        Entity.objects.filter(status=EntityStatus.PROVISIONAL).update(
            status=EntityStatus.RECOGNISED
        )


# --- Recognition by the caisse ---------------------------------------------------------------


@pytest.fixture
def provisional(db):
    return EntityFactory(siret=SIRET, status=EntityStatus.PROVISIONAL)


@pytest.mark.django_db
def test_instructor_of_the_caisse_recognises_a_provisional_entity(personas, provisional):
    instructor = personas["instructor"]
    entity = entity_recognise(entity=provisional, by=instructor)
    entity.refresh_from_db()
    assert entity.status == EntityStatus.RECOGNISED
    assert entity.recognised_by == instructor
    assert entity.recognised_at is not None
    assert not can_recognise_entity(instructor, entity)  # once


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["manager", "instructor_elsewhere", "support", "national", "person"]
)
def test_only_the_instructor_of_the_caisse_recognises(personas, provisional, persona):
    MembershipFactory(entity=provisional, user=personas["manager"])
    with pytest.raises(DomainError):
        entity_recognise(entity=provisional, by=personas[persona])
    provisional.refresh_from_db()
    assert provisional.status == EntityStatus.PROVISIONAL


@pytest.mark.django_db
def test_recognition_is_refused_while_another_recognised_entity_holds_the_siret(
    personas, provisional
):
    EntityFactory(in_lyon=True, siret=SIRET, name="MENUISERIE HISTORIQUE")
    with pytest.raises(DomainError) as raised:
        entity_recognise(entity=provisional, by=personas["instructor"])
    assert raised.value.code == "number_held"
    assert "MENUISERIE HISTORIQUE (Carsat Rhône-Alpes)" in raised.value.message
    provisional.refresh_from_db()
    assert provisional.status == EntityStatus.PROVISIONAL


@pytest.mark.django_db
def test_recognition_lost_to_a_concurrent_one_is_explained(personas, provisional, monkeypatch):
    """The holder is recognised between our check and our save: the constraint refuses."""
    rival = EntityFactory(siret=SIRET, status=EntityStatus.PROVISIONAL, name="RIVALE")
    checks = []
    real = application.recognised_holder

    def first_check_sees_nobody(**kwargs):
        checks.append(kwargs)
        if len(checks) == 1:
            Entity.objects.filter(pk=rival.pk).update(status=EntityStatus.RECOGNISED)
            return None
        return real(**kwargs)

    monkeypatch.setattr(application, "recognised_holder", first_check_sees_nobody)
    monkeypatch.setattr(Entity, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(DomainError) as raised:
        entity_recognise(entity=provisional, by=personas["instructor"])
    assert "RIVALE" in raised.value.message
    assert Entity.objects.get(pk=provisional.pk).status == EntityStatus.PROVISIONAL


def _granted(entity, personas):
    MembershipFactory(entity=entity, user=personas["manager"])
    sst = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    request = request_create(
        entity=entity, kind=RequestKind.INITIAL, programme_levels=[sst], by=personas["manager"]
    )
    request.status = RequestStatus.OPINION_GIVEN
    request.save()
    complete_dossier(request)  # a grant needs a complete dossier
    return request


@pytest.mark.django_db
def test_first_grant_recognises_the_provisional_entity(personas, provisional):
    request = _granted(provisional, personas)
    (accreditation,) = request_decide(request=request, by=personas["national"], decision="granted")
    provisional.refresh_from_db()
    assert provisional.status == EntityStatus.RECOGNISED
    assert provisional.recognised_by == personas["national"]
    assert accreditation.entity == provisional


@pytest.mark.django_db
def test_grant_is_refused_while_another_recognised_entity_holds_the_siret(personas, provisional):
    request = _granted(provisional, personas)
    EntityFactory(in_lyon=True, siret=SIRET)
    with pytest.raises(DomainError):
        request_decide(request=request, by=personas["national"], decision="granted")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPINION_GIVEN
    assert not Accreditation.objects.filter(entity=provisional).exists()
    provisional.refresh_from_db()
    assert provisional.status == EntityStatus.PROVISIONAL


@pytest.mark.django_db
def test_refusal_does_not_recognise(personas, provisional):
    request = _granted(provisional, personas)
    request_decide(request=request, by=personas["national"], decision="refused", reason="Non")
    provisional.refresh_from_db()
    assert provisional.status == EntityStatus.PROVISIONAL


@pytest.mark.django_db
def test_the_purge_is_a_scheduled_job(apply):
    apply()
    job = JOBS["pending-applications-purge"]
    assert job.task.call() == "0 demande(s) supprimée(s)"
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert job.task.call() == "1 demande(s) supprimée(s)"
    assert not PendingApplication.objects.exists()
