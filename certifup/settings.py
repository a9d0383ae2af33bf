"""Certif-UP settings, read from the environment (django-environ).

Two ways to run one code base: the embedded default (SQLite, mails to files, no Redis) for
a newcomer's laptop, and the real stack selected by environment variables.
``CERTIFUP_ENV=production`` refuses to start without a secret key, allowed hosts and a real
database.
"""

import datetime
import logging
import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from certifup import broker, mail_backends
from certifup.database import database
from certifup.error_reports import sentry_init
from certifup.log_format import log_format, logging_config
from certifup.periodic_tasks import beat_schedule
from certifup.storages import storages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

CERTIFUP_ENV = env.str("CERTIFUP_ENV", default="development")
if CERTIFUP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("CERTIFUP_ENV must be 'development' or 'production'.")
PRODUCTION = CERTIFUP_ENV == "production"


def _required_in_production(name: str, development_default: str) -> str:
    """A missing value is a configuration error in production, never a silent guess."""
    if PRODUCTION:
        value = env.str(name, default="")
        if not value:
            raise ImproperlyConfigured(f"{name} must be set when CERTIFUP_ENV=production.")
        return value
    return env.str(name, default=development_default)


DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when CERTIFUP_ENV=production.")

SECRET_KEY = _required_in_production(
    "SECRET_KEY", "django-insecure-development-only-key-never-used-in-production"
)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when CERTIFUP_ENV=production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Django's widget templates, for the project's form renderer (certifup.forms), which looks
    # templates up like any page does.
    "django.forms",
    "csp",
    "import_export",
    # The periodic schedule in the database (UPPCTSC sees and pauses it in /admin/).
    "django_celery_beat",
    # Only for its French messages (locale/); the validator itself is in AUTH_PASSWORD_VALIDATORS.
    "django_zxcvbn_password_validator",
    "candidates",
    "centres",
    "registrations",
    "payments",
    "deferrals",
    "notifications",
    "backoffice",
    "axes",
    # When each periodic task last completed: /sante/ and the admin index show late ones.
    "certifup.health",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every page and file Django answers is « Cache-Control: private, no-store » (personal
    # data); above the others, so that it sees their answers too (static files excepted).
    "certifup.caching.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews a signed-in session every few minutes of activity (not on every request).
    "certifup.sessions.SessionRefreshMiddleware",
    # Django's, without negotiating among the one language of LANGUAGES (certifup.language).
    "certifup.language.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the body: an oversized one gets templates/413.html.
    "certifup.limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A département the calendar does not know: a French page naming it, not a 500.
    "centres.middleware.UnknownDepartmentMiddleware",
    # django-csp's, with the header built once per process (certifup.content_policy).
    "certifup.content_policy.CSPMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the French page below.
    "axes.middleware.AxesMiddleware",
]

# Request sizes: form fields are capped at Django's default (a larger form gets
# templates/400.html); a whole body, files included, at MAX_REQUEST_BODY_SIZE (templates/413.html).
# Justifications are ≤ 5 Mo (deferrals.forms), so 10 Mo leaves room for the form around them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_SIZE = env.int("MAX_REQUEST_BODY_SIZE", default=10 * 1024 * 1024)

ROOT_URLCONF = "certifup.urls"
WSGI_APPLICATION = "certifup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "certifup.context_processors.uppctsc",
            ],
        },
    },
]
# Fields and forms drawn by templates/_field.html and templates/_form.html.
FORM_RENDERER = "certifup.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
_database_url = env.str("DATABASE_URL", default="")
if PRODUCTION and not _database_url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL when CERTIFUP_ENV=production."
    )
