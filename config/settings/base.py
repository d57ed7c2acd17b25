"""Settings shared by every environment. Everything that differs between machines comes from
environment variables, so the same code runs on a laptop, in CI and in production."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


SERVICE_NAME = "Manage child protection conferences"
AUTHORITY_NAME = env("AUTHORITY_NAME", "Demo Borough Council")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "core.submissions",
    "accounts",
    "timescales",
    "children",
    "conferences",
    "plans",
    "coreGroups",
    "reports",
    "audit",
    "scale",
    "enquiries",
    "returns",
    "voice",
    "feed",
    "contextual",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The user itself on the request, not behind AuthenticationMiddleware's and OTPMiddleware's
    # two lazy proxies (issue 25).
    "accounts.middleware.SignedInUserMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sign-in and CSRF: a repeated form answers as the first did (ADR 49); pages that
    # need sign-in are never stored by a browser or proxy.
    "core.submissions.middleware.SubmissionTokenMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the "account locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "core.context_processors.service",
            ],
            "builtins": [
                "core.templatetags.govuk",
                "core.templatetags.fragments",
                "core.submissions.templatetags.submissions",
            ],
        },
    },
    {
        # The row-by-row fragments of the busiest pages, included by Django templates with
        # {% fragment %} (core.fragments, issue 25, ADR 77). Only templates/fragments/.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "fragments"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.fragments.environment"},
    },
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# SQLite when DATABASE_URL is unset, so `make run` needs no database server.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so after the database
        # restarts the next request opens a new one instead of failing (issue 20).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Short web queries: PostgreSQL's JIT compiled one plan for 79 of its 99 ms (ADR 33).
    _options.setdefault("options", "-c jit=off")
    # A query a kept connection has run five times is prepared, so PostgreSQL stops planning it
    # again on every page (planning a conference page's ten-table join took longer than running
    # it; ADR 72). Prepared statements need server-side binding. Off behind a transaction-mode
    # connection pooler, which cannot keep them: DATABASE_PREPARED_STATEMENTS=false.
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is checked (ADR 26).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, answering "no" without queries for a name no model permission has.
    "accounts.backends.ModelPermissionBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"

# Two-factor sign-in (TOTP, django-otp) for every staff role; see ADR 26. Off in test and local.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = SERVICE_NAME
# Failed sign-ins (django-axes): 10 failures from one address lock that account from that
# address for 30 minutes (ADR 48: a stranger elsewhere cannot lock a colleague out, and an
# office's shared address does not lock the office); a successful sign-in clears the count.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field, which holds the email address
AXES_USERNAME_CALLABLE = "accounts.views.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    BASE_DIR / "static",
]
# The font every PDF is set in (ADR 62): Arimo, shipped by npm (@expo-google-fonts/arimo), never
# the machine's own fonts.
PDF_FONT_DIR = BASE_DIR / "node_modules" / "@expo-google-fonts" / "arimo"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents live outside the web root and are only served by permission-checked views.
MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
# The largest report to conference a user may upload (PDF or Word), in bytes.
REPORT_UPLOAD_MAX_BYTES = int(env("REPORT_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Issue 21: something the child made (a drawing, a letter, a recording).
CHILD_VOICE_UPLOAD_MAX_BYTES = int(env("CHILD_VOICE_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# Sessions end after 30 minutes without a request; every request starts the 30 minutes again
# (accounts.middleware.SessionActivityMiddleware, which rewrites the session at most once every
# SESSION_REFRESH_SECONDS instead of SESSION_SAVE_EVERY_REQUEST's write per request). Pages warn
# 2 minutes before the end (static/js/session_timeout.mjs).
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 30)))
SESSION_REFRESH_SECONDS = int(env("SESSION_REFRESH_SECONDS", "60"))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp, ADR 28): only this site's own files; no inline script or
# style, no eval, no framing, forms post only here. The admin needs no relaxation (Django's admin
# has no inline script or style since 4.x); tests/core/test_security_headers.py holds it to that.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "conferences@example.gov.uk")
# The service's address, for the links in emails (sent by the worker, outside any request).
SERVICE_URL = env("SERVICE_URL", "http://localhost:8000")
# Children aged 10 and over are referred here when conference invitations go out.
ADVOCACY_SERVICE_EMAIL = env("ADVOCACY_SERVICE_EMAIL", "advocacy@example.org.uk")

# Celery: Redis in production and CI; `make run` uses kombu's filesystem transport (no server).
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("CELERY_FILESYSTEM_BROKER_DIR", str(BASE_DIR / ".celery-broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "record-scheduler-heartbeat": {
        "task": "timescales.tasks.record_scheduler_heartbeat",
        "schedule": timedelta(minutes=5),
    },
    "dispatch-outbox": {
        "task": "core.tasks.dispatch_outbox",
        "schedule": timedelta(minutes=1),  # emails the broker lost or that wait to be retried
    },
    "sweep-deadlines": {
        "task": "timescales.tasks.sweep_deadlines",
        "schedule": crontab(minute=0),  # hourly; the sweep catches up on anything missed
    },
    # Issue 20: census runs the broker never took, or whose worker died, are queued again.
    "requeue-census-runs": {
        "task": "returns.tasks.requeue_census_runs",
        "schedule": timedelta(minutes=5),
    },
    # The daily feed to the DfE (ADR 67); does nothing while DFE_FEED_URL is empty.
    "send-dfe-feed": {
        "task": "feed.tasks.send_daily_feed",
        "schedule": crontab(minute=15, hour=2),
    },
    # Form tokens older than a day are forgotten (ADR 49).
    "prune-submission-tokens": {
        "task": "core.submissions.tasks.prune_submission_tokens",
        "schedule": crontab(minute=30, hour=3),
    },
}

# The daily feed to the Department for Education (ADR 67): off while DFE_FEED_URL is empty.
# DFE_FEED_URL is the API's base address (…/api); records go to
# {DFE_FEED_URL}/children_social_care_data/{DFE_LA_CODE}/children.
DFE_LA_CODE = env("DFE_LA_CODE", "999")
DFE_FEED_URL = env("DFE_FEED_URL", "")
DFE_FEED_TOKEN_URL = env("DFE_FEED_TOKEN_URL", "")
DFE_FEED_CLIENT_ID = env("DFE_FEED_CLIENT_ID", "")
DFE_FEED_CLIENT_SECRET = env("DFE_FEED_CLIENT_SECRET", "")
DFE_FEED_SCOPE = env("DFE_FEED_SCOPE", "")
DFE_FEED_SUBSCRIPTION_KEY = env("DFE_FEED_SUBSCRIPTION_KEY", "")
DFE_FEED_TIMEOUT_SECONDS = float(env("DFE_FEED_TIMEOUT_SECONDS", "60"))

# One-time form tokens (ADR 49): how long a repeat waits for the first submission's answer, when
# a first that never answered is taken over, and when claimed tokens are pruned.
SUBMISSION_WAIT_SECONDS = float(env("SUBMISSION_WAIT_SECONDS", "10"))
SUBMISSION_STALE_AFTER = timedelta(minutes=2)
SUBMISSION_TOKEN_MAX_AGE = timedelta(hours=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
