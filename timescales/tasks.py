"""Periodic tasks run by Celery beat."""

from celery import shared_task

from .models import SchedulerRun
from .sweep import run_sweep


@shared_task(name="timescales.tasks.record_scheduler_heartbeat")
def record_scheduler_heartbeat() -> int:
    """Record that the scheduler ran, so a stopped beat is visible on /healthz."""
    return SchedulerRun.objects.create(task_name="record_scheduler_heartbeat").pk


@shared_task(name="timescales.tasks.sweep_deadlines")
def sweep_deadlines() -> dict:
    """The hourly sweep: breaches, their QANs, reminders. Safe to run on several workers at once."""
    from dataclasses import asdict

    return asdict(run_sweep())
