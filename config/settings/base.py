"""Settings shared by every environment. Values come from the environment through strict helpers."""

from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from forprev.core.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode: demo accounts exist and staff two-factor authentication may be relaxed.
FORPREV_DEMO_MODE = env_bool("FORPREV_DEMO_MODE", False)
# Staff roles (instructor, support, national) must confirm a TOTP code after the password.
FORPREV_STAFF_OTP_REQUIRED = env_bool("FORPREV_STAFF_OTP_REQUIRED", True)
FORPREV_SITE_URL = env_str("FORPREV_SITE_URL", "http://127.0.0.1:8000")
# A staff member's two-factor enrolment link (e-mailed) works this many minutes, once.
FORPREV_OTP_ENROLMENT_MINUTES = env_int("FORPREV_OTP_ENROLMENT_MINUTES", 30)
# Sessions end after this many minutes without a request (staff roles / everyone else), besides
# the absolute SESSION_COOKIE_AGE.
FORPREV_IDLE_TIMEOUT_STAFF_MINUTES = env_int("FORPREV_IDLE_TIMEOUT_STAFF_MINUTES", 30)
FORPREV_IDLE_TIMEOUT_MINUTES = env_int("FORPREV_IDLE_TIMEOUT_MINUTES", 120)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # staff recovery codes (stored as keyed digests)
    "auditlog",
    "django_tasks_db",
    "crontask",
    "forprev.core",
    "forprev.accounts",
    "forprev.referentials",
    "forprev.entities",
    "forprev.accreditations",
    "forprev.trainers",
    "forprev.people",
    "forprev.training",
    "forprev.certificates",
    "forprev.switchover",
    "forprev.freezes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on every response to a logged-in session (personal data).
    "forprev.core.cache_headers.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "forprev.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "forprev.accounts.middleware.RoleContextMiddleware",
    "forprev.accounts.middleware.StaffTwoFactorMiddleware",
    # A person acting for several entities chooses one, then lands on the page asked for.
    "forprev.www.entity_choice.EntityChoiceMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "forprev" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forprev.www.context_processors.navigation",
            ],
        },
    }
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

