"""Settings for the test suite. SQLite by default; PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set."""

import os
import re

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", "false") == "true"
ALLOWED_HOSTS = ["*"]

# Static files come from the finders here; WhiteNoise serves the collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]

# Tests sign in with force_login, which has no second factor; two-factor tests turn it on with
# the `settings` fixture. django-axes stays on (the lockout is tested); force_login never
# authenticates, so it cannot count as a failure.
REQUIRE_TWO_FACTOR = False

# Under pytest-xdist each worker process has its own test database (pytest-django adds the
# worker's name) and here its own Redis database, so one worker's Celery worker never takes
# another's tasks. gw0 uses database 1, gw1 database 2, and so on; a run without xdist keeps
# the URL as given.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER.startswith("gw"):  # noqa: F405
    REDIS_URL = re.sub(r"(/\d+)?$", f"/{int(_XDIST_WORKER[2:]) + 1}", REDIS_URL, count=1)  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
