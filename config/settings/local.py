"""Settings for `make run`: a laptop, SQLite and no other server unless DATABASE_URL/REDIS_URL are set."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env, env_bool

DEBUG = True
SECRET_KEY = env("SECRET_KEY") or "local-development-only-not-secret"  # noqa: S105
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders here; WhiteNoise serves the collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]

# `make run` signs in with a password only, unless REQUIRE_TWO_FACTOR=true is set (ADR 26).
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)
