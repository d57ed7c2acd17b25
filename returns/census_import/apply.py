"""Bringing a CIN census return into the service (issue 23, ADR 66).

`import_census(content=..., by=..., dry_run=...)` reads the return, checks each child, and writes
each child inside its own savepoint: a child is brought in whole or refused whole, with the
reasons in plain English. A dry run does exactly the same work and then rolls it all back, so its
report is what confirming will do (the upload is stored: `check_upload` and `confirm_import`).
"""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from conferences.models import ConferenceKind
from core.errors import DomainError
from returns.census import collection_year

from .models import CensusImport, CensusImportStatus
from .parse import CensusFileError, parse_return
from .plan import ChildImport, child_label, plan_child
from .protection_plans import write_plan
from .report import ImportReport
from .writes import (
    Changes,
    write_assessment,
    write_child,
    write_cin_plan,
    write_conference,
    write_section47,
)


def _reference_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CensusFileError(
            f"The return's reference date (ReferenceDate) '{text}' is not a date, so the "
            "collection year is not known."
        ) from error


def _write_child(planned: ChildImport, *, period_start, by) -> Changes:
    changes = Changes()
    child = write_child(planned, by=by, changes=changes)
    s47_days = set()
    for s47 in sorted(planned.section47s, key=lambda s: s.start):
        write_section47(child, s47, period_start=period_start, by=by, changes=changes)
        if s47.icpc_date:
            s47_days.add(s47.icpc_date)
    for day in planned.initial_conference_days:
        if day not in s47_days:
            write_conference(child, day, kind=ConferenceKind.INITIAL, by=by, changes=changes)
    for plan in sorted(planned.plans, key=lambda p: p.start):
        write_plan(child, plan, by=by, changes=changes)
    for cin in sorted(planned.cin_plans, key=lambda p: p.start):
        write_cin_plan(child, cin, by=by, changes=changes)
    for assessment in planned.assessments:
        write_assessment(child, assessment, by=by, changes=changes)
    return changes


def _refusal(error: Exception) -> str:
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return (
        "The service could not hold the child's records as the return gives them (they break "
        "one of its own rules, for example two plans or enquiries open at once)."
    )


def import_census(*, content: bytes, by, dry_run: bool) -> dict:
    """The report of bringing the return in (or, with dry_run, of what would be brought in)."""
    raw = parse_return(content)
    reference_date = _reference_date(raw.reference_date)
    period_start, _ = collection_year(reference_date)
    report = ImportReport(reference_date=reference_date, dry_run=dry_run)
    counts = Counter(child.la_child_id for child in raw.children if child.la_child_id)
    with transaction.atomic():
        for raw_child in raw.children:
            label = child_label(raw_child)
            if counts.get(raw_child.la_child_id, 0) > 1:
                report.refuse(
                    label,
                    [f"The child ID '{raw_child.la_child_id}' appears more than once in the file."],
                )
                continue
            planned = plan_child(raw_child, reference_date)
            if isinstance(planned, list):
                report.refuse(label, planned)
                continue
            try:
                with transaction.atomic():
                    changes = _write_child(planned, period_start=period_start, by=by)
            except (DomainError, ValidationError, DatabaseError) as error:
                report.refuse(label, [_refusal(error)])
            else:
                report.record(label, changes)
        if dry_run:
            transaction.set_rollback(True)
    return report.as_dict()


def check_upload(*, filename: str, content: bytes, by) -> CensusImport:
    """Store the upload and its dry run; a file that cannot be read is stored as refused."""
    upload = CensusImport(filename=filename[:200], uploaded_by=by)
    try:
        upload.content = content.decode("utf-8")
        report = import_census(content=content, by=by, dry_run=True)
    except UnicodeDecodeError:
        upload.content = ""
        upload.status = CensusImportStatus.REFUSED
        upload.dry_run_report = ImportReport.refused_file(
            "The file is not text in UTF-8, so it cannot be a CIN census return."
        )
    except CensusFileError as error:
        upload.status = CensusImportStatus.REFUSED
        upload.dry_run_report = ImportReport.refused_file(str(error))
    else:
        upload.reference_date = datetime.date.fromisoformat(report["reference_date"])
        upload.dry_run_report = report
    upload._history_user = by
    upload.save()
    return upload


class CensusImportError(DomainError):
    pass


def confirm_import(*, upload: CensusImport, by) -> CensusImport:
    """Bring in the very file that was checked, once."""
    with transaction.atomic():
        locked = CensusImport.objects.select_for_update().get(pk=upload.pk)
        if locked.status != CensusImportStatus.CHECKED:
            raise CensusImportError("This return has already been brought in, or was refused.")
        locked.report = import_census(content=locked.content.encode("utf-8"), by=by, dry_run=False)
        locked.status = CensusImportStatus.APPLIED
        locked.applied_by = by
        locked.applied_at = timezone.now()
        locked._history_user = by
        locked.save()
    return locked
