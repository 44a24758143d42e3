"""Production: PostgreSQL, SMTP, HTTPS, strict security headers. Every secret comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "false")

from forprev.core.env import env_bool  # noqa: E402

from .base import *  # noqa: E402,F403
from .base import (  # noqa: E402
    DEBUG,
    FORPREV_BEHIND_PROXY,
    FORPREV_DEMO_MODE,
    FORPREV_STAFF_OTP_REQUIRED,
    FORPREV_TRUSTED_PROXIES,
    SECRET_KEY,
    STORAGES,
)

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be false in production.")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")

# Explicit override for a rehearsal or a training platform run with production settings: demo
# accounts and staff without two-factor authentication are then accepted (never on the real site).
FORPREV_ALLOW_INSECURE_PRODUCTION = env_bool("FORPREV_ALLOW_INSECURE_PRODUCTION", False)
if not FORPREV_ALLOW_INSECURE_PRODUCTION:
    if FORPREV_DEMO_MODE:
        raise ImproperlyConfigured(
            "FORPREV_DEMO_MODE must be false in production "
            "(or set FORPREV_ALLOW_INSECURE_PRODUCTION=true for a rehearsal platform)."
        )
    if not FORPREV_STAFF_OTP_REQUIRED:
        raise ImproperlyConfigured(
            "FORPREV_STAFF_OTP_REQUIRED must be true in production "
            "(or set FORPREV_ALLOW_INSECURE_PRODUCTION=true for a rehearsal platform)."
        )
if FORPREV_BEHIND_PROXY and FORPREV_TRUSTED_PROXIES < 1:
    # Behind a proxy every request comes from the proxy's address: throttles would count the
    # whole country as one client. The override does not cover this mistake.
    raise ImproperlyConfigured(
        "FORPREV_BEHIND_PROXY=true needs FORPREV_TRUSTED_PROXIES set to the number of proxies "
        "in front of the application (1 or more)."
    )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