DATABASES = {
    "default": database(
        _database_url,
        conn_max_age=env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0),
        var_dir=VAR_DIR,
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "candidates.User"
LOGIN_URL = "candidates:login"
LOGIN_REDIRECT_URL = "registrations:mine"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn told French words and the person's own data; a ceiling; not only spaces.
    {"NAME": "candidates.passwords.PersonalZxcvbnValidator"},
    {"NAME": "candidates.passwords.MaximumLengthValidator"},
    {"NAME": "candidates.passwords.NotBlankValidator"},
]
PASSWORD_MINIMAL_STRENGTH = env.int("PASSWORD_MINIMAL_STRENGTH", default=3)  # zxcvbn score 0–4
PASSWORD_MAX_LENGTH = env.int("PASSWORD_MAX_LENGTH", default=128)
# Login throttling (django-axes): every login that authenticates with the request (candidates'
# /connexion/, /admin/login/, the centres' login, the current password at
# /changer-mon-mot-de-passe/) counts its failures. candidates.throttling says what each counter
# stops; the limits count failures within AXES_COOLOFF_MINUTES, and a lock lasts that long after
# the last failure. After OWASP's Authentication Cheat Sheet: the counter follows the account, not
# only the address; a lock is temporary; the owner can lift it at once by proving the mailbox
# (« Mot de passe oublié »), so a stranger cannot keep them out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the candidate record loaded with the user (candidates.backends).
    "candidates.backends.UserWithCandidateBackend",
]
AXES_HANDLER = "candidates.throttling.LoginThrottle"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # one account from one address
# One account from all addresses: a ceiling for guessing spread over many addresses.
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
# One address over many accounts (spraying): 30 trainees behind one address typing their
# password three times wrong stay below it. Staff logins are counted apart, with their own.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=100)
AXES_STAFF_ADDRESS_FAILURE_LIMIT = env.int("AXES_STAFF_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Attempts refused during a lock are not guesses, so they are not counted: otherwise one address
# going on after its lock would reach the account's ceiling and lock the owner out everywhere.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# What axes keys its rows and logs on; the limits of each are in candidates.throttling.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # only that account from that address: LoginThrottle
AXES_LOCKOUT_TEMPLATE = "candidates/lockout.html"
AXES_USERNAME_CALLABLE = "candidates.throttling.username_for_throttling"
# Behind N reverse proxies every client has the proxy's REMOTE_ADDR, and one IP counter would
# lock everybody out: set TRUSTED_PROXY_COUNT=N so the client address is read from the N-th last
# X-Forwarded-For entry (the one our own proxy wrote, which a client cannot forge).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "candidates.throttling.client_ip"
# axes' login logs and counters hold addresses and usernames (personal data): deleted this many
# days after the login (candidates.login_logs, daily). At least a day: the counters must outlive
# the cool-off they count over.
LOGIN_LOG_RETENTION_DAYS = env.int("LOGIN_LOG_RETENTION_DAYS", default=180)
if (
    LOGIN_LOG_RETENTION_DAYS < 1
    or datetime.timedelta(days=LOGIN_LOG_RETENTION_DAYS) < AXES_COOLOFF_TIME
):
    raise ImproperlyConfigured(
        "LOGIN_LOG_RETENTION_DAYS must be at least 1 and cover AXES_COOLOFF_MINUTES."
    )
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # links expire after a day
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60  # the verification link lasts three days
# Sessions expire after two hours without activity: certifup.sessions renews them at most every
# SESSION_REFRESH_SECONDS of activity rather than writing the session on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic writes (the image: at build); `make stack` and its test use their own.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = storages(env, production=PRODUCTION, var_dir=VAR_DIR)
MEDIA_ROOT = VAR_DIR / "media"
DEFERRAL_STORAGE = "private"

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Certif-UP <no-reply@union-prof.asso.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
UPPCTSC_EMAIL = env.str("UPPCTSC_EMAIL", default="accueil@union-prof.asso.fr")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default=mail_backends.default_backend(production=PRODUCTION)
)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# django-anymail, when EMAIL_BACKEND names one of its backends (README: Brevo, Scaleway TEM).
ANYMAIL = mail_backends.anymail(env)
# The outbox: a failed sending is retried after 1, 2, 4, 8… minutes, then left « en échec ».
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=5)
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=60)
# A row « sending » for longer than this was claimed by a worker that died: sent again.
MAIL_SENDING_LEASE_SECONDS = env.int("MAIL_SENDING_LEASE_SECONDS", default=300)

# --- Celery ---------------------------------------------------------------------------------
# Embedded default: kombu's filesystem transport under var/celery/, so `make run` sends mails
# and expires requests without Redis. The real stack sets CELERY_BROKER_URL=redis://…
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The schedule lives in the database (django-celery-beat), not in a file under var/ that a
# fresh clone lacks: the beat installs CELERY_BEAT_SCHEDULE there at start, and UPPCTSC sees
# and pauses each task in /admin/ (a pause survives restarts). Times are aware (USE_TZ) and
# in the site's zone, so a crontab added in /admin/ reads as Paris time; Celery computes
# intervals in UTC, so they do not jump at daylight-saving changes.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
DJANGO_CELERY_BEAT_TZ_AWARE = True
# No result backend (results are ignored): nothing for celery.backend_cleanup to clean, so the
# beat must not schedule it.
CELERY_RESULT_EXPIRES = None
REDIS_BROKER_TRANSPORT_OPTIONS = broker.REDIS_TRANSPORT_OPTIONS
_transport_options = broker.transport_options(
    CELERY_BROKER_URL,
    filesystem_dir=env.path("CELERY_FILESYSTEM_DIR", default=VAR_DIR / "celery"),
)
if _transport_options is not None:
    CELERY_BROKER_TRANSPORT_OPTIONS = _transport_options
