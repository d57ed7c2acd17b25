"""Background work for the returns (ADR 35)."""

from celery import shared_task


@shared_task(name="returns.tasks.prepare_census_run")
def prepare_census_run(run_id: int) -> str:
    from .services import prepare_census

    return prepare_census(run_id).status
