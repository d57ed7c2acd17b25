"""Background work for the returns (ADR 35). Tasks only call services.

Each is acknowledged only when done and given back to the broker if its worker dies, retried
with back-off on a transient error, and idempotent (issue 20): core.background.RELIABLE_TASK."""

from celery import shared_task

from core.background import RELIABLE_TASK

from .services import CENSUS_TIME_LIMIT, prepare_census, requeue_census_runs


@shared_task(
    name="returns.tasks.prepare_census_run",
    time_limit=int(CENSUS_TIME_LIMIT.total_seconds()),
    **RELIABLE_TASK,
)
def prepare_census_run(run_id: int) -> str:
    return prepare_census(run_id).status


@shared_task(name="returns.tasks.requeue_census_runs", **RELIABLE_TASK)
def requeue_unfinished_census_runs() -> int:
    """Beat: queue again the census runs never queued (the broker was down) or never finished."""
    return requeue_census_runs()
