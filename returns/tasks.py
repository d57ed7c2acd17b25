"""Background work for the returns (ADR 35). Tasks only call services."""

from celery import shared_task

from .services import prepare_census


@shared_task(name="returns.tasks.prepare_census_run")
def prepare_census_run(run_id: int) -> str:
    return prepare_census(run_id).status
