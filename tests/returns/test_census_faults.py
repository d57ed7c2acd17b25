"""A census run is never lost or stuck (issue 20): with the broker down the request still succeeds
and the run waits, recorded, for the scheduler; a run whose worker died is queued again by the
beat task; preparing it is idempotent and retried on transient errors."""

import datetime
import threading

import pytest
from celery import current_app
from django.db import OperationalError, connection
from django.utils import timezone

from core.background import TRANSIENT_ERRORS
from returns import services
from returns.models import CensusRun, CensusRunStatus
from tests.auth import login
from tests.faults import broker_at, free_port, second_redis, worker_on
from tests.returns.conftest import prepared_census
from tests.services import require_postgres, wait_for

D = datetime.date
REQUEUE = "returns.tasks.requeue_census_runs"
PREPARE = services.PREPARE_CENSUS_RUN


def unfinished(qa_manager, ago: datetime.timedelta, *, queued=True, started=True, attempts=1):
    """A run asked for `ago`, queued (and started) then, and never finished."""
    at = timezone.now() - ago
    run = CensusRun.objects.create(
        reference_date=D(2026, 3, 31),
        requested_by=qa_manager,
        queued_at=at if queued else None,
        started_at=at if started else None,
        attempts=attempts if started else 0,
    )
    CensusRun.objects.filter(pk=run.pk).update(requested_at=at)
    return run


@pytest.fixture
def sent(monkeypatch):
    """The tasks sent to the broker, by name and arguments, instead of sending them."""
    calls = []

    def send_of(name):
        return lambda args=(), **options: calls.append((name, *args))

    monkeypatch.setattr(current_app.tasks[PREPARE], "apply_async", send_of(PREPARE))
    return calls


@pytest.mark.django_db
def test_with_the_broker_down_asking_succeeds_and_the_run_waits_for_the_scheduler(
    client, qa_manager, django_capture_on_commit_callbacks, caplog
):
    """The probe's finding: Redis down answered HTTP 500 and left the run "preparing" for ever."""
    login(client, qa_manager)
    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):
        page = prepared_census(client, capture=django_capture_on_commit_callbacks)
    run = CensusRun.objects.get()
    assert run.status == CensusRunStatus.PREPARING and run.queued_at is None
    assert run.waiting_for_the_scheduler
    assert "waiting for the scheduler" in page.content.decode()
    assert "The census is being prepared" not in page.content.decode()
    assert "Waiting for the scheduler" in client.get("/returns/").content.decode()
    assert "Could not queue returns.tasks.prepare_census_run" in caplog.text


