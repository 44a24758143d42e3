"""Two-factor authentication of staff roles (django-otp): enrolment links, TOTP devices and
recovery codes.

The password alone never lets anyone set up an authenticator app: a staff member first opens a
single-use, expiring link e-mailed to their address (:func:`otp_enrolment_issue`, sent at their
request or by a national administrator). Opening it (:func:`otp_enrolment_use`) burns it and
gives *that* session the right to see a fresh secret and confirm one device. Confirming replaces
any previous device and issues recovery codes, kept as keyed digests only.
"""

import hashlib
import re
import secrets
import time
from datetime import timedelta

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email

from .models import OtpEnrolment, User

# The session of whoever opened an enrolment link: {"device": pk, "until": epoch seconds}.
ENROLMENT_SESSION_KEY = "forprev_otp_enrolment"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are typed from paper.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10  # 31**10 ≈ 2**49.5
TOTP_PATTERN = re.compile(r"[0-9]{6}")
RECOVERY_PATTERN = re.compile(rf"[{RECOVERY_CODE_ALPHABET}]{{{RECOVERY_CODE_LENGTH}}}")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _enrolment_minutes() -> int:
    return settings.FORPREV_OTP_ENROLMENT_MINUTES


# --- Enrolment links ------------------------------------------------------------------------


@transaction.atomic
def otp_enrolment_issue(*, user: User, issued_by: User | None = None) -> OtpEnrolment:
    """E-mail a new enrolment link to ``user``; links sent before it stop working."""
    if not user.is_active or not user.is_staff_role:
        raise DomainError(_("La double authentification ne concerne que les comptes du réseau."))
    if not user.email:
        raise DomainError(
            _("Ce compte n'a pas d'adresse électronique : le lien ne peut être envoyé.")
        )
    now = timezone.now()
    user.otp_enrolments.usable(now=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    enrolment = OtpEnrolment.objects.create(
        user=user,
        token_hash=_token_digest(token),
        created_at=now,
        expires_at=now + timedelta(minutes=_enrolment_minutes()),
        issued_by=issued_by,
    )
    link = settings.FORPREV_SITE_URL.rstrip("/") + reverse(
        "accounts:otp_enrolment_open", args=[token]
    )
    send_templated_email(
        to=user.email,
        template="accounts/email/otp_enrolment",
        context={
            "user": user,
            "link": link,
            "minutes": _enrolment_minutes(),
            "replacing": confirmed_device(user) is not None,
        },
    )
    return enrolment


@transaction.atomic
def otp_enrolment_use(*, user: User, token: str) -> TOTPDevice:
    """Burn ``user``'s enrolment link and return the new, unconfirmed device it opens.

    A link is refused when unknown, expired, already used, or meant for another account (which
    does not burn it). Any secret shown before is discarded."""
    invalid = DomainError(
        _("Ce lien d'activation est invalide, expiré ou déjà utilisé. Demandez-en un nouveau.")
    )
    enrolment = (
        OtpEnrolment.objects.select_for_update().filter(token_hash=_token_digest(token)).first()
    )
    if enrolment is None or enrolment.user_id != user.pk or not enrolment.is_usable:
        raise invalid
    enrolment.used_at = timezone.now()
    enrolment.save(update_fields=["used_at"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Forprev", confirmed=False)


def grant_enrolment(request, device: TOTPDevice) -> None:
    """Let this session (and only it) set up ``device`` for a while."""
    request.session[ENROLMENT_SESSION_KEY] = {
        "device": device.pk,
        "until": time.time() + 60 * _enrolment_minutes(),
    }


def enrolment_device(request) -> TOTPDevice | None:
    """The device this session may set up, if it opened an enrolment link not long ago."""
    grant = request.session.get(ENROLMENT_SESSION_KEY)
    if not isinstance(grant, dict) or grant.get("until", 0) < time.time():
        return None
    return TOTPDevice.objects.filter(
        pk=grant.get("device"), user=request.user, confirmed=False
    ).first()


# --- Devices --------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code TOTP")


@transaction.atomic
def device_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device this session set up with a code it shows; it replaces any previous
    device (other sessions verified with the old one must verify again). Returns the new
    recovery codes, to show once; None when the code is wrong."""
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    codes = recovery_codes_generate(user=device.user)
    otp_login(request, device)
    return codes


# --- Recovery codes -------------------------------------------------------------------------


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").lower()


def recovery_code_digest(code: str) -> str:
    """Keyed digest (SECRET_KEY): a copy of the database alone does not let anyone try codes."""
    return salted_hmac(
        "forprev.accounts.recovery-code", normalise_code(code), algorithm="sha256"
    ).hexdigest()[:16]


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """New single-use recovery codes for ``user``; the previous ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Verification after the password --------------------------------------------------------


def is_code_well_formed(code: str) -> bool:
    code = normalise_code(code)
    return bool(TOTP_PATTERN.fullmatch(code) or RECOVERY_PATTERN.fullmatch(code))


def verify(*, request, token: str) -> str | None:
    """Check a 6-digit code of the app, or burn a recovery code. Returns "totp" or "recovery"
    when accepted (the session is then verified), None otherwise. Both are throttled per
    device by django-otp (growing delays after each failure)."""
    token = normalise_code(token)
    if TOTP_PATTERN.fullmatch(token):
        device = confirmed_device(request.user)
        if device is not None and device.verify_token(token):
            otp_login(request, device)
            return "totp"
        return None
    if RECOVERY_PATTERN.fullmatch(token):
        with transaction.atomic():  # two requests cannot both spend the same code
            device = (
                StaticDevice.objects.select_for_update()
                .filter(user=request.user, confirmed=True)
                .first()
            )
            if device is not None and device.verify_token(recovery_code_digest(token)):
                otp_login(request, device)
                return "recovery"
    return None
