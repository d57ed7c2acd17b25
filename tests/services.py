"""A real Celery worker on the Redis broker, in a thread of the test process, for tests that need one."""

import contextlib
import os
import time

import pytest


def require_redis() -> str:
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("REQUIRE_SERVICES is set but REDIS_URL is not: CI must run this test")
        pytest.skip("REDIS_URL is not set: this test needs a real Redis broker (CI sets it)")
    from django.conf import settings

    return settings.REDIS_URL  # this xdist worker's own Redis database (config/settings/test.py)


def require_postgres() -> None:
    """Skip (or, in CI, fail) a test that needs PostgreSQL's row locks and concurrency."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("REQUIRE_SERVICES is set but the database is not PostgreSQL")
        pytest.skip("needs PostgreSQL: set DATABASE_URL (CI does)")


@contextlib.contextmanager
def running_worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    broker_url = require_redis()
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def wait_for(condition, timeout: float = 20.0) -> None:
    """Poll until the worker's effect is visible in the database, or fail after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"The worker did not finish within {timeout} seconds")
