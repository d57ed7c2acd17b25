"""After sign-off: the social work report is shared with the parents (or the reason it was not
is recorded) and sent to the chair; the chair marks the reports read."""

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from timescales import services as timescale_services

from ..models import SocialWorkReport
from ..rules import is_childs_social_work_team
from ._common import ReportError, _locked_report, _require_team, _rules_for


def record_sharing_with_parents(
    *, report: SocialWorkReport, by, parents_views: str = "", not_shared_reason: str = ""
) -> SocialWorkReport:
    """Record that the signed-off report was shared with the parents, with their views (meets
    SW_REPORT_PARENTS or RCPC_REPORT_PARENTS), or the reason it was not shared (the timescale
    then does not apply, and says why)."""
    parents_views, not_shared_reason = (
        (parents_views or "").strip(),
        (not_shared_reason or "").strip(),
    )
    if not (parents_views or not_shared_reason):
        raise ReportError(
            "Enter the parents' views on the report, or why it was not shared with them",
            field="parents_views",
        )
    if parents_views and not_shared_reason:
        raise ReportError(
            "Enter either the parents' views or why the report was not shared, not both",
            field="not_shared_reason",
        )
    if not (
        is_childs_social_work_team(by, report.conference)
        or by.has_role(RoleCode.CONFERENCE_COORDINATOR)
    ):
        raise ReportError("Only the children's social worker or their team can record this")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if not locked.is_signed_off:
            raise ReportError(
                "The team manager must sign off the report before it is shared with the parents"
            )
        locked.parents_sharing_recorded_at, locked.parents_sharing_recorded_by = now, by
        if parents_views:
            locked.shared_with_parents_at = locked.shared_with_parents_at or now
            locked.parents_views, locked.not_shared_reason = parents_views, ""
        else:
            locked.shared_with_parents_at = None
            locked.parents_views, locked.not_shared_reason = "", not_shared_reason
        locked.save()
        rule = _rules_for(locked.conference)["parents"]
        if parents_views:
            timescale_services.meet_deadline(
                rule=rule, subject=locked.conference, met_on=locked.shared_with_parents_at
            )
        else:
            timescale_services.withdraw_deadline(
                rule=rule,
                subject=locked.conference,
                reason=f"Not shared with the parents: {not_shared_reason}",
                by=by,
            )
    return locked


def send_to_chair(*, report: SocialWorkReport, by) -> SocialWorkReport:
    """Send the signed-off report to the conference chair (meets SW_REPORT_CHAIR or
    RCPC_REPORT_CHAIR)."""
    _require_team(by, report.conference, "send")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if not locked.is_signed_off:
            raise ReportError(
                "The team manager must sign off the report before it is sent to the chair"
            )
        if locked.sent_to_chair_at:
            raise ReportError("The report has already been sent to the chair")
        locked.sent_to_chair_at, locked.sent_to_chair_by = now, by
        locked.save()
        timescale_services.meet_deadline(
            rule=_rules_for(locked.conference)["chair"], subject=locked.conference, met_on=now
        )
    return locked


def mark_report_read(*, report, by):
    """The conference's chair has read the report (the social work report once it has been sent
    to them; an agency report once submitted). Reading again changes nothing."""
    conference = report.conference
    if conference.chair_id != by.pk:
        raise ReportError("Only the conference's chair can mark a report as read")
    model = type(report)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=report.pk)
        if isinstance(locked, SocialWorkReport) and not locked.sent_to_chair_at:
            raise ReportError("The social work report has not been sent to you yet")
        if locked.read_by_chair_at is None:
            locked.read_by_chair_at, locked.read_by_chair = timezone.now(), by
            locked.save()
    return locked