# Local state (SQLite file, uploaded media, dev e-mails) lives in var/, outside version control.
(BASE_DIR / "var").mkdir(exist_ok=True)

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'forprev.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "forprev.accounts.backends.ForprevIdOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("forprev_id", "first_name", "last_name", "email")},
    },
    {"NAME": "forprev.accounts.password_validation.ForprevPasswordPolicyValidator"},
    {"NAME": "forprev.accounts.password_validation.BreachedPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
# A new e-mail address must be confirmed within this many seconds.
FORPREV_EMAIL_CHANGE_TIMEOUT = env_int("FORPREV_EMAIL_CHANGE_TIMEOUT", 60 * 60 * 24 * 3)
# Password-reset e-mails per typed address per hour, and requests per client address per hour.
FORPREV_PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env_int(
    "FORPREV_PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 3
)
FORPREV_PASSWORD_RESET_PER_CLIENT_PER_HOUR = env_int(
    "FORPREV_PASSWORD_RESET_PER_CLIENT_PER_HOUR", 20
)
# E-mails a signed-in account triggers to itself (address change, two-factor link) per hour.
FORPREV_ACCOUNT_EMAILS_PER_HOUR = env_int("FORPREV_ACCOUNT_EMAILS_PER_HOUR", 3)
# Current-password checks (sensitive changes) per account per 15 minutes.
FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES = env_int("FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES", 10)
# Public application: the e-mailed confirmation link works this many hours.
FORPREV_APPLY_CONFIRM_HOURS = env_int("FORPREV_APPLY_CONFIRM_HOURS", 48)
# Public application: form submissions per client address (IPv4, IPv6 /64) per hour.
FORPREV_APPLY_PER_CLIENT_PER_HOUR = env_int("FORPREV_APPLY_PER_CLIENT_PER_HOUR", 20)
# Public application: applications per typed e-mail address per day.
FORPREV_APPLY_PER_EMAIL_PER_DAY = env_int("FORPREV_APPLY_PER_EMAIL_PER_DAY", 3)
# Public application: applications per claimed SIRET (ENT) or NDA (OF) per day.
FORPREV_APPLY_PER_NUMBER_PER_DAY = env_int("FORPREV_APPLY_PER_NUMBER_PER_DAY", 5)
# Public application: applications of the whole service per hour (bounds the counters).
FORPREV_APPLY_OVERALL_PER_HOUR = env_int("FORPREV_APPLY_OVERALL_PER_HOUR", 2000)
# Public application: confirmation (or "account exists") e-mails per address per day.
FORPREV_APPLY_EMAILS_PER_ADDRESS_PER_DAY = env_int("FORPREV_APPLY_EMAILS_PER_ADDRESS_PER_DAY", 3)
# Sessions close within this many months after their last day; later needs a regularisation.
FORPREV_CLOSING_DEADLINE_MONTHS = env_int("FORPREV_CLOSING_DEADLINE_MONTHS", 3)
# Public certificate verification: look-ups per minute and per IP address.
FORPREV_VERIFY_PER_MINUTE = env_int("FORPREV_VERIFY_PER_MINUTE", 60)
# Verification by code (QR codes), the whole service per minute (bounds the rate-limit counters).
FORPREV_VERIFY_GLOBAL_PER_MINUTE = env_int("FORPREV_VERIFY_GLOBAL_PER_MINUTE", 20_000)
# Verification by number (the harvesting path): look-ups per minute and per client address.
FORPREV_VERIFY_NUMBER_PER_MINUTE = env_int("FORPREV_VERIFY_NUMBER_PER_MINUTE", 10)
# Verification by number, the whole service per minute.
FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE = env_int("FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE", 2_000)
# Wrong last names or birth dates given for one certificate number per hour, then it is locked.
FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR = env_int("FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR", 5)
# The verification page of a code is cached this many seconds for anonymous visitors (0: off).
FORPREV_VERIFY_PAGE_CACHE_SECONDS = env_int("FORPREV_VERIFY_PAGE_CACHE_SECONDS", 300)
# Largest accepted upload (dossier pieces), in MB.
FORPREV_MAX_UPLOAD_MB = env_int("FORPREV_MAX_UPLOAD_MB", 10)
# The signatory's role printed on decision letters (stored with each decision when taken).
FORPREV_DECISION_SIGNATORY_ROLE = env_str(
    "FORPREV_DECISION_SIGNATORY_ROLE",
    "Pour la commission nationale d'habilitation, le chargé d'habilitation",
)
# Trainee imports (CSV/XLSX): largest file accepted, in MB.
FORPREV_IMPORT_MAX_MB = env_int("FORPREV_IMPORT_MAX_MB", 5)
# Trainee imports: an XLSX (a ZIP archive) is refused beyond this many MB once decompressed.
FORPREV_IMPORT_MAX_UNCOMPRESSED_MB = env_int("FORPREV_IMPORT_MAX_UNCOMPRESSED_MB", 20)
# Trainee imports: an XLSX sheet (or its shared strings) is refused beyond this many cells.
FORPREV_IMPORT_MAX_CELLS = env_int("FORPREV_IMPORT_MAX_CELLS", 100_000)
# Trainee imports: reading one file stops (refused) after this many seconds.
FORPREV_IMPORT_MAX_SECONDS = env_int("FORPREV_IMPORT_MAX_SECONDS", 5)
# Trainee imports: an unconfirmed preview (the kept file) is purged after this many hours.
FORPREV_IMPORT_PREVIEW_HOURS = env_int("FORPREV_IMPORT_PREVIEW_HOURS", 24)
# An authorised regularisation stays open this many days.
FORPREV_REGULARISATION_OPEN_DAYS = env_int("FORPREV_REGULARISATION_OPEN_DAYS", 30)
# An invitation link (delegate, trainer) can be used this many days after it was (re)sent.
FORPREV_INVITATION_DAYS = env_int("FORPREV_INVITATION_DAYS", 14)
# Invitation e-mails per typed address (or numéro) per day.
FORPREV_INVITATION_EMAILS_PER_ADDRESS = env_int("FORPREV_INVITATION_EMAILS_PER_ADDRESS", 3)
# Invitation e-mails per inviting client address per hour.
FORPREV_INVITATION_EMAILS_PER_CLIENT = env_int("FORPREV_INVITATION_EMAILS_PER_CLIENT", 30)
# Invitation e-mails per entity per day.
FORPREV_INVITATION_EMAILS_PER_ENTITY = env_int("FORPREV_INVITATION_EMAILS_PER_ENTITY", 50)
# Invitation e-mails of the whole service per hour (bounds the rate-limit counters).
FORPREV_INVITATION_EMAILS_OVERALL = env_int("FORPREV_INVITATION_EMAILS_OVERALL", 5000)
# Switch-over: extensions applied by the migration (switchover_migrate), each
# "AAAA-MM-JJ:AAAA-MM-JJ:N" = active habilitations whose échéance is between the two dates get
# N months (comma-separated in the environment). Default: the seed's two rules.
FORPREV_SWITCHOVER_EXTENSIONS = env_list(
    "FORPREV_SWITCHOVER_EXTENSIONS", ["2023-01-01:2023-03-31:9", "2023-04-01:2023-05-31:4"]
)
# Switch-over: the folder where the switch-over team puts the Forprev 1 export; the readiness
# page (/reprise/preparation/) starts the conformity check on it. Empty: none on this server.
FORPREV_SWITCHOVER_EXPORT_DIR = env_str("FORPREV_SWITCHOVER_EXPORT_DIR", "")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "public:home"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Login throttling: failures are counted per (account, IP); the account+IP is locked for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "forprev.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address is read behind this many trusted reverse proxies (forprev.core.client_ip):
# every throttle, axes included, reads it the same way.
FORPREV_TRUSTED_PROXIES = env_int("FORPREV_TRUSTED_PROXIES", env_int("AXES_PROXY_COUNT", 0))
# Declared by an operator whose application servers sit behind a proxy: production then refuses
# to start with FORPREV_TRUSTED_PROXIES at 0 (every client would share the proxy's address).
FORPREV_BEHIND_PROXY = env_bool("FORPREV_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "forprev.core.client_ip.axes_client_ip"

OTP_TOTP_ISSUER = "Forprev"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "forprev" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "forprev" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Forprev <ne-pas-repondre@forprev.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            }
            if _email_backend.endswith("smtp.EmailBackend")
            else {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
            if _email_backend.endswith("filebased.EmailBackend")
            else {}
        ),
    }
}

# One process: local-memory caches. Several servers share throttling counters and cached
# pages through Redis (CACHE_URL=redis://…, needs the ``redis`` package of the rq extra).
# Verification pages have their own cache ("pages"): in local memory, a full cache drops a third
# of its keys at random, and thousands of scanned codes must not drop the throttling counters.
_CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300}
    ),
    # Anti-abuse counters (forprev.core.ratelimit): nothing else lives here, and global ceilings
    # bound how many keys a flood can create, below MAX_ENTRIES.
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "forprev-ratelimit",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": env_int("FORPREV_RATELIMIT_ENTRIES", 500_000)},
        }
    ),
    "pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "forprev-pages",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": env_int("FORPREV_VERIFY_PAGE_CACHE_ENTRIES", 2000)},
        }
    ),
}
# Cached pages carry static file names: a shared cache keeps releases apart (set it per deploy).
for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = env_str("FORPREV_RELEASE", "")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):  # pragma: no cover - scale-out path
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
