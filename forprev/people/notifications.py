"""E-mails of the requests about people (sent by a background task, on commit): the handlers
are told when a request is filed, the requester when it is answered.

Handlers, as ``people.rules`` says who answers: the instructors of the entity's caisse for
« stagiaire introuvable » / « erreur de coordonnées » (support when the caisse has no active
instructor, so that a request never reaches nobody); support for a trainer's request to merge
two accounts. The e-mails carry no name nor birth date, only the kind, the entity and a link to
the page, where the reader's rights are checked again."""

from django.conf import settings
from django.urls import reverse

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.core.mail import send_templated_email


def _emails(users) -> list[str]:
    return sorted(
        set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )


def caisse_instructor_emails(caisse_id) -> list[str]:
    return _emails(User.objects.filter(staff_role=StaffRole.INSTRUCTOR, caisse_id=caisse_id))


def support_emails() -> list[str]:
    return _emails(User.objects.filter(staff_role=StaffRole.SUPPORT))


def _link(name: str, item) -> str:
    return settings.FORPREV_SITE_URL + reverse(name, args=[item.public_id])


def person_request_filed(request) -> list[str]:
    """Tell the caisse (or, without an instructor, support) that a request waits. Returns the
    recipients."""
    recipients = caisse_instructor_emails(request.entity.caisse_id) or support_emails()
    if recipients:
        send_templated_email(
            to=recipients,
            template="people/email/person_request_filed",
            context={"request": request, "link": _link("people:request_detail", request)},
        )
    return recipients


def person_request_answered(request) -> None:
    """Tell the requester the caisse answered (found, corrected or « sans suite »)."""
    if request.requested_by.email:
        send_templated_email(
            to=request.requested_by.email,
            template="people/email/person_request_answered",
            context={"request": request, "link": _link("people:request_detail", request)},
        )


def merge_request_filed(request) -> list[str]:
    """Tell support that a trainer reported a second account. Returns the recipients."""
    recipients = support_emails()
    if recipients:
        send_templated_email(
            to=recipients,
            template="people/email/merge_request_filed",
            context={"request": request, "link": _link("duplicates:request_detail", request)},
        )
    return recipients


def merge_request_answered(request) -> None:
    """Tell the requester support merged the accounts or closed the request."""
    if request.requested_by.email:
        send_templated_email(
            to=request.requested_by.email,
            template="people/email/merge_request_answered",
            context={"request": request, "link": _link("duplicates:request_detail", request)},
        )
