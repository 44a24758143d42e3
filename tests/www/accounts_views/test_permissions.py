"""Permission matrix of the two-factor pages added for staff enrolment (the other accounts pages
are in tests/www/test_permission_matrix.py)."""

import hashlib
import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from forprev.accounts.models import OtpEnrolment
from tests.factories import PASSWORD
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row

STAFF = {"instructor": 200, "instructor_elsewhere": 200, "support": 200, "national": 200}


def enrolment_link(ctx):
    """A fresh enrolment link of the persona (an unknown one for others)."""
    token = secrets.token_urlsafe(16)
    user = ctx["user"]
    if user is not None and user.is_staff_role:
        OtpEnrolment.objects.create(
            user=user,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            expires_at=timezone.now() + timedelta(minutes=30),
        )
    return {"token": token}


MATRIX = [
    ("accounts:otp_enrolment_open", "get", enrolment_link, row(default=403, anonymous=LOGIN, **STAFF)),
    # Staff: the link is burnt and the session sent to the set-up page.
    (
        "accounts:otp_enrolment_open",
        "post",
        enrolment_link,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
        NO_BODY,
    ),
    ("accounts:otp_manage", "get", None, row(default=403, anonymous=LOGIN, **STAFF)),
    # Renewing the recovery codes shows them (200).
    (
        "accounts:otp_manage",
        "post",
        None,
        row(default=403, anonymous=LOGIN, **STAFF),
        lambda ctx: {"action": "codes", "codes-current_password": PASSWORD},
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, personas, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"user": personas[persona]}, url_name, method, kwargs, expected)
