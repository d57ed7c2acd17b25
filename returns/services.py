"""Business actions on the returns: asking for a census, and preparing it (in a Celery task)."""

import datetime
import logging

from celery import current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError

from .census import build_census
from .models import CensusRun, CensusRunStatus
from .validation import validate_census
from .xml import census_xml, schema_errors

logger = logging.getLogger(__name__)


# The task is looked up by name, not imported: `returns.tasks` calls this module's
# `prepare_census`, and the dependency runs one way (tasks call services).
PREPARE_CENSUS_RUN = "returns.tasks.prepare_census_run"


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
        transaction.on_commit(lambda: current_app.tasks[PREPARE_CENSUS_RUN].delay(run.pk))
    return run


def prepare_census(run_id: int) -> CensusRun:
    """Build the census, check it against the schema and the DfE rules, and keep the file.
    A failure is recorded on the run (and logged) rather than left as "being prepared"."""
    run = CensusRun.objects.get(pk=run_id)
    if run.status != CensusRunStatus.PREPARING:
        return run  # already done: a task delivered twice does the work once
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
