"""Test settings: fast hashing, immediate tasks, locmem e-mail, strict templates."""

import os

os.environ.setdefault("FORPREV_DEMO_MODE", "false")
os.environ.setdefault("FORPREV_STAFF_OTP_REQUIRED", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE[%s]"
AXES_ENABLED = True
# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
