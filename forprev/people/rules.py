"""Who may act on people: who sees trainees, requests to the caisse about a person (and merges,
below)."""

from forprev.accounts.enums import Role, StaffRole
from forprev.entities.enums import DelegateRight
from forprev.entities.rules import is_instructor_of, is_manager_of, membership_of
from forprev.trainers.models import TeamMembership

# The delegate rights that open the identities of an entity's trainees (names, birth dates,
# numéros, results, certificates): declaring sessions means enrolling people, closing them means
# reading and signing their results. The other rights (équipe pédagogique, exports, demandes
# d'habilitation) do not.
TRAINEE_RIGHTS = (DelegateRight.DECLARE_SESSIONS, DelegateRight.CLOSE_SESSIONS)


def membership_sees_trainees(membership) -> bool:
    """A manager sees the entity's trainees; a delegate only with « déclarer des sessions » or
    « clôturer des sessions »: a delegate given, say, only the trainers team must not read the
    names and birth dates of everyone the entity ever trained (data minimisation, RGPD art. 5)."""
    return membership is not None and any(membership.has_right(r) for r in TRAINEE_RIGHTS)


def can_view_trainees(user, entity) -> bool:
    """The trainees of an entity's sessions (people search and pages, session lists of
    trainees): its members holding a session right, its caisse's instructors, support and
    national. Trainers named on a session see that session's trainees
    (``training.rules.can_view_session_trainees``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return True
    if is_instructor_of(user, entity):
        return True
    return membership_sees_trainees(membership_of(user, entity))


def can_search_people(user, role_context) -> bool:
    """« Individus »: staff roles, trainers (the people of their sessions), and the members of
    the entity acted for who may see its trainees. A delegate without a session right has
    nobody to find there."""
    if not user.is_authenticated:
        return False
    if role_context.is_staff:
        return True
    if role_context.entity is not None:
        return membership_sees_trainees(role_context.active_membership)
    return role_context.role == Role.TRAINER


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
