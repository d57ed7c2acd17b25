"""Handing work to the Celery worker without ever failing the request that asked for it (issue 20).

The work itself is always recorded in the database first (a census run, an email in the outbox);
the message on the broker is only a prompt to do it now. So if the broker is down the prompt is
logged and dropped, the user sees their action succeed, and a beat task finds the recorded work
that was never queued (or never finished) and queues it again.
"""

import logging
from collections.abc import Callable

from celery import current_app
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# Errors that pass: a database restarting, the broker or a mail server briefly unreachable. A
# task lists these in autoretry_for so Celery retries it with back-off instead of losing it.
TRANSIENT_ERRORS = (
    DatabaseOperationalError,
    DatabaseInterfaceError,
    BrokerOperationalError,
    ConnectionError,
    TimeoutError,
)

# The options every task that does recorded work takes: acknowledged only once done, given back
# to the broker if its worker dies, retried with back-off (2, 4, 8... seconds, at most 10 minutes,
# jittered) on a transient error. Use as @shared_task(name=..., **RELIABLE_TASK).
RELIABLE_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def enqueue(task_name: str, *args) -> bool:
    """Send the task now. True if the broker took it; False (logged, never raised) if not.

    It fails at once rather than retrying the connection inside the request (Celery would
    otherwise retry for seconds): the beat task that finds recorded work is the retry. A task
    registered in this process is sent through its own object (so it runs in place when Celery is
    eager, as in tests); one this process has not imported is sent by name all the same."""
    task = current_app.tasks.get(task_name)
    try:
        if task is not None and task.app.conf.task_always_eager:
            task.apply_async(args=args)
            return True
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
            if task is not None:
                task.apply_async(args=args, connection=connection, retry=False)
            else:
                current_app.send_task(task_name, args=args, connection=connection, retry=False)
    except Exception:  # noqa: BLE001 - any failure to send leaves the work recorded for the beat
        logger.warning(
            "Could not queue %s%r: left for the scheduler to pick up",
            task_name,
            args,
            exc_info=True,
        )
        return False
    return True


def enqueue_on_commit(task_name: str, *args, on_queued: Callable[[], object] | None = None) -> None:
    """Send the task once the current transaction commits (at once outside one), never raising.

    The task is looked up by name, so services need not import their tasks modules. `on_queued`
    runs only if the broker took the task (to record when it was queued, say); if the broker was
    down the failure is logged and the recorded work waits for the beat task that requeues it.
    """

    def send():
        if enqueue(task_name, *args) and on_queued is not None:
            on_queued()

    transaction.on_commit(send)
