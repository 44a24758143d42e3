"""The public application ("Demander une habilitation"): a provisional account for a new entity
and its manager (CEH), created together or not at all.

One account per SIRET for a company, per NDA for a training organisation (DOMAIN.md). A second
attempt is told that an account exists and whom to ask — the entity's caisse, never the manager.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.freezes.services import refuse_if_frozen

from .enums import EntityKind
from .models import Entity
from .rules import application_freeze
from .services import entity_create


def existing_account(*, kind: str, siret: str, nda: str) -> Entity | None:
    """The entity that already holds the account this application would duplicate, if any."""
    entities = Entity.objects.select_related("caisse")
    if kind == EntityKind.COMPANY and siret:
        return entities.filter(kind=EntityKind.COMPANY, siret=siret).first()
    if kind == EntityKind.TRAINING_ORG and nda:
        return entities.filter(kind=EntityKind.TRAINING_ORG, nda=nda).first()
    return None


def duplicate_account_message(entity: Entity) -> str:
    """Says an account exists and whom to contact, without naming its manager."""
    caisse = entity.caisse
    contact = f"{caisse.name} ({caisse.email})" if caisse.email else caisse.name
    if entity.kind == EntityKind.TRAINING_ORG:
        message = _(
            "Un compte existe déjà pour ce numéro de déclaration d'activité (NDA). Contactez le "
            "gestionnaire de ce compte ou, à défaut, votre caisse de rattachement : %(contact)s."
        )
    else:
        message = _(
            "Un compte existe déjà pour ce SIRET. Contactez le gestionnaire de ce compte ou, "
            "à défaut, votre caisse de rattachement : %(contact)s."
        )
    return message % {"contact": contact}


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=(email or "").strip()).exists()


def email_taken_message() -> str:
    return _(
        "Cette adresse électronique est déjà associée à un compte Forprev : connectez-vous ou "
        "utilisez « Mot de passe oublié »."
    )


def _duplicate_error(*, entity_fields: dict, manager_fields: dict) -> DomainError | None:
    """The refusal for an account that already exists (checked again after a lost race)."""
    existing = existing_account(
        kind=entity_fields.get("kind", ""),
        siret=entity_fields.get("siret", ""),
        nda=entity_fields.get("nda", ""),
    )
    if existing is not None:
        return DomainError(duplicate_account_message(existing), code="duplicate_account")
    if email_taken(manager_fields.get("email", "")):
        return DomainError(email_taken_message(), code="duplicate_email", field="email")
    return None


@transaction.atomic
def entity_apply(
    *, entity_fields: dict, manager_fields: dict, password: str
) -> tuple[Entity, User]:
    """Create the manager's account, the entity and the manager membership, then e-mail the
    numéro Forprev (on commit). All or nothing: a refusal leaves no user and no entity.

    ``entity_fields``: the tronc commun (``department`` sets the caisse); ``manager_fields``:
    ``first_name``, ``last_name``, ``email``. The password was checked by the form against the
    password validators, as Django's own account forms do. Refused while initial applications
    are frozen.
    """
    refuse_if_frozen(application_freeze())
    refusal = _duplicate_error(entity_fields=entity_fields, manager_fields=manager_fields)
    if refusal is not None:
        raise refusal
    try:
        # A savepoint: after a lost race the outer transaction stays usable to say why.
        with transaction.atomic():
            user = User.objects.create_user(password=password, **manager_fields)
            entity = entity_create(manager=user, **entity_fields)
    except IntegrityError:
        # Another application for the same SIRET, NDA or e-mail committed after our checks.
        refusal = _duplicate_error(entity_fields=entity_fields, manager_fields=manager_fields)
        if refusal is None:
            raise
        raise refusal from None
    except ValidationError as error:
        refusal = _duplicate_error(entity_fields=entity_fields, manager_fields=manager_fields)
        raise refusal or DomainError(" ".join(error.messages)) from None
    send_templated_email(
        to=user.email,
        template="apply/email/welcome",
        context={
            "user": user,
            "entity": entity,
            "login_url": settings.FORPREV_SITE_URL + reverse("accounts:login"),
        },
    )
    return entity, user
