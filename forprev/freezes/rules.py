"""Who administers freezes, whom a freeze stops, who sees the announcements."""

import datetime

from forprev.accounts.enums import StaffRole

from .models import FeatureFreeze
from .selectors import freeze_in_force


def can_manage_freezes(user) -> bool:
    """The national role (INRS) publishes the schedule of disabled features before the
    switch-over; superusers too."""
    return user.is_authenticated and (user.is_superuser or user.staff_role == StaffRole.NATIONAL)


def is_never_frozen(user) -> bool:
    """Support and national keep every action during a freeze: they act for users who call."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )


def frozen_for(user, action: str, day: datetime.date | None = None) -> FeatureFreeze | None:
    """The freeze that stops ``user`` doing ``action`` (today by default), or None.

    Each domain's rules say who performs the action (the entity's manager, the caisse's
    instructor, an applicant without account); this only exempts support and national.
    """
    if is_never_frozen(user):
        return None
    return freeze_in_force(action, day)


def sees_freeze_notices(user, role_context) -> bool:
    """The banner is for the people the freezes concern: members of an entity and the caisses'
    instructors (the seed's « gestionnaires des entités » and « instructeurs »)."""
    return user.is_authenticated and (
        bool(role_context.memberships) or user.staff_role == StaffRole.INSTRUCTOR
    )
