"""Periodic tasks run by Celery beat.

Both are safe to run twice or to resume after being killed (the sweep works from the database's
state, not from what it did last time), so they are acknowledged late, given back to the broker
if their worker dies, and retried with back-off on a transient error (issue 20)."""

from celery import shared_task

from core.background import RELIABLE_TASK

from .models import SchedulerRun
from .sweep import run_sweep


@shared_task(name="timescales.tasks.record_scheduler_heartbeat", **RELIABLE_TASK)
def record_scheduler_heartbeat() -> int:
    """Record that the scheduler ran, so a stopped beat is visible on /healthz."""
    return SchedulerRun.objects.create(task_name="record_scheduler_heartbeat").pk


@shared_task(name="timescales.tasks.sweep_deadlines", **RELIABLE_TASK)
def sweep_deadlines() -> dict:
    """The hourly sweep: breaches, their QANs, reminders. Safe to run on several workers at once."""
    from dataclasses import asdict

    return asdict(run_sweep())
