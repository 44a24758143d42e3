"""Writes on accounts. Each service validates, saves, audits (auditlog) and e-mails on commit."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email

from .models import User

EMAIL_CHANGE_SALT = "forprev.accounts.email-change"


def _email_taken(email: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=by_other_than.pk).exists()


@transaction.atomic
def user_update_info(*, user: User, first_name: str, last_name: str, email: str) -> bool:
    """Save names at once; a new e-mail takes effect only when confirmed from a link sent to it.
    An address another account holds gets a notice instead of a link, and the caller is told
    the same as for a free one.

    Returns True when an e-mail was sent to the new address.
    """
    email = email.strip().lower()
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    confirmation_sent = False
    if email != user.email and _email_taken(email, by_other_than=user):
        # The same answer as for a free address, so that the form tells nobody who has an
        # account; the address's owner is told, and nothing can be confirmed.
        send_templated_email(
            to=email,
            template="accounts/email/email_change_taken",
            context={"login_url": settings.FORPREV_SITE_URL + reverse("accounts:login")},
        )
        confirmation_sent = True
    elif email != user.email:
        user.pending_email = email
        token = signing.dumps({"u": user.pk, "e": email}, salt=EMAIL_CHANGE_SALT)
        link = settings.FORPREV_SITE_URL + reverse("accounts:email_confirm", args=[token])
        send_templated_email(
            to=email,
            template="accounts/email/email_change",
            context={"user": user, "link": link},
        )
        confirmation_sent = True
    user.full_clean(exclude=["password"])
    user.save()
    return confirmation_sent


@transaction.atomic
def user_confirm_email(*, user: User, token: str) -> None:
    """Apply a pending e-mail change from its signed, expiring, single-use link."""
    invalid = DomainError(_("Ce lien de confirmation est invalide, expiré ou déjà utilisé."))
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.FORPREV_EMAIL_CHANGE_TIMEOUT
        )
    except signing.BadSignature:
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("u") != user.pk:
        raise invalid
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.pending_email or payload.get("e") != user.pending_email:
        raise invalid  # already used, or superseded by a newer request
    if _email_taken(user.pending_email, by_other_than=user):
        raise DomainError(_("Cette adresse électronique est déjà utilisée par un autre compte."))
    previous = user.email
    user.email = user.pending_email
    user.pending_email = ""
    user.save(update_fields=["email", "pending_email", "updated_at"])
    send_templated_email(
        to=previous,
        template="accounts/email/email_changed_notice",
        context={"user": user},
    )


@transaction.atomic
def user_validate_info(*, user: User) -> None:
    """Record that the person confirmed their information ("Valider mes informations")."""
    user.info_validated_at = timezone.now()
    user.save(update_fields=["info_validated_at", "updated_at"])
