"""Business actions on the returns: asking for a census, and preparing it (in a Celery task)."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.background import TRANSIENT_ERRORS, enqueue_on_commit
from core.errors import DomainError

from .census import build_census
from .models import CensusRun, CensusRunStatus
from .validation import validate_census
from .xml import census_xml, schema_errors

logger = logging.getLogger(__name__)


# The task is looked up by name, not imported: `returns.tasks` calls this module's
# `prepare_census`, and the dependency runs one way (tasks call services).
PREPARE_CENSUS_RUN = "returns.tasks.prepare_census_run"

# A worker that has not finished a census in this time is dead (the task's hard time limit kills
# it then): the beat task queues the run again. A run never queued (the broker was down) is
# queued again once it is this old, so a request's own on-commit send is not doubled.
CENSUS_TIME_LIMIT = datetime.timedelta(minutes=15)
NOT_QUEUED_GRACE = datetime.timedelta(minutes=1)
# A census that has killed its worker this many times is recorded as failed, not retried forever.
CENSUS_ATTEMPTS = 3


class ReturnsError(DomainError):
    """A request the service refuses, in words for the person who made it."""


def request_census(*, by, reference_date: datetime.date) -> CensusRun:
    """Record who asked for which census, and prepare it in the background once that is saved."""
    if not by.has_perm("returns.download_returns"):
        raise ReturnsError("Only the quality assurance manager prepares the statutory returns")
    with transaction.atomic():
        run = CensusRun(reference_date=reference_date, requested_by=by)
        run._change_reason = "Census asked for"
        run.save()
        _queue(run)
    return run


def _queue(run: CensusRun) -> None:
    """Ask the worker to prepare it once saved; if the broker is down the run waits, recorded,
    for requeue_census_runs (the page says it is waiting for the scheduler)."""

    def queued():
        CensusRun.objects.filter(pk=run.pk).update(queued_at=timezone.now())

    enqueue_on_commit(PREPARE_CENSUS_RUN, run.pk, on_queued=queued)


def requeue_census_runs(now: datetime.datetime | None = None) -> int:
    """The beat task's sweep: queue again every run recorded but never queued, or queued or
    started but not finished within the time limit (its worker died). Preparing is idempotent,
    so a run queued twice is still prepared once. Returns how many were queued."""
    now = now or timezone.now()
    stale = now - CENSUS_TIME_LIMIT
    stuck = CensusRun.objects.filter(status=CensusRunStatus.PREPARING).filter(
        Q(queued_at__isnull=True, requested_at__lte=now - NOT_QUEUED_GRACE)
        | Q(started_at__isnull=True, queued_at__lte=stale)
        | Q(started_at__lte=stale)
    )
    queued = 0
    for run in stuck.order_by("pk"):
        if run.attempts >= CENSUS_ATTEMPTS:
            _give_up(run.pk)
            continue
        logger.warning("Census run %s was not finished: queueing it again", run.pk)
        _queue(run)
        queued += 1
    return queued


def _give_up(run_id: int) -> None:
    with transaction.atomic():
        run = CensusRun.objects.select_for_update().get(pk=run_id)
        if run.status != CensusRunStatus.PREPARING:
            return
        logger.error(
            "Census run %s stopped its worker %s times: recorded as failed", run_id, run.attempts
        )
        run.status = CensusRunStatus.FAILED
        run.failure = f"The worker stopped {run.attempts} times while preparing it"
        run.finished_at = timezone.now()
        run._change_reason = "Census failed"
        run.save()


def prepare_census(run_id: int) -> CensusRun:
    """Build the census, check it against the schema and the DfE rules, and keep the file.
    A failure is recorded on the run (and logged) rather than left as "being prepared"; a
    transient one (the database restarting) is raised, for the task to retry with back-off.

    Idempotent: a finished run is left alone, and two workers on one run (a task delivered twice,
    or requeued while a slow worker went on) take the row lock in turn to record the result, so
    the second finds it finished and records nothing."""
    with transaction.atomic():
        run = CensusRun.objects.select_for_update().get(pk=run_id)
        if run.status != CensusRunStatus.PREPARING:
            return run  # already done: a task delivered twice does the work once
        CensusRun.objects.filter(pk=run_id).update(
            started_at=timezone.now(), attempts=run.attempts + 1
        )
    document = b""
    try:
        census = build_census(run.reference_date)
        document = census_xml(census) if census.children else b""
        fields = {
            "status": CensusRunStatus.READY,
            "period_start": census.period_start,
            "children": len(census.children),
            "schema_errors": schema_errors(document) if document else [],
            "problems": [
                {"rule": p.rule, "la_child_id": p.la_child_id, "message": p.message}
                for p in validate_census(census)
            ],
            "notes": list(census.notes),
        }
    except TRANSIENT_ERRORS:
        raise  # the task retries; the run stays "being prepared" until it does
    except Exception as error:  # noqa: BLE001 - recorded on the run for the person waiting
        logger.exception("Preparing census run %s failed", run_id)
        fields = {"status": CensusRunStatus.FAILED, "failure": str(error)[:1000]}
    with transaction.atomic():
        run = CensusRun.objects.select_for_update().get(pk=run_id)
        if run.status != CensusRunStatus.PREPARING:
            return run
        for name, value in fields.items():
            setattr(run, name, value)
        if run.status == CensusRunStatus.READY and document:
            run.file.save(run.filename, ContentFile(document), save=False)
        run.finished_at = timezone.now()
        ready = run.status == CensusRunStatus.READY
        run._change_reason = "Census prepared" if ready else "Census failed"
        run.save()
    return run
