"""How gunicorn serves the service (issue 25, ADR 78): gunicorn.conf.py, which the Docker image,
docker-compose and the load benchmark all read. A connection that has sent nothing yet must not
hold one of a worker's threads while others wait: it is parked on the worker's poller."""

import inspect
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import gunicorn.workers.gthread

from tests.faults import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_still_reads_the_wait_the_config_sets():
    """The wait is a module constant of gunicorn's, not a setting: an upgrade that stops reading
    it would quietly bring back the 5 s wait."""
    handle = inspect.getsource(gunicorn.workers.gthread.ThreadWorker.handle)
    assert "wait_for_data(DEFAULT_WORKER_DATA_TIMEOUT)" in handle
    namespace = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["worker_class"] == "gthread"
    assert (namespace["workers"], namespace["threads"]) == (3, 4)
    assert namespace["NEW_CONNECTION_WAIT_SECONDS"] < 0.5


def test_each_worker_freezes_what_it_loaded_out_of_the_collectors_walks():
    """post_worker_init: the objects loaded at start-up live as long as the worker, and a full
    garbage collection walked them all on some request (issue 25)."""
    import gc

    namespace = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert gc.get_freeze_count() == 0
    try:
        namespace["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _answer_seconds(port: int) -> float:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(
            b"GET /accessibility-statement/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        assert conn.recv(64).startswith(b"HTTP/1.1 ")
    return time.monotonic() - started


def test_idle_new_connections_do_not_hold_the_threads_others_need():
    """One worker of two threads, four connections opened and left silent (a browser's
    speculative connections, or staff between pages), then a request: it is answered at once,
    not after gunicorn's 5 s wait for the silent ones."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--threads", "2", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    silent = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _answer_seconds(port)  # up, and the app loaded
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
        time.sleep(0.3)  # the worker has accepted them and handed them to its threads
        assert _answer_seconds(port) < 2.5  # gunicorn's own wait would make it 5 s or more
    finally:
        for conn in silent:
            conn.close()
        server.terminate()
        server.wait(timeout=30)
