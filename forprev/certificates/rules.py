"""Who may download or revoke certificates."""

from forprev.accounts.enums import StaffRole
from forprev.entities.enums import DelegateRight
from forprev.entities.rules import membership_of


def can_download_session_certificates(user, session) -> bool:
    """The certificates are the product of the closing (the PV): the issuing entity's manager
    and the delegates holding « clôturer des sessions » print and hand them out (and support /
    national). A delegate without that right gets no PDF of anybody's certificate, which
    carries the holder's name and birth date."""
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return True
    membership = membership_of(user, session.entity)
    return membership is not None and membership.has_right(DelegateRight.CLOSE_SESSIONS)


def can_revoke_certificate(user) -> bool:
    """Support and national revoke a certificate, giving the reason."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )
