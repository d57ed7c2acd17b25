"""A sweep killed half way (issue 20): the worker dies, its open transaction is rolled back, and
the sweep is run again (the message given back to the broker, or the next hour's run). It works
from what the database says is still to do, so every deadline is processed exactly once: one
breach mark, one QAN, one QAN email, one reminder."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from core.models import OutboxEmail
from tests.timescales.test_sweep import assert_one_mark_and_one_qan_each, make_people, open_icpc_due
from timescales import services, sweep
from timescales.models import Deadline, DeadlineStatus, QualityAssuranceNotification, RuleCode


class WorkerKilled(Exception):
    """Stands for the worker dying: whatever transaction was open is rolled back."""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "killed_after",
    # In the breach step's transaction (breaches marked, QANs inserted, not committed); after
    # the reminders; after the QAN emails (before the plans and the scheduler record).
    ["_raise_breach_qans", "_send_reminders", "notify_pending_qans"],
)
def test_a_sweep_killed_half_way_then_run_again_does_everything_exactly_once(
    monkeypatch, killed_after
):
    worker, manager = make_people()
    passed = open_icpc_due(worker, timezone.localdate() - datetime.timedelta(days=60), count=3)
    soon = open_icpc_due(worker, timezone.localdate(), count=1)
    services.open_deadline(
        rule=RuleCode.INVITES, subject=soon[0], start=timezone.localdate(), responsible=worker
    )
    real = getattr(sweep, killed_after)

    def dies_after(*args, **kwargs):
        real(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(sweep, killed_after, dies_after)
    with pytest.raises(WorkerKilled):
        sweep.run_sweep()
    monkeypatch.setattr(sweep, killed_after, real)
    sweep.run_sweep()  # run again
    sweep.run_sweep()  # and the next hour's run finds nothing left to do

    breached = Deadline.objects.filter(status=DeadlineStatus.BREACHED)
    assert {d.child for d in breached} == set(passed)
    assert_one_mark_and_one_qan_each()
    qans = QualityAssuranceNotification.objects.all()
    assert qans.count() == 3 and all(q.emailed_at for q in qans)
    # Each email is queued in the outbox once (the worker sends each row once, ADR 50).
    queued = list(OutboxEmail.objects.all())
    emails = Counter(
        (m.subject.split(":")[0], tuple(m.to))
        for m in queued
        if m.subject.startswith("Quality Assurance notification")
    )
    assert emails == Counter(
        {(f"Quality Assurance notification {q.reference}", (manager.email,)): 1 for q in qans}
    )
    reminders = [m for m in queued if "due within 2 working days" in m.subject]
    assert len(reminders) == 1 and reminders[0].to == [worker.email]


@pytest.mark.parametrize(
    "name", ["timescales.tasks.sweep_deadlines", "timescales.tasks.record_scheduler_heartbeat"]
)
def test_the_scheduled_tasks_are_given_back_if_their_worker_dies_and_retried_with_back_off(name):
    """Safe because the sweep is idempotent (above): run again, it does nothing twice."""
    from celery import current_app

    from core.background import TRANSIENT_ERRORS
    from timescales import tasks  # noqa: F401 - registers them, as a worker's autodiscovery does

    task = current_app.tasks[name]
    assert task.acks_late is True and task.reject_on_worker_lost is True
    assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for)
    assert task.retry_backoff and task.max_retries
