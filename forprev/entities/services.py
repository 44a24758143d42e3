"""Writes on entities. Audit is recorded by auditlog in the same transaction."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.freezes.services import refuse_if_frozen

from .enums import DelegateRight, MembershipRole
from .models import Entity, Membership
from .rules import (
    can_manage_delegates,
    editable_entity_fields,
    kind_change_freeze,
    profile_freeze,
)


@transaction.atomic
def entity_create(*, manager=None, **fields) -> Entity:
    """Create an entity; the caisse de rattachement follows from the département."""
    entity = Entity(**fields)
    entity.caisse_id = entity.department.caisse_id
    entity.full_clean()
    entity.save()
    if manager is not None:
        membership = Membership(user=manager, entity=entity, role=MembershipRole.MANAGER)
        membership.full_clean()
        membership.save()
    return entity


@transaction.atomic
def entity_update_profile(*, entity: Entity, by, changes: dict) -> Entity:
    """Apply the tronc-commun fields ``by`` may edit; any other field is refused (server-side lock),
    and so is any change while a freeze stops it (tronc commun for the entity, E > OF)."""
    refuse_if_frozen(profile_freeze(by, entity))
    allowed = set(editable_entity_fields(by, entity))
    forbidden = set(changes) - allowed
    if forbidden:
        raise DomainError(
            _("Ces champs ne peuvent être modifiés que par votre caisse : %(fields)s.")
            % {
                "fields": ", ".join(
                    str(Entity._meta.get_field(f).verbose_name) for f in sorted(forbidden)
                )
            }
        )
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if "kind" in changes:  # against the stored type: a form may have changed ``entity`` already
        refuse_if_frozen(kind_change_freeze(by, entity, changes["kind"]), field="kind")
    for name, value in changes.items():
        setattr(entity, name, value)
    entity.caisse_id = entity.department.caisse_id
    try:
        entity.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    entity.save()
    return entity


def person_invite(*, email, first_name, last_name, entity, by, role_label):
    """Create the account of an invited person, with a link to choose their password."""
    user = User.objects.create_user(
        email=email, password=None, first_name=first_name, last_name=last_name
    )
    link = settings.FORPREV_SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_templated_email(
        to=email,
        template="entities/email/delegate_invitation",
        context={"user": user, "entity": entity, "by": by, "link": link, "role_label": role_label},
    )
    return user


@transaction.atomic
def delegate_add(
    *, entity, by, login: str, rights, first_name: str = "", last_name: str = ""
) -> Membership:
    """Name a delegate found by numéro Forprev or e-mail; invite by e-mail when no account."""

    if not can_manage_delegates(by, entity):
        raise DomainError(_("Seul le gestionnaire (CEH) nomme des délégués."))
    unknown = set(rights) - set(DelegateRight.values)
    if unknown:
        raise DomainError(_("Droit inconnu."), field="rights")
    login = (login or "").strip()
    user = User.objects.with_login(login).first()
    if user is None:
        if "@" not in login:
            raise DomainError(
                _(
                    "Aucun compte ne porte ce numéro Forprev. Pour inviter une personne sans compte, saisissez son adresse électronique."
                ),
                field="login",
            )
        if not first_name.strip() or not last_name.strip():
            raise DomainError(
                _(
                    "Cette personne n'a pas encore de compte : indiquez ses nom et prénom pour l'inviter."
                ),
                field="last_name",
            )
        user = person_invite(
            role_label=_("délégué(e)"),
            email=login,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            entity=entity,
            by=by,
        )
    if user.staff_role:
        raise DomainError(
            _("Un membre du réseau (caisse, assistance, national) ne peut pas être délégué."),
            field="login",
        )
    if Membership.objects.active().filter(user=user, entity=entity).exists():
        raise DomainError(_("Cette personne fait déjà partie de l'entité."), field="login")
    membership = Membership(
        user=user, entity=entity, role=MembershipRole.DELEGATE, rights=sorted(set(rights))
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def delegate_update(*, membership, by, rights) -> Membership:

    if (
        not can_manage_delegates(by, membership.entity)
        or membership.role != MembershipRole.DELEGATE
    ):
        raise DomainError(_("Seul le gestionnaire (CEH) modifie les droits d'un délégué."))
    if set(rights) - set(DelegateRight.values):
        raise DomainError(_("Droit inconnu."), field="rights")
    membership.rights = sorted(set(rights))
    membership.save(update_fields=["rights", "updated_at"])
    return membership


@transaction.atomic
def delegate_revoke(*, membership, by) -> Membership:

    if (
        not can_manage_delegates(by, membership.entity)
        or membership.role != MembershipRole.DELEGATE
    ):
        raise DomainError(_("Seul le gestionnaire (CEH) révoque un délégué."))
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at", "updated_at"])
    return membership