@pytest.mark.django_db
def test_a_run_the_broker_took_records_when_it_was_queued(
    qa_manager, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_census(by=qa_manager, reference_date=D(2026, 3, 31))
    run.refresh_from_db()
    assert sent == [(PREPARE, run.pk)]
    assert run.queued_at == timezone.now() and not run.waiting_for_the_scheduler


@pytest.mark.django_db
def test_the_beat_requeues_runs_never_queued_or_not_finished_in_their_time_limit(
    qa_manager, sent, django_capture_on_commit_callbacks
):
    limit = services.CENSUS_TIME_LIMIT
    never_queued = unfinished(qa_manager, datetime.timedelta(minutes=2), queued=False)
    worker_died = unfinished(qa_manager, limit + datetime.timedelta(minutes=1))
    queued_not_started = unfinished(
        qa_manager, limit + datetime.timedelta(minutes=1), started=False
    )
    # Left alone: just asked for (its own send may be on its way), being prepared within the
    # time limit, queued recently, finished.
    unfinished(qa_manager, datetime.timedelta(seconds=30), queued=False)
    unfinished(qa_manager, limit - datetime.timedelta(minutes=1))
    unfinished(qa_manager, datetime.timedelta(minutes=2), started=False)
    done = unfinished(qa_manager, limit * 2)
    CensusRun.objects.filter(pk=done.pk).update(status=CensusRunStatus.READY)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_census_runs() == 3
    assert sorted(pk for _, pk in sent) == sorted(
        [never_queued.pk, worker_died.pk, queued_not_started.pk]
    )
    never_queued.refresh_from_db()
    assert never_queued.queued_at == timezone.now()  # no longer waiting for the scheduler


@pytest.mark.django_db
def test_a_run_that_keeps_killing_its_worker_is_recorded_as_failed_not_retried_for_ever(
    qa_manager, sent
):
    run = unfinished(qa_manager, services.CENSUS_TIME_LIMIT * 2, attempts=services.CENSUS_ATTEMPTS)
    assert services.requeue_census_runs() == 0
    assert sent == []
    run.refresh_from_db()
    assert run.status == CensusRunStatus.FAILED
    assert run.history.first().history_change_reason == "Census failed"


@pytest.mark.django_db
def test_preparing_counts_its_attempts_and_a_finished_run_is_left_alone(qa_manager, year):
    run = unfinished(qa_manager, services.CENSUS_TIME_LIMIT * 2)
    prepared = services.prepare_census(run.pk)
    assert prepared.status == CensusRunStatus.READY and prepared.attempts == 2
    assert prepared.started_at == timezone.now()
    assert services.prepare_census(run.pk).attempts == 2  # finished: nothing done, not counted


@pytest.mark.django_db
def test_a_transient_error_is_retried_by_the_task_not_recorded_as_a_failure(
    qa_manager, year, monkeypatch, eager_tasks
):
    real = services.build_census
    calls = []

    def restarting_database(reference_date):
        calls.append(reference_date)
        if len(calls) <= 2:  # the direct call below, then the task's first try
            raise OperationalError("terminating connection due to administrator command")
        return real(reference_date)

    monkeypatch.setattr("returns.services.build_census", restarting_database)
    run = unfinished(qa_manager, datetime.timedelta(0), started=False)
    with pytest.raises(OperationalError):
        services.prepare_census(run.pk)
    run.refresh_from_db()
    assert run.status == CensusRunStatus.PREPARING  # not "could not be prepared"

    current_app.tasks[PREPARE].delay(run.pk)  # eager: Celery retries it in this process
    run.refresh_from_db()
    assert run.status == CensusRunStatus.READY and len(calls) == 3


def test_the_tasks_are_acknowledged_late_rejected_on_worker_loss_and_retried_with_back_off():
    """A worker killed mid-task gives the message back to the broker instead of losing it."""
    for name in (PREPARE, REQUEUE):
        task = current_app.tasks[name]
        assert task.acks_late is True and task.reject_on_worker_lost is True, name
        assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for), name
        assert task.retry_backoff and task.max_retries, name
    # The hard time limit kills a stuck worker before the beat requeues its run.
    assert current_app.tasks[PREPARE].time_limit == services.CENSUS_TIME_LIMIT.total_seconds()
    assert REQUEUE in {entry["task"] for entry in current_app.conf.beat_schedule.values()}


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_run_record_one_result(qa_manager, year, monkeypatch):
    """Both build the census (a duplicate delivery); the row lock lets only the first record it."""
    require_postgres()
    run = unfinished(qa_manager, datetime.timedelta(0), started=False)
    both_building = threading.Barrier(2, timeout=20)
    real = services.build_census

    def build_together(reference_date):
        both_building.wait()
        return real(reference_date)

    monkeypatch.setattr("returns.services.build_census", build_together)
    errors = []

    def worker():
        try:
            services.prepare_census(run.pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    run.refresh_from_db()
    assert run.status == CensusRunStatus.READY and run.attempts == 2
    reasons = [h.history_change_reason for h in run.history.all()]
    assert reasons.count("Census prepared") == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_broker_down_then_back_the_beat_queues_the_run_and_a_worker_prepares_it(qa_manager, year):
    port = free_port()
    with broker_at(f"redis://127.0.0.1:{port}/0"):
        run = services.request_census(by=qa_manager, reference_date=D(2026, 3, 31))
    run.refresh_from_db()
    assert run.waiting_for_the_scheduler

    CensusRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=2)
    )  # the beat's next run, a few minutes later
    with second_redis(port) as url, worker_on(url):
        current_app.tasks[REQUEUE].delay()  # as beat sends it
        wait_for(
            lambda: CensusRun.objects.get(pk=run.pk).status != CensusRunStatus.PREPARING,
            timeout=60,
        )
    run.refresh_from_db()
    assert run.status == CensusRunStatus.READY and run.children == 3
    assert run.queued_at is not None and run.attempts == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_was_killed_mid_task_is_queued_again_and_completes(qa_manager, year):
    """The worker died after starting (its message lost with it): left "preparing" past the time
    limit, the beat queues it again and a live worker finishes it."""
    run = unfinished(qa_manager, services.CENSUS_TIME_LIMIT + datetime.timedelta(minutes=1))
    with second_redis(free_port()) as url, worker_on(url):
        current_app.tasks[REQUEUE].delay()
        wait_for(
            lambda: CensusRun.objects.get(pk=run.pk).status != CensusRunStatus.PREPARING,
            timeout=60,
        )
    run.refresh_from_db()
    assert run.status == CensusRunStatus.READY and run.children == 3 and run.attempts == 2
