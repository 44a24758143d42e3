"""E-mails of the habilitation lifecycle (sent by background tasks, on commit)."""

from django.conf import settings
from django.urls import reverse

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.core.mail import send_templated_email
from forprev.entities.enums import MembershipRole


def _manager_emails(entity) -> list[str]:
    return list(
        entity.memberships.filter(role=MembershipRole.MANAGER, revoked_at__isnull=True).values_list(
            "user__email", flat=True
        )
    )


def _instructor_emails(entity) -> list[str]:
    return list(
        User.objects.filter(
            staff_role=StaffRole.INSTRUCTOR, caisse_id=entity.caisse_id, is_active=True
        ).values_list("email", flat=True)
    )


def _national_emails() -> list[str]:
    return list(
        User.objects.filter(staff_role=StaffRole.NATIONAL, is_active=True).values_list(
            "email", flat=True
        )
    )


def notify_step(request, *, step: str) -> None:
    """Tell the people concerned by a step: the caisse when the entity acts, the manager when
    the caisse or the committee acts, the committee when an opinion is given."""
    recipients = {
        "transmitted": _instructor_emails(request.entity),
        "completed": _instructor_emails(request.entity),
        "complements_requested": _manager_emails(request.entity),
        "opinion": _manager_emails(request.entity) + _national_emails(),
        "decision": _manager_emails(request.entity) + _instructor_emails(request.entity),
    }[step]
    if not recipients:
        return
    link = settings.FORPREV_SITE_URL + reverse(
        "accreditations:request_detail", args=[request.public_id]
    )
    for email in sorted(set(recipients)):
        send_templated_email(
            to=email,
            template="accreditations/email/request_step",
            context={"request": request, "step": step, "link": link},
        )
