"""How gunicorn serves the service (issue 25, ADR 78). gunicorn reads this file from the directory
it starts in: the Docker image, docker-compose and the load benchmark (scripts/bench_wrk.py) all
start in the checkout, so what is measured is what is deployed.

Three worker processes of four threads each (gthread), as every load run has measured.

A connection that has not sent its request yet is handed back to the worker's poller after
NEW_CONNECTION_WAIT_SECONDS instead of holding one of the worker's four threads. gunicorn's own
wait is 5 s (gunicorn.workers.gthread.DEFAULT_WORKER_DATA_TIMEOUT, not a setting): a browser's
speculative connection, or 300 staff whose browsers keep connections open between pages, held
every thread for seconds while the requests of the others queued behind them (the "people" load
run's timeouts, with every request answered in under a second by the server itself).
"""

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
