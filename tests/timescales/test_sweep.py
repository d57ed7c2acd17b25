"""The sweep: exactly one breach mark and one QAN per missed deadline, however it is run."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import RoleCode
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.services import require_postgres, running_worker, wait_for
from timescales import calendar, services
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)
from timescales.sweep import SWEEP_REASON, run_sweep


def make_people():
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER])
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], line_manager=service_manager)
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory(), line_manager=manager)
    return worker, manager


def open_icpc_due(worker, start, count=1):
    children = [ChildFactory() for _ in range(count)]
    for child in children:
        services.open_deadline(
            rule=RuleCode.ICPC_DUE, subject=child, start=start, responsible=worker, child=child
        )
    return children


def breach_marks(deadline) -> int:
    return deadline.history.filter(history_change_reason=SWEEP_REASON).count()


def assert_one_mark_and_one_qan_each():
    for deadline in Deadline.objects.filter(status=DeadlineStatus.BREACHED):
        assert breach_marks(deadline) == 1, deadline
        assert deadline.qans.filter(kind=QanKind.BREACH).count() == 1, deadline


@pytest.mark.django_db
def test_a_passed_deadline_is_breached_and_its_qan_goes_to_the_line_manager(
    django_capture_on_commit_callbacks,
):
    worker, manager = make_people()
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    [child] = open_icpc_due(worker, long_ago)
    open_icpc_due(worker, timezone.localdate())  # not yet due

    # The QAN's email is queued in the outbox and sent once the sweep commits (ADR 50).
    with django_capture_on_commit_callbacks(execute=True):
        result = run_sweep()

    assert (result.breached, result.qans_raised) == (1, 1)
    deadline = Deadline.objects.get(child=child)
    assert deadline.status == DeadlineStatus.BREACHED
    qan = QualityAssuranceNotification.objects.get()
    assert (qan.deadline, qan.child, qan.addressed_to) == (deadline, child, manager)
    assert qan.responsible == worker and qan.agency == worker.agency
    assert "was due by" in qan.summary
    assert [m.to for m in mail.outbox if "Quality Assurance" in m.subject] == [[manager.email]]
    assert_one_mark_and_one_qan_each()


@pytest.mark.django_db
def test_the_end_of_the_due_day_is_not_yet_a_breach():
    worker, _ = make_people()
    [child] = open_icpc_due(worker, datetime.date(2026, 6, 8))
    deadline = Deadline.objects.get(child=child)
    last_minute = deadline.due_at - datetime.timedelta(minutes=1)
    assert run_sweep(now=last_minute).breached == 0
    assert run_sweep(now=deadline.due_at).breached == 1


@pytest.mark.django_db
def test_sweeping_again_raises_nothing_more():
    worker, _ = make_people()
    open_icpc_due(worker, timezone.localdate() - datetime.timedelta(days=60), count=3)
    assert run_sweep().qans_raised == 3
    again = run_sweep()
    assert (again.breached, again.qans_raised) == (0, 0)
    assert QualityAssuranceNotification.objects.count() == 3
    assert_one_mark_and_one_qan_each()


@pytest.mark.django_db
def test_a_rule_that_raises_no_qan_is_still_marked_breached():
    worker, _ = make_people()
    child = ChildFactory()
    services.open_deadline(
        rule=RuleCode.LONG_PLAN,
        subject=child,
        start=timezone.localdate() - datetime.timedelta(days=800),
        responsible=worker,
    )
    result = run_sweep()
    assert (result.breached, result.qans_raised) == (1, 0)


@pytest.mark.django_db
def test_reminders_go_once_for_deadlines_due_within_two_working_days(
    django_capture_on_commit_callbacks,
):
    worker, _ = make_people()
    child = ChildFactory()
    services.open_deadline(
        rule=RuleCode.INVITES, subject=child, start=timezone.localdate(), responsible=worker
    )
    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit (ADR 50)
        assert run_sweep().reminders == 1
        assert run_sweep().reminders == 0
    reminder = [m for m in mail.outbox if "due within 2 working days" in m.subject]
    assert len(reminder) == 1 and reminder[0].to == [worker.email]


@pytest.mark.django_db
def test_the_management_command_runs_the_sweep(capsys):
    worker, _ = make_people()
    open_icpc_due(worker, timezone.localdate() - datetime.timedelta(days=60))
    call_command("sweep_deadlines")
    assert (
        "1 deadlines breached, 1 Quality Assurance notifications raised" in capsys.readouterr().out
    )


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_then_a_week_of_downtime_leave_one_mark_and_one_qan_each():
    require_postgres()
    worker, _ = make_people()
    today = timezone.localdate()
    open_icpc_due(worker, today - datetime.timedelta(days=60), count=150)
    # These fall due two working days from now, during the week the scheduler is down.
    open_icpc_due(worker, calendar.add_working_days(today, -13), count=20)

    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            run_sweep()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    first_breaches = Deadline.objects.filter(status=DeadlineStatus.BREACHED).count()
    assert first_breaches >= 150
    assert QualityAssuranceNotification.objects.count() == first_breaches

    # The scheduler was down for a week: one run catches up on everything now passed.
    run_sweep(now=timezone.now() + datetime.timedelta(days=7))
    assert Deadline.objects.filter(status=DeadlineStatus.BREACHED).count() == 170
    assert QualityAssuranceNotification.objects.count() == 170
    assert_one_mark_and_one_qan_each()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_runs_the_sweep():
    from timescales.tasks import sweep_deadlines

    worker, _ = make_people()
    open_icpc_due(worker, timezone.localdate() - datetime.timedelta(days=60), count=2)
    with running_worker():
        sweep_deadlines.delay()
        wait_for(lambda: QualityAssuranceNotification.objects.count() == 2)
    assert Deadline.objects.filter(status=DeadlineStatus.BREACHED).count() == 2


def test_beat_runs_the_sweep_hourly():
    from config.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert "timescales.tasks.sweep_deadlines" in schedule
    assert schedule["timescales.tasks.sweep_deadlines"].minute == {0}
