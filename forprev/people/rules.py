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


# Duplicates and merges -----------------------------------------------------------------------


def can_review_duplicates(user) -> bool:
    """Support and national review every duplicate; the instructor of a caisse reviews those
    among the trainers of its entities (the accounts it deals with). Nobody else merges."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.staff_role in {
        StaffRole.SUPPORT,
        StaffRole.NATIONAL,
        StaffRole.INSTRUCTOR,
    }


def can_merge_people(user, kept, removed) -> bool:
    """Support and national merge any two people; the instructor of a caisse two trainers of
    its entities (people with an account in a team or on a session of one of them)."""
    from .merging_models import has_national_scope, people_in_merge_scope

    if not can_review_duplicates(user):
        return False
    if has_national_scope(user):
        return True
    pair = people_in_merge_scope(user).filter(pk__in=[kept.pk, removed.pk])
    return pair.values("pk").distinct().count() == 2


def can_undo_merge(user, merge) -> bool:
    """Whoever may merge the kept person (who now carries both) may split them again."""
    from .merging_models import has_national_scope, people_in_merge_scope

    if not can_review_duplicates(user) or merge.is_undone:
        return False
    if has_national_scope(user):
        return True
    return people_in_merge_scope(user).filter(pk=merge.kept_id).exists()


def can_ask_account_merge(user) -> bool:
    """An account holder — a trainer first of all — tells support about their second account
    from « Mes informations ». Staff accounts are corrected in the back office."""
    return (
        user.is_authenticated and user.is_active and not user.staff_role and not user.is_superuser
    )


def can_answer_merge_request(user, request) -> bool:
    """Support (and national) answer the trainers' requests, while pending."""
    from .merging_models import MergeRequestStatus, has_national_scope

    return request.status == MergeRequestStatus.PENDING and has_national_scope(user)
