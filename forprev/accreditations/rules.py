"""Who may act on an application or a habilitation they can see (visibility is ``visible_to``)."""

from forprev.accounts.enums import StaffRole
from forprev.entities.enums import DelegateRight
from forprev.entities.rules import is_instructor_of, is_manager_of, membership_of
from forprev.freezes.enums import FrozenAction
from forprev.freezes.rules import frozen_for

from .enums import RequestKind, RequestStatus

# The freeze that stops each kind of application.
REQUEST_KIND_ACTIONS = {
    RequestKind.INITIAL: FrozenAction.INITIAL,
    RequestKind.RENEWAL: FrozenAction.RENEWAL,
    RequestKind.ADDITIONAL: FrozenAction.ADDITIONAL,
}


def can_view_requests(user, entity) -> bool:
    """The manager, delegates holding the right "consulter les demandes", the caisse's
    instructors, support and national."""
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return True
    if is_instructor_of(user, entity):
        return True
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.VIEW_REQUESTS)


def can_create_request(user, entity) -> bool:
    """Only the manager (CEH) prepares and transmits applications (DOMAIN.md)."""
    return is_manager_of(user, entity)


def request_kind_freezes(user) -> dict:
    """The kinds of application ``user`` may not create today because of a freeze, with it.
    Only the manager creates applications; support and national are never stopped."""
    freezes = {kind: frozen_for(user, action) for kind, action in REQUEST_KIND_ACTIONS.items()}
    return {kind: freeze for kind, freeze in freezes.items() if freeze is not None}


def can_edit_request(user, request) -> bool:
    """The manager edits a draft, or the dossier while the caisse asks for complements."""
    return is_manager_of(user, request.entity) and request.status in {
        RequestStatus.DRAFT,
        RequestStatus.COMPLEMENTS_REQUESTED,
    }


def can_prepare_request(user, request) -> bool:
    """The manager (CEH) prepares the entity's dossiers (DOMAIN.md); what they may still change
    depends on the state (``can_edit_request``, ``can_remove_document``)."""
    return is_manager_of(user, request.entity)


def can_remove_document(user, request) -> bool:
    """A piece added by mistake is removed by the manager while the application is a draft;
    once transmitted, the caisse holds the piece and it stays in the dossier."""
    return can_prepare_request(user, request) and request.status == RequestStatus.DRAFT


def can_transmit_request(user, request) -> bool:
    return is_manager_of(user, request.entity) and request.status == RequestStatus.DRAFT


def can_complete_request(user, request) -> bool:
    return (
        is_manager_of(user, request.entity)
        and request.status == RequestStatus.COMPLEMENTS_REQUESTED
    )


def can_comment_request(user, request) -> bool:
    """The conversation is between the manager and the caisse."""
    return is_manager_of(user, request.entity) or is_instructor_of(user, request.entity)


def can_take_request(user, request) -> bool:
    """An instructor of the entity's caisse takes a transmitted application."""
    return is_instructor_of(user, request.entity) and request.status == RequestStatus.TRANSMITTED


def can_review_request(user, request) -> bool:
    """Complements and opinion: an instructor of the caisse, once the application is taken."""
    return is_instructor_of(user, request.entity) and request.status in {
        RequestStatus.UNDER_REVIEW,
        RequestStatus.COMPLETED,
    }


def can_decide_request(user, request) -> bool:
    """The national committee (national role) decides after the caisse's opinion."""
    return (
        user.staff_role == StaffRole.NATIONAL or user.is_superuser
    ) and request.status == RequestStatus.OPINION_GIVEN


def can_extend_accreditations(user) -> bool:
    """Bulk extensions are a national decision."""
    return user.is_authenticated and (user.is_superuser or user.staff_role == StaffRole.NATIONAL)
