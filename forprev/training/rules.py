"""Who may act on training sessions."""

from forprev.entities.enums import DelegateRight
from forprev.entities.rules import membership_of

from .enums import SessionStatus


def can_declare_session(user, entity) -> bool:
    """The manager, or a delegate with "déclarer des sessions"."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.DECLARE_SESSIONS)


def can_edit_session(user, session) -> bool:
    """Trainees and data change while the session is being prepared, by those who declare."""
    return session.status == SessionStatus.DRAFT and can_declare_session(user, session.entity)
