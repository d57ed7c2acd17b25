"""The census is prepared in the background (ADR 35): asking records who asked, a Celery task
builds and checks it once, a failure is shown rather than left waiting, and a real worker on
Redis does the work."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from returns import services
from returns.models import CensusRun, CensusRunStatus
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.services import running_worker, wait_for

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def run(qa_manager):
    """A run the broker took (queued), not yet prepared."""
    return CensusRun.objects.create(
        reference_date=D(2026, 3, 31), requested_by=qa_manager, queued_at=timezone.now()
    )


def test_asking_records_who_asked_and_sends_the_task_once_saved(
    qa_manager, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "returns.tasks.prepare_census_run.apply_async",
        lambda args=(), **options: sent.append(*args),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.request_census(by=qa_manager, reference_date=D(2026, 3, 31))
        assert sent == []  # not before the run is saved for the worker to find
    for callback in callbacks:
        callback()
    assert sent == [run.pk]
    assert run.status == CensusRunStatus.PREPARING
    assert run.history.get().history_change_reason == "Census asked for"


def test_only_the_qa_manager_may_ask(db):
    with pytest.raises(services.ReturnsError):
        services.request_census(
            by=UserFactory(roles=[RoleCode.SOCIAL_WORKER]), reference_date=D(2026, 3, 31)
        )
    assert not CensusRun.objects.exists()


def test_the_task_prepares_the_census_once_and_keeps_the_file_in_private_storage(run, year):
    prepared = services.prepare_census(run.pk)
    assert prepared.status == CensusRunStatus.READY
    assert prepared.children == 3 and prepared.schema_errors == [] and prepared.problems == []
    with prepared.file.open("rb") as stored:
        assert b"<Message" in stored.read()
    finished = prepared.finished_at
    again = services.prepare_census(run.pk)  # a task delivered twice
    assert again.finished_at == finished
    reasons = [h.history_change_reason for h in run.history.order_by("history_date")]
    assert reasons == [None, "Census prepared"]  # made directly here, so without a reason


def test_a_failure_is_recorded_and_shown_not_left_waiting(client, run, qa_manager, monkeypatch):
    def broken(reference_date):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("returns.services.build_census", broken)
    assert services.prepare_census(run.pk).status == CensusRunStatus.FAILED
    login(client, qa_manager)
    page = client.get(f"/returns/census/{run.pk}/").content.decode()
    assert "The census could not be prepared" in page
    assert "the database went away" not in page  # the detail is in the log, not on the page
    assert client.get(f"/returns/census/{run.pk}/cin-census.xml").status_code == 404


def test_while_it_is_prepared_the_page_says_so_and_there_is_nothing_to_download(
    client, run, qa_manager
):
    login(client, qa_manager)
    page = client.get(f"/returns/census/{run.pk}/").content.decode()
    assert "The census is being prepared" in page
    assert "Download the census" not in page
    assert client.get(f"/returns/census/{run.pk}/cin-census.xml").status_code == 404


def test_a_year_with_no_work_has_nothing_to_return(client, run, qa_manager):
    assert services.prepare_census(run.pk).children == 0
    login(client, qa_manager)
    page = client.get(f"/returns/census/{run.pk}/").content.decode()
    assert "there is nothing to return" in page
    assert client.get(f"/returns/census/{run.pk}/cin-census.xml").status_code == 404


def test_many_problems_show_as_counts_by_rule_and_the_first_fifty_with_all_in_a_csv(
    client, qa_manager
):
    """A regional authority's generated year broke rules for 10,000 children: the page stays
    short, the spreadsheet has every one."""
    problems = [
        {"rule": "8935" if n % 3 else "2885", "la_child_id": f"CH{n:04}", "message": "Wrong"}
        for n in range(120)
    ]
    run = CensusRun.objects.create(
        reference_date=D(2026, 3, 31),
        requested_by=qa_manager,
        status=CensusRunStatus.READY,
        period_start=D(2025, 4, 1),
        children=120,
        problems=problems,
        notes=[f"CH{n:04}: no date of referral recorded" for n in range(12)],
    )
    login(client, qa_manager)
    response = client.get(f"/returns/census/{run.pk}/")
    assert response.context["by_rule"] == [
        {"rule": "8935", "count": 80},
        {"rule": "2885", "count": 40},
    ]
    page = response.content.decode()
    assert "the first 50 of 120" in page
    assert "CH0049" in page and "CH0050" not in page
    assert "Notes: the first 10 of 12" in page and "CH0011: no date" not in page
    assert "Download all the problems and notes as a spreadsheet (CSV)" in page
    rows = client.get(f"/returns/census/{run.pk}/problems.csv").content.decode("utf-8-sig")
    assert rows.splitlines()[0] == "Kind,Rule,Child,What"
    assert len(rows.splitlines()) == 1 + 120 + 12
    assert "Problem,8935,CH0119,Wrong" in rows and "Note,,,CH0011: no date" in rows


def test_an_unknown_run_is_not_found(client, qa_manager):
    login(client, qa_manager)
    assert client.get("/returns/census/999999/").status_code == 404


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_prepares_the_census(qa_manager, year):
    with running_worker():
        run = services.request_census(by=qa_manager, reference_date=D(2026, 3, 31))
        wait_for(
            lambda: CensusRun.objects.get(pk=run.pk).status != CensusRunStatus.PREPARING,
            timeout=60,
        )
    run.refresh_from_db()
    assert run.status == CensusRunStatus.READY and run.children == 3
