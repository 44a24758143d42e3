"""What is shown of a certificate's state — « Révoqué le … » (and why), « Expiré depuis le … »,
« Valable jusqu'au … » — for the pages (``{% certificate_state %}``), the PDF and the e-mails.

It works on a ``Certificate`` and on a trainer's ``TrainerCertificate`` alike (both carry
``revoked_at``, ``revoked_reason`` and ``valid_until``), always through ``certificate_state_on``:
one rule, no copy of it in a template. No query: the fields are the certificate's own."""

from datetime import timedelta

from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from .models import CertificateState, certificate_state_on


def expired_since(valid_until):
    """The first day a certificate valid until ``valid_until`` (included) is expired."""
    return valid_until + timedelta(days=1) if valid_until is not None else None


def state_context(certificate, *, day=None, show_reason: bool = True, soon: bool = False) -> dict:
    """What the badge and the sentence say of ``certificate`` on ``day`` (today by default).
    ``soon``: the caller's « expires soon » flag, shown only beside a valid state."""
    day = day or timezone.localdate()
    revoked_at = certificate.revoked_at
    valid_until = certificate.valid_until
    state = certificate_state_on(day, revoked=revoked_at is not None, valid_until=valid_until)
    return {
        "state": state,
        "is_revoked": state == CertificateState.REVOKED,
        "is_expired": state == CertificateState.EXPIRED,
        "revoked_on": timezone.localdate(revoked_at) if revoked_at is not None else None,
        "reason": certificate.revoked_reason if show_reason else "",
        "valid_until": valid_until,
        "expired_on": expired_since(valid_until),
        "soon": bool(soon) and state == CertificateState.VALID,
    }


def state_sentence(certificate, *, day=None, show_reason: bool = True) -> str:
    """The state in words, as the e-mails say it (« Expiré depuis le … »), for code that builds
    its own text (the home page's to-dos)."""
    context = Context(
        state_context(certificate, day=day, show_reason=show_reason), autoescape=False
    )
    text = get_template("certificates/includes/certificate_state.txt").template.render(context)
    return " ".join(text.split())  # plain text: the page that shows it escapes it
