"""The WSGI server of ``manage.py bench`` (gunicorn on 127.0.0.1, started and stopped by the
bench): production-like (``DEBUG`` off, no query log) but plain HTTP on the loopback, with the
bench's URLs (a bare view beside the application's pages).

The per-IP throttle of the public verification (``FORPREV_VERIFY_PER_MINUTE``, 60 by default)
would cap a load test from one address after 60 requests: the bench raises it through the
environment variable of the same name (1,000,000,000 unless set), so the throttle still runs
(its cache counter is part of what is measured) but never refuses.

Database connections persist across requests (``CONN_MAX_AGE`` 60 s) on SQLite too.
"""

from forprev.core.env import env_int

from .base import *  # noqa: F403

# Off whatever the environment says: ``manage.py bench`` runs under the dev settings, which put
# DEBUG=true in the environment its server inherits (the server then logged every query).
DEBUG = False

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "config.urls_bench"
FORPREV_VERIFY_PER_MINUTE = env_int("FORPREV_VERIFY_PER_MINUTE", 1_000_000_000)
FORPREV_STAFF_OTP_REQUIRED = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Persistent connections, as production has them on PostgreSQL (``parse_database_url``); on
# SQLite the default (one connection and its PRAGMAs per request) halved the verification rate.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
