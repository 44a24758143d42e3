"""The per-request role context: who is acting, as what, for which entity.

``request.role`` is built lazily by ``RoleContextMiddleware`` (one query for the memberships).
When a person belongs to several entities, the active one is kept in the session and chosen on
``/espace/entite/``.
"""

from dataclasses import dataclass, field

from .enums import Role, StaffRole

ACTIVE_ENTITY_SESSION_KEY = "forprev_active_entity"


@dataclass
class RoleContext:
    user: object
    memberships: list = field(default_factory=list)
    active_membership: object | None = None
    is_trainer: bool = False

    @property
    def role(self) -> Role:
        user = self.user
        if not user.is_authenticated:
            return Role.ANONYMOUS
        if user.staff_role:
            return Role(user.staff_role)
        if self.active_membership is not None:
            return Role(self.active_membership.role)
        return Role.TRAINER if self.is_trainer else Role.PERSON

    @property
    def entity(self):
        return self.active_membership.entity if self.active_membership else None

    @property
    def needs_entity_choice(self) -> bool:
        return len(self.memberships) > 1 and self.active_membership is None

    @property
    def is_staff(self) -> bool:
        return self.role in {Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL}

    @property
    def is_entity_member(self) -> bool:
        return self.role in {Role.MANAGER, Role.DELEGATE}

    @property
    def is_national_scope(self) -> bool:
        return self.role in {Role.SUPPORT, Role.NATIONAL}


def build_role_context(request) -> RoleContext:
    from forprev.entities.models import Membership

    user = request.user
    if not user.is_authenticated or user.staff_role in set(StaffRole.values):
        return RoleContext(user=user)
    memberships = list(Membership.objects.active().filter(user=user).select_related("entity"))
    active = None
    if len(memberships) == 1:
        active = memberships[0]
    elif memberships:
        wanted = request.session.get(ACTIVE_ENTITY_SESSION_KEY)
        active = next((m for m in memberships if str(m.entity.public_id) == wanted), None)
    if active is not None:
        # The entity's rules (entities.rules.membership_of) reuse it instead of querying again.
        active.entity._forprev_known_membership = (user.pk, active)
    is_trainer = False
    if not memberships:
        from forprev.trainers.models import TeamMembership, TrainerCertificate

        is_trainer = (
            TeamMembership.objects.active().filter(trainer=user).exists()
            or TrainerCertificate.objects.filter(holder=user).exists()
        )
    return RoleContext(
        user=user, memberships=memberships, active_membership=active, is_trainer=is_trainer
    )