SWEEP_INTERVAL_SECONDS = env.int("SWEEP_INTERVAL_SECONDS", default=120)
CELERY_BEAT_SCHEDULE = beat_schedule(sweep_interval_seconds=SWEEP_INTERVAL_SECONDS)

# --- Domain ---------------------------------------------------------------------------------
# "72 heures ouvrées" from the seed; a setting so that UPPCTSC can change it without a release.
PAYMENT_DEADLINE_WORKING_HOURS = env.int("PAYMENT_DEADLINE_WORKING_HOURS", default=72)
# The reminder goes out once, this many working hours before the payment deadline.
PAYMENT_REMINDER_WORKING_HOURS = env.int("PAYMENT_REMINDER_WORKING_HOURS", default=24)
# « Vous recevrez une réponse rapidement » (the procedure): a request neither pre-validated nor
# refused after this many of the centre's working hours reminds its staff, once; after twice
# as many it is late (UPPCTSC's list, the candidate's page, the national view).
CENTRE_ANSWER_HOURS = env.int("CENTRE_ANSWER_HOURS", default=24)
# Seats freed at a full centre are held this many of the centre's working hours for the first
# candidate of its waiting list, then offered to the next.
WAITING_LIST_HOLD_HOURS = env.int("WAITING_LIST_HOLD_HOURS", default=48)
# Justification files of decided deferral requests are deleted this many months after the
# decision (health and employment data are kept no longer than needed).
DEFERRAL_FILE_RETENTION_MONTHS = env.int("DEFERRAL_FILE_RETENTION_MONTHS", default=6)
DEFERRAL_FILE_MAX_BYTES = 5 * 1024 * 1024

# --- Account recovery (« Mot de passe oublié », « NUC oublié ») ------------------------------
# Counted in the database over a sliding window (candidates.recovery): the same limits with
# SQLite or PostgreSQL, one process or many. Past a limit the page answers the same.
RECOVERY_WINDOW_MINUTES = env.int("RECOVERY_WINDOW_MINUTES", default=60)
RECOVERY_MAILS_PER_TARGET = env.int("RECOVERY_MAILS_PER_TARGET", default=3)
# A training room shares one address: generous enough for a class, not for a flood.
RECOVERY_DEMANDS_PER_CLIENT = env.int("RECOVERY_DEMANDS_PER_CLIENT", default=20)
RECOVERY_DEMAND_RETENTION_HOURS = env.int("RECOVERY_DEMAND_RETENTION_HOURS", default=24)
if RECOVERY_DEMAND_RETENTION_HOURS * 60 < RECOVERY_WINDOW_MINUTES:
    raise ImproperlyConfigured(
        "RECOVERY_DEMAND_RETENTION_HOURS must cover RECOVERY_WINDOW_MINUTES: the limits count "
        "the demands kept."
    )

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Every asset is served from our own static files: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
# /sante/ answers the load balancer over plain HTTP, without the proxy's X-Forwarded-Proto.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logs and error reports -----------------------------------------------------------------
# Production: one JSON object per line on stderr (time, level, logger, message, the traceback
# inside the same record), for the container's log collector; a developer's console stays plain
# text. LOG_FORMAT=json|text overrides. gunicorn.conf.py and the Celery processes use the same.
try:
    LOG_FORMAT = log_format(os.environ)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
LOGGING = logging_config(LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
if LOG_FORMAT == "json":
    # A Python warning is printed on two raw lines otherwise (Django 5 no longer routes them).
    logging.captureWarnings(True)

# Sentry, only when SENTRY_DSN is set: errors (web, worker, beat) with their context, no
# personal data (send_default_pii off: no IP address, cookie or user), no performance traces
# unless SENTRY_TRACES_SAMPLE_RATE says so.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if not 0.0 <= SENTRY_TRACES_SAMPLE_RATE <= 1.0:
    raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1.")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=CERTIFUP_ENV,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )

# django-import-export (UPPCTSC imports centres and exam offers): one transaction per import,
# so a file with an error row changes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
