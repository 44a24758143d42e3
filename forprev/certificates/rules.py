"""Who may download or revoke certificates."""

from forprev.accounts.enums import StaffRole
from forprev.entities.rules import membership_of


def can_download_session_certificates(user, session) -> bool:
    """The issuing entity's members print their certificates (and support/national)."""
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return True
    return membership_of(user, session.entity) is not None


def can_revoke_certificate(user) -> bool:
    """Support and national revoke a certificate, giving the reason."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )
