"""The application service creates the manager, the entity and the membership, or nothing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from forprev.accounts.models import IssuedForprevId, User
from forprev.core.exceptions import DomainError
from forprev.entities import application
from forprev.entities.application import entity_apply
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership
from forprev.referentials.models import Caisse, Department
from tests.factories import PASSWORD, EntityFactory, UserFactory

SIRET = make_siret(51_000_000)


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
def nothing_left(django_capture_on_commit_callbacks):
    """Run a refused application and check it left no row and sent no e-mail."""

    def _check(error, **kwargs):
        before = _counts()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(error) as raised:
            entity_apply(
                entity_fields=kwargs.get("entity_fields", entity_fields()),
                manager_fields=kwargs.get("manager_fields", MANAGER),
                password=PASSWORD,
            )
        assert _counts() == before
        assert mail.outbox == []
        return raised.value

    return _check


@pytest.mark.django_db
def test_entity_apply_creates_manager_entity_and_membership_and_mails_on_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entity, user = entity_apply(
            entity_fields=entity_fields(), manager_fields=MANAGER, password=PASSWORD
        )
        assert mail.outbox == []  # nothing leaves before the commit

    assert entity.caisse == Caisse.objects.get(code="carsat-sud-est")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(entity=entity, user=user).role == MembershipRole.MANAGER
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox[0].to == ["ines.moreau@panier.fr"]
    assert user.forprev_id in mail.outbox[0].body
    assert "Carsat Sud-Est" in mail.outbox[0].body


@pytest.mark.django_db
def test_existing_company_account_is_refused_before_any_write(nothing_left):
    EntityFactory(siret=SIRET)
    error = nothing_left(DomainError)
    assert error.code == "duplicate_account"
    assert error.message.startswith("Un compte existe déjà pour ce SIRET.")


@pytest.mark.django_db
def test_existing_training_org_account_is_refused(nothing_left):
    nda = make_nda(93, "13", 777)
    EntityFactory(training_org=True, nda=nda)
    error = nothing_left(
        DomainError, entity_fields=entity_fields(kind=EntityKind.TRAINING_ORG, nda=nda)
    )
    assert "numéro de déclaration d'activité (NDA)" in error.message


@pytest.mark.django_db
def test_email_of_an_existing_account_is_refused_in_any_case(nothing_left):
    UserFactory(email="ines.moreau@panier.fr")
    error = nothing_left(DomainError, manager_fields={**MANAGER, "email": "Ines.MOREAU@panier.fr"})
    assert (error.code, error.field) == ("duplicate_email", "email")


@pytest.mark.django_db
def test_duplicate_committed_by_a_concurrent_application_rolls_everything_back(
    monkeypatch, nothing_left
):
    """Another application for the same SIRET commits between our checks and our insert: the
    database's unique index refuses it (IntegrityError) after the user was created."""
    existing = EntityFactory(in_lyon=True, siret=SIRET)
    calls = []

    def check_made_before_the_concurrent_insert(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else Entity.objects.get(pk=existing.pk)

    monkeypatch.setattr(application, "existing_account", check_made_before_the_concurrent_insert)
    monkeypatch.setattr(Entity, "validate_constraints", lambda self, exclude=None: None)

    error = nothing_left(DomainError)

    assert isinstance(error.__context__, IntegrityError)  # refused by the database itself
    assert len(calls) == 2  # the refusal is explained after the savepoint rolled back
    assert error.message.startswith("Un compte existe déjà pour ce SIRET.")
    assert "Carsat Rhône-Alpes" in error.message
    assert not User.objects.filter(email__iexact=MANAGER["email"]).exists()


@pytest.mark.django_db
def test_email_taken_by_a_concurrent_application_is_explained(monkeypatch, nothing_left):
    UserFactory(email=MANAGER["email"])
    answers = iter([False, True])
    monkeypatch.setattr(application, "email_taken", lambda email: next(answers))
    error = nothing_left(DomainError)
    assert error.code == "duplicate_email"


@pytest.mark.django_db
def test_failure_after_the_entity_is_saved_leaves_nothing(monkeypatch, nothing_left):
    def refuse(self, *args, **kwargs):
        raise ValidationError({"rights": "Droit inconnu : test"})

    monkeypatch.setattr(Membership, "full_clean", refuse)
    error = nothing_left(DomainError)
    assert error.message == "Droit inconnu : test"


@pytest.mark.django_db
def test_mail_failure_leaves_nothing(monkeypatch, nothing_left):
    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(application, "send_templated_email", broken)
    nothing_left(RuntimeError)


@pytest.mark.django_db
def test_invalid_entity_data_is_a_domain_error_not_a_crash(nothing_left):
    error = nothing_left(DomainError, entity_fields=entity_fields(postcode="69003"))
    assert "Le code postal ne correspond pas au département choisi." in error.message
