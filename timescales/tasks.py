"""Periodic tasks run by Celery beat."""

from celery import shared_task

from .models import SchedulerRun


@shared_task(name="timescales.tasks.record_scheduler_heartbeat")
def record_scheduler_heartbeat() -> int:
    """Record that the scheduler ran, so a stopped beat is visible on /healthz."""
    return SchedulerRun.objects.create(task_name="record_scheduler_heartbeat").pk
