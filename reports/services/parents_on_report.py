"""Issue 21 item 5: what each parent said about the social work report when it was shared with
them (004 social workers' item 3). Recorded by the children's social work team (the social
worker or their team manager) once the report has been shared; the chair sees them with the
report. Views are about the version shared: a report shared again asks for them again."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from core.history import save_as

from ..models import ParentViewOnReport, SocialWorkReport
from ..rules import is_childs_social_work_team
from ._common import ReportError


def parents_for_views(conference) -> list:
    """The family members on the conference's invite list (each with person_id and name)."""
    # Imported here: conferences.family_invitees reads plans, which reads reports.
    from conferences.family_invitees import family_invitees

    return family_invitees(conference)


def record_parents_views_on_report(
    *, report: SocialWorkReport, by, views: Mapping[int, str]
) -> list[ParentViewOnReport]:
    """Record what each parent said (keyed by person id). A parent left empty said nothing yet;
    views once recorded for this sharing are corrected, never emptied."""
    if not is_childs_social_work_team(by, report.conference):
        raise ReportError(
            "Only the children's social worker or their team manager can record the parents' "
            "views on the report"
        )
    invitees = {invitee.person_id: invitee for invitee in parents_for_views(report.conference)}
    given = {int(pk): (text or "").strip() for pk, text in views.items()}
    unknown = set(given) - set(invitees)
    if unknown:
        raise ReportError("Select a family member on the invite list")
    with transaction.atomic():
        locked = (
            SocialWorkReport.objects.select_for_update(of=("self",))
            .select_related("conference")
            .get(pk=report.pk)
        )
        if locked.shared_with_parents_at is None:
            raise ReportError(
                "Record that the report was shared with the parents before recording their views"
            )
        existing = {
            row.person_id: row
            for row in ParentViewOnReport.objects.select_for_update().filter(
                report=locked, shared_at=locked.shared_with_parents_at
            )
        }
        saved = []
        for person_id, text in given.items():
            row = existing.get(person_id)
            if not text:
                if row is not None:
                    raise ReportError(
                        f"Enter what {invitees[person_id].name} said about the report",
                        field=f"views_{person_id}",
                    )
                continue
            if row is None:
                row = ParentViewOnReport(
                    report=locked,
                    person_id=person_id,
                    shared_at=locked.shared_with_parents_at,
                    recorded_by=by,
                )
            row.views, row.recorded_by, row.recorded_at = text, by, timezone.now()
            save_as(row, by=by)
            saved.append(row)
        if not saved and not existing:
            raise ReportError("Enter what at least one parent said about the report")
    return saved
