"""Who may act on people: requests to the caisse about a person (and merges, below)."""

from forprev.accounts.enums import StaffRole
from forprev.entities.rules import is_instructor_of, is_manager_of
from forprev.trainers.models import TeamMembership


def can_ask_about_people(user, entity) -> bool:
    """The entity's manager (CEH), or a trainer of its team, asks the caisse to find or correct
    a person."""
    if not user.is_authenticated or user.staff_role:
        return False
    return (
        is_manager_of(user, entity)
        or TeamMembership.objects.active().filter(entity=entity, trainer=user).exists()
    )


def can_answer_person_request(user, request) -> bool:
    """The instructor of the entity's caisse (and support) answers a pending request."""
    from .requests import PersonRequestStatus

    if request.status != PersonRequestStatus.PENDING:
        return False
    return user.staff_role == StaffRole.SUPPORT or is_instructor_of(user, request.entity)
