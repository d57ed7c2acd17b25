"""Reports shared with the family before the conference (issue 18 item 7; 000: "genuine attempts
will have been made to share these with family prior to Conference"; 003: "NO surprises for the
family or the Chair", and report sharing beforehand does not apply to the police).

- Every agency report says whether the family may see it; one the family may not see carries the
  reason (a police report's reason is given for the author unless they write their own).
- A report the family may see is shared with the parents before the conference: its author, the
  children's social work team or the conference service records when and how, or why it could
  not be shared. Submitting the report again means the parents see the new version: the sharing
  is recorded again (history keeps the earlier one).
- A signed-off social work report changed afterwards goes back to the team manager for sign-off:
  reopening it clears the sign-off, the sharing with the parents and the sending to the chair
  (history keeps them), and notes when the earlier version was shared, so the report is signed
  off, shared and sent again. The report deadlines already met stay met (the conference's
  readiness asks for the new sharing).

Keyword-only arguments, one transaction each, ReportError with a plain-English message.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from core.history import save_as

from .models import AgencyReport, ReportSharingMethod, SocialWorkReport, SocialWorkReportStatus
from .rules import is_childs_social_work_team
from .services import OPEN_FOR_REPORTS, ReportError, default_may_share_with_family

POLICE_NOT_SHARED_REASON = (
    "Police reports are not shared with the family before the conference. The chair shares "
    "what the family needs to know."
)


def not_shared_reason_for(*, invitation, may_share_with_family: bool, reason: str) -> str:
    """The reason a report is not for the family: the author's, or the police default. Empty
    when the report may be shared. Raises when the family may not see it and no reason is
    given."""
    reason = (reason or "").strip()
    if may_share_with_family:
        return ""
    if reason:
        return reason
    if not default_may_share_with_family(invitation):
        return POLICE_NOT_SHARED_REASON
    raise ReportError(
        "Enter why the family may not see this report, for example that it would put a child "
        "at risk",
        field="not_shared_reason",
    )


def may_record_agency_sharing(user, report: AgencyReport) -> bool:
    return bool(
        user.has_role(RoleCode.CONFERENCE_COORDINATOR)
        or report.invitation.user_id == user.pk
        or report.submitted_by_id == user.pk
        or is_childs_social_work_team(user, report.conference)
    )


def record_agency_report_sharing(
    *,
    report: AgencyReport,
    by,
    shared: bool,
    shared_on: datetime.date | None = None,
    how: str = "",
    not_shared_reason: str = "",
) -> AgencyReport:
    """Record that the report was shared with the parents (the day and how), or why it could not
    be. Only a report the family may see is shared; recording again corrects the record."""
    reason = (not_shared_reason or "").strip()
    if shared not in (True, False):
        raise ReportError(
            "Select whether the report has been shared with the parents", field="shared"
        )
    if shared:
        if not isinstance(shared_on, datetime.date):
            raise ReportError("Enter the date the report was shared", field="shared_on")
        if shared_on > timezone.localdate():
            raise ReportError("The date cannot be in the future", field="shared_on")
        if how not in ReportSharingMethod.values:
            raise ReportError("Select how the report was shared", field="how")
    elif not reason:
        raise ReportError(
            "Enter why the report was not shared with the parents", field="not_shared_reason"
        )
    if not may_record_agency_sharing(by, report):
        raise ReportError(
            "Only the report's author, the children's social work team or the conference service "
            "can record this"
        )
    with transaction.atomic():
        locked = (
            AgencyReport.objects.select_for_update(of=("self",))
            .select_related("conference", "invitation")
            .get(pk=report.pk)
        )
        if locked.conference.status not in OPEN_FOR_REPORTS:
            raise ReportError(
                f"This conference is {locked.conference.get_status_display().lower()}: the "
                "sharing of its reports can no longer be recorded"
            )
        if not locked.may_share_with_family:
            raise ReportError(
                "This report is not for the family: its author recorded why it is not shared"
            )
        if shared:
            locked.shared_with_parents_on, locked.shared_how = shared_on, how
            locked.not_shared_reason = ""
        else:
            locked.shared_with_parents_on, locked.shared_how = None, ""
            locked.not_shared_reason = reason
        locked.sharing_recorded_at, locked.sharing_recorded_by = timezone.now(), by
        save_as(locked, by=by)
    return locked


def clear_sharing(report: AgencyReport) -> None:
    """A report submitted again: the parents have not seen the new version (no save here)."""
    report.shared_with_parents_on, report.shared_how = None, ""
    report.sharing_recorded_at, report.sharing_recorded_by = None, None


# The social work report ------------------------------------------------------------------------


def reopen_social_work_report(*, report: SocialWorkReport, by, reason: str) -> SocialWorkReport:
    """The social worker changes a signed-off report: it goes back to a draft, to be signed off
    by the team manager again, then shared with the parents and sent to the chair again."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Enter what is changing in the report", field="reason")
    if not is_childs_social_work_team(by, report.conference):
        raise ReportError(
            "Only the children's social worker or their team can change the social work report"
        )
    now = timezone.now()
    with transaction.atomic():
        locked = (
            SocialWorkReport.objects.select_for_update(of=("self",))
            .select_related("conference")
            .get(pk=report.pk)
        )
        if locked.conference.status not in OPEN_FOR_REPORTS:
            raise ReportError(
                f"This conference is {locked.conference.get_status_display().lower()}: its "
                "report cannot be changed"
            )
        if locked.status != SocialWorkReportStatus.SIGNED_OFF:
            raise ReportError("Only a signed-off report is reopened: change the draft instead")
        if locked.shared_with_parents_at is not None:
            locked.previously_shared_at = locked.shared_with_parents_at
        locked.status = SocialWorkReportStatus.DRAFT
        locked.signed_off_at = locked.signed_off_by = None
        locked.shared_with_parents_at = None
        locked.parents_sharing_recorded_at = locked.parents_sharing_recorded_by = None
        locked.parents_views = locked.not_shared_reason = ""
        locked.sent_to_chair_at = locked.sent_to_chair_by = None
        locked.read_by_chair_at = locked.read_by_chair = None
        locked.reopened_at, locked.reopened_by, locked.reopen_reason = now, by, reason
        locked.updated_at = now
        save_as(locked, by=by)
    return locked
