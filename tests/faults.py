"""Faults a test can make and mend on its own, without touching the machine's services (issue 20):
a broker that is down (a closed loopback port), a second Redis that the test starts and stops,
and a real Celery worker on it."""

import contextlib
import shutil
import socket
import subprocess
import time

import pytest

from tests.services import require_redis


def free_port() -> int:
    """A loopback port nothing listens on (the OS chose it, and it was closed again at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def broker_at(url: str):
    """Send this process's tasks to `url` (a closed port is a broker that is down), then back."""
    from config.celery import app

    before = app.conf.broker_url, app.conf.task_always_eager

    def forget_connections():
        # The app keeps a pool of connections to the old broker; drop it so the next send dials.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(broker_url=url, task_always_eager=False)
    forget_connections()
    try:
        yield url
    finally:
        app.conf.update(broker_url=before[0], task_always_eager=before[1])
        forget_connections()


@contextlib.contextmanager
def second_redis(port: int):
    """A Redis of the test's own on a loopback port, killed when the block ends. CI must run it
    (it has REDIS_URL and redis-server); elsewhere the test is skipped."""
    require_redis()
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed, but REDIS_URL is set: install it")
    process = subprocess.Popen(  # noqa: S603 - a fixed local binary with fixed arguments
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"The test's own Redis did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def worker_on(url: str):
    """A real Celery worker thread on the broker at `url`, this process sending there too."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with (
        broker_at(url),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker,
    ):
        yield worker
