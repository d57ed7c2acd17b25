"""core.background: queueing work never fails the action that asked for it (issue 20)."""

import pytest
from celery import current_app

from core.background import enqueue, enqueue_on_commit
from tests.faults import broker_at, free_port

TASK = "returns.tasks.requeue_census_runs"


@pytest.fixture
def broker_down():
    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):
        yield


@pytest.mark.django_db
def test_with_the_broker_down_nothing_is_raised_and_on_queued_is_not_called(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    queued = []
    assert enqueue(TASK) is False
    assert enqueue("an.app.tasks.not_imported_here", 1) is False  # sent by name: same answer
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(TASK, on_queued=lambda: queued.append(True))
    assert queued == []
    assert caplog.text.count("Could not queue") == 3


@pytest.mark.django_db
def test_sent_only_once_the_transaction_commits_then_on_queued(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent, queued = [], []
    monkeypatch.setattr(
        current_app.tasks[TASK], "apply_async", lambda args=(), **options: sent.append(tuple(args))
    )
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(TASK, 7, 8, on_queued=lambda: queued.append(True))
    assert sent == [] and queued == []
    for callback in callbacks:
        callback()
    assert sent == [(7, 8)] and queued == [True]
