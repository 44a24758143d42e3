"""Development on one laptop: SQLite, e-mails in the console, demo data, relaxed staff 2FA."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("FORPREV_DEMO_MODE", "true")
os.environ.setdefault("FORPREV_STAFF_OTP_REQUIRED", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
