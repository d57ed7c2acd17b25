"""How gunicorn serves the service (issue 25, ADR 78). gunicorn reads this file from the directory
it starts in: the Docker image, docker-compose and the load benchmark (scripts/bench_wrk.py) all
start in the checkout, so what is measured is what is deployed.

Three worker processes of four threads each (gthread), as every load run has measured. Each
worker freezes what it loaded at start-up out of the garbage collector's walks (post_worker_init).

A connection that has not sent its request yet is handed back to the worker's poller after
NEW_CONNECTION_WAIT_SECONDS instead of holding one of the worker's four threads. gunicorn's own
wait is 5 s (gunicorn.workers.gthread.DEFAULT_WORKER_DATA_TIMEOUT, not a setting): a browser's
speculative connection, or 300 staff whose browsers keep connections open between pages, held
every thread for seconds while the requests of the others queued behind them (the "people" load
run's timeouts, with every request answered in under a second by the server itself).
"""

import gc

import gunicorn.workers.gthread

worker_class = "gthread"
workers = 3
threads = 4

NEW_CONNECTION_WAIT_SECONDS = 0.05


def post_fork(server, worker):
    """In each worker: park a connection that has sent nothing yet on the poller after
    NEW_CONNECTION_WAIT_SECONDS. tests/core/test_gunicorn_config.py fails if a gunicorn upgrade
    stops reading the value this sets."""
    gunicorn.workers.gthread.DEFAULT_WORKER_DATA_TIMEOUT = NEW_CONNECTION_WAIT_SECONDS


def post_worker_init(worker):
    """In each worker, once the application is loaded: move what is loaded so far (Django, the
    apps, their modules) out of the garbage collector's sight with gc.freeze(). Those objects
    live as long as the process, and each full collection walked all of them, about 160,000:
    some 5 ms on one request in 30 (issue 25). Collected first, so no garbage is frozen."""
    gc.collect()
    gc.freeze()
