import pytest

from tests.services import running_worker, wait_for
from timescales.models import SchedulerRun
from timescales.tasks import record_scheduler_heartbeat


@pytest.mark.django_db
def test_heartbeat_task_records_that_the_scheduler_ran():
    record_scheduler_heartbeat()
    assert SchedulerRun.objects.filter(task_name="record_scheduler_heartbeat").count() == 1


def test_beat_schedule_runs_the_heartbeat():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "timescales.tasks.record_scheduler_heartbeat" in tasks


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_the_heartbeat():
    with running_worker():
        record_scheduler_heartbeat.delay()
        wait_for(lambda: SchedulerRun.objects.exists())
    assert SchedulerRun.objects.filter(task_name="record_scheduler_heartbeat").count() == 1
