"""Who may act on an entity they can see (visibility itself is ``Entity.objects.visible_to``)."""

from forprev.accounts.enums import StaffRole
from forprev.freezes.enums import FrozenAction
from forprev.freezes.rules import frozen_for
from forprev.freezes.selectors import freeze_in_force

from .enums import DelegateRight, EntityKind, EntityStatus, InvitationKind, MembershipRole

# Fields of the tronc commun only the caisse changes (greyed for the manager).
LOCKED_FIELDS = ("kind", "name", "siret", "nda", "department")
# Fields the manager keeps up to date.
MANAGER_EDITABLE_FIELDS = (
    "trade_name",
    "address_line",
    "address_complement",
    "postcode",
    "city",
    "head_name",
    "phone",
    "contact_email",
)


def is_instructor_of(user, entity) -> bool:
    return user.staff_role == StaffRole.INSTRUCTOR and user.caisse_id == entity.caisse_id


# Set by the request's role context on the entity acted for: (user id, active membership), read
# when this request started, so that the menu and the page's rules do not query it again.
KNOWN_MEMBERSHIP_ATTRIBUTE = "_forprev_known_membership"


def membership_of(user, entity):
    """The user's active membership of the entity, or None."""
    if not user.is_authenticated:
        return None
    known = getattr(entity, KNOWN_MEMBERSHIP_ATTRIBUTE, None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return entity.memberships.filter(user=user, revoked_at__isnull=True).first()


def is_manager_of(user, entity) -> bool:
    membership = membership_of(user, entity)
    return membership is not None and membership.role == MembershipRole.MANAGER


def can_list_entities(user, role_context) -> bool:
    """Staff roles list the entities of their scope; members list their own entities."""
    return role_context.is_staff or bool(role_context.memberships)


def can_edit_entity_profile(user, entity) -> bool:
    """The manager (CEH) keeps the tronc commun up to date; the instructor of the entity's caisse
    corrects it. National and support read only (PRODUCT.md roles)."""
    return is_instructor_of(user, entity) or is_manager_of(user, entity)


def editable_entity_fields(user, entity) -> tuple[str, ...]:
    """Locked fields (SIRET, raison sociale, type, NDA, département → caisse) are the caisse's."""
    if is_instructor_of(user, entity):
        return LOCKED_FIELDS + MANAGER_EDITABLE_FIELDS
    if is_manager_of(user, entity):
        return MANAGER_EDITABLE_FIELDS
    return ()


def profile_freeze(user, entity):
    """The freeze stopping ``user`` from editing the tronc commun, or None. Before the
    switch-over the entity's own changes stop; its caisse keeps correcting it (members are told
    to write to their caisse), so the caisse's instructors are not stopped."""
    if is_instructor_of(user, entity):
        return None
    return frozen_for(user, FrozenAction.ENTITY_PROFILE)


def kind_change_freeze(user, entity, new_kind):
    """The freeze stopping ``user`` from turning a company into a training organisation (E > OF),
    or None. In Forprev 2 the type is a field only the caisse changes: this freeze stops the
    instructor."""
    if entity.kind == EntityKind.COMPANY and new_kind == EntityKind.TRAINING_ORG:
        return frozen_for(user, FrozenAction.COMPANY_TO_TRAINING_ORG)
    return None


def application_freeze():
    """The freeze stopping the public application (« Demander une habilitation »), or None. It
    is the first step of an initial application, so that freeze stops it; the applicant has no
    account yet, so nobody is exempt."""
    return freeze_in_force(FrozenAction.INITIAL)


def can_manage_delegates(user, entity) -> bool:
    """The manager (CEH) chooses who acts for the entity and with which rights."""
    return is_manager_of(user, entity)


def can_view_members(user, entity) -> bool:
    """The list of people of an entity: its manager, the caisse, support and national."""
    return (
        is_manager_of(user, entity)
        or is_instructor_of(user, entity)
        or user.is_superuser
        or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )


def can_manage_trainers_team(user, entity) -> bool:
    """The manager, or a delegate holding « gérer l'équipe pédagogique » (PRODUCT.md)."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.MANAGE_TRAINERS)


def can_invite(user, entity, kind) -> bool:
    """Who may invite, resend and withdraw an invitation: delegates are the manager's choice;
    trainers, whoever manages the équipe pédagogique."""
    if kind == InvitationKind.DELEGATE:
        return can_manage_delegates(user, entity)
    return can_manage_trainers_team(user, entity)


def can_see_login_identifiers(user, entity) -> bool:
    """Numéros Forprev are login identifiers: members see each other's names, never their
    numéros; the caisse, support and national see them (they answer people by numéro)."""
    return (
        is_instructor_of(user, entity)
        or user.is_superuser
        or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )


def can_recognise_entity(user, entity) -> bool:
    """The caisse de rattachement decides which entity holds a SIRET (ENT) or NDA (OF): an
    instructor of the entity's caisse recognises a provisional entity created by the public
    application, once they checked who is behind it."""
    return entity.status == EntityStatus.PROVISIONAL and is_instructor_of(user, entity)
