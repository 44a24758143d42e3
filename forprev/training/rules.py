"""Who may act on training sessions."""

from forprev.accounts.enums import StaffRole
from forprev.entities.enums import DelegateRight
from forprev.entities.rules import (
    can_see_login_identifiers,
    is_instructor_of,
    is_manager_of,
    membership_of,
)
from forprev.people.rules import can_view_trainees

from .declaring import has_habilitation
from .enums import RegularisationStatus, SessionStatus


def can_declare_session(user, entity) -> bool:
    """The manager, or a delegate with "déclarer des sessions"."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.DECLARE_SESSIONS)


def can_start_declaration(user, entity) -> bool:
    """Whether to offer « Déclarer une session » (session list, home, entity page): to those
    who declare, once the entity holds a habilitation to declare sessions on. Without one the
    declaration page says why instead of a form."""
    return can_declare_session(user, entity) and has_habilitation(entity)


def can_edit_session(user, session) -> bool:
    """Trainees and data change while the session is being prepared, by those who declare."""
    return session.status == SessionStatus.DRAFT and can_declare_session(user, session.entity)


def can_submit_session(user, session) -> bool:
    """The entity hands the prepared session to its trainer for validation."""
    return session.status == SessionStatus.DRAFT and can_declare_session(user, session.entity)


def is_session_trainer(user, session) -> bool:
    return session.trainers.filter(trainer=user).exists()


def can_validate_session(user, session) -> bool:
    """The trainer named on the session confirms identities and marks the results."""
    return session.status == SessionStatus.SUBMITTED and is_session_trainer(user, session)


def has_close_right(user, entity) -> bool:
    """The manager, or a delegate with "clôturer des sessions"."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.CLOSE_SESSIONS)


def can_close_session(user, session) -> bool:
    """Those with the closing right, once the trainer validated."""
    return session.status == SessionStatus.VALIDATED and has_close_right(user, session.entity)


def can_view_session_trainees(user, session) -> bool:
    """The trainees of a session (names, birth dates, numéros, results, certificates): those
    who may see the entity's trainees (``people.rules.can_view_trainees``: a delegate needs a
    session right) and the trainers named on it, who check identities and mark the results."""
    return can_view_trainees(user, session.entity) or is_session_trainer(user, session)


def can_see_trainer_numbers(user, session) -> bool:
    """A trainer's numéro Forprev is their login: the caisse, support and national see it on
    the session (they answer people by numéro); the entity's members see the trainers' names,
    as the manager does, never their numéros (``entities.rules.can_see_login_identifiers``)."""
    return can_see_login_identifiers(user, session.entity)


def can_export_sessions(user, entity) -> bool:
    """Exports of an entity's sessions and trainees (CSV, Passeport de prévention) carry every
    trainee's identity in one file that leaves Forprev: the manager, or a delegate holding
    « réaliser des exports ». The caisse, support and national export from their own pages."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.EXPORTS)


def can_view_regularisations(user, entity) -> bool:
    """Regularisation requests concern sessions declared or closed after the fact, and their
    explanations name trainees: the entity's members who declare or close its sessions (and
    the manager, who asks), its caisse, support and national."""
    return can_view_trainees(user, entity)


def can_amend_session(user, session) -> bool:
    """A closed session changes only through the Forprev support, with a reason."""
    return session.status == SessionStatus.CLOSED and user.staff_role == StaffRole.SUPPORT


def can_request_regularisation(user, entity) -> bool:
    """The entity's manager (CEH) asks the caisse."""
    return is_manager_of(user, entity)


def can_decide_regularisation(user, request) -> bool:
    """The instructor of the entity's caisse authorises or refuses a pending request."""
    return request.status == RegularisationStatus.PENDING and is_instructor_of(user, request.entity)
