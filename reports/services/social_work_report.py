"""The social work report: the children's social worker (or their team) writes it and sends it
for sign-off; the team manager signs it off (meeting RCPC_REPORT_QA for a review) or returns it
for changes."""

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from conferences.models import Conference
from plans.models import PlanCategory
from timescales import services as timescale_services

from ..models import Recommendation, SocialWorkReport, SocialWorkReportStatus
from ..rules import is_childs_social_work_team
from ._common import (
    OPEN_FOR_REPORTS,
    ReportError,
    _locked_report,
    _require_team,
    _rules_for,
    _store,
)

SW_TEXT_FIELDS = (
    "worries",
    "complicating_factors",
    "working_well",
    "danger_statements",
    "safety_goals",
    "scaling_reason",
    "recommendation_details",
)


def save_social_work_report(
    *,
    conference: Conference,
    by,
    genogram=None,
    chronology=None,
    scaling_score: int | None = None,
    recommendation: str = "",
    recommended_category: str = "",
    **text,
) -> SocialWorkReport:
    """Write or change the draft (or a report returned for changes). `text` takes the Signs of
    Safety fields (worries, complicating_factors, working_well, danger_statements, safety_goals,
    scaling_reason, recommendation_details); genogram and chronology are uploaded files. A
    recommended child protection plan records its category (issue 17 item 12)."""
    unknown = set(text) - set(SW_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown social work report fields: {', '.join(sorted(unknown))}")
    if scaling_score is not None and not 0 <= int(scaling_score) <= 10:
        raise ReportError("The scaling score must be between 0 and 10", field="scaling_score")
    if recommendation and recommendation not in Recommendation.values:
        raise ReportError("Select the social worker's recommendation", field="recommendation")
    recommended_category = _clean_recommended_category(recommendation, recommended_category)
    _require_team(by, conference, "write")
    now = timezone.now()
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.status not in OPEN_FOR_REPORTS:
            raise ReportError(
                f"This conference is {locked.get_status_display().lower()}: its report cannot "
                "be changed"
            )
        report = SocialWorkReport.objects.select_for_update().filter(conference=locked).first()
        if report is None:
            report = SocialWorkReport(conference=locked, author=by, created_at=now)
        elif not report.is_editable:
            raise ReportError(
                "The report has been sent for sign-off: ask the team manager to return it for "
                "changes"
                if report.status == SocialWorkReportStatus.AWAITING_SIGN_OFF
                else "The report has been signed off and cannot be changed"
            )
        for name in SW_TEXT_FIELDS:
            if name in text:
                setattr(report, name, (text[name] or "").strip())
        report.scaling_score = None if scaling_score is None else int(scaling_score)
        report.recommendation = recommendation or ""
        report.recommended_category = recommended_category
        if genogram is not None:
            report.genogram = _store(genogram, by, "genogram")
        if chronology is not None:
            report.chronology = _store(chronology, by, "chronology")
        report.updated_at = now
        report.save()
    return report


def _clean_recommended_category(recommendation: str, category: str) -> str:
    """The category goes with a recommended child protection plan, and only with one."""
    if recommendation != Recommendation.CHILD_PROTECTION_PLAN:
        return ""
    if category and category not in PlanCategory.values:
        raise ReportError(
            "Select the category of the plan you recommend", field="recommended_category"
        )
    return category or ""


def submit_for_sign_off(*, report: SocialWorkReport, by) -> SocialWorkReport:
    """The social worker sends the finished draft to the team manager for quality assurance."""
    _require_team(by, report.conference, "send")
    with transaction.atomic():
        locked = _locked_report(report)
        if not locked.is_editable:
            raise ReportError("The report has already been sent for sign-off")
        for field, message in (
            ("worries", "Enter what we are worried about"),
            ("working_well", "Enter what is working well"),
            ("recommendation", "Select the social worker's recommendation"),
        ):
            if not getattr(locked, field):
                raise ReportError(f"{message} before sending the report for sign-off", field=field)
        if (
            locked.recommendation == Recommendation.CHILD_PROTECTION_PLAN
            and not locked.recommended_category
        ):
            raise ReportError(
                "Select the category of the plan you recommend before sending the report for "
                "sign-off",
                field="recommended_category",
            )
        locked.status = SocialWorkReportStatus.AWAITING_SIGN_OFF
        locked.submitted_at, locked.submitted_by = timezone.now(), by
        locked.save()
    return locked


def _require_manager(by, report, action: str) -> None:
    if not by.has_role(RoleCode.TEAM_MANAGER):
        raise ReportError(f"Only a team manager can {action} the social work report")
    if not is_childs_social_work_team(by, report.conference):
        raise ReportError(
            f"Only the social worker's own team manager can {action} the social work report"
        )


def sign_off_report(*, report: SocialWorkReport, by) -> SocialWorkReport:
    """The team manager quality assures and signs off the report (meets RCPC_REPORT_QA for a
    review). Only then may it be shared with the parents and sent to the chair."""
    _require_manager(by, report, "sign off")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_report(report)
        if locked.status != SocialWorkReportStatus.AWAITING_SIGN_OFF:
            raise ReportError("Only a report sent for sign-off can be signed off")
        if locked.author_id == by.pk:
            raise ReportError("A manager other than the report's author must sign it off")
        locked.status = SocialWorkReportStatus.SIGNED_OFF
        locked.signed_off_at, locked.signed_off_by = now, by
        locked.save()
        rules = _rules_for(locked.conference)
        if "sign_off" in rules:
            timescale_services.meet_deadline(
                rule=rules["sign_off"], subject=locked.conference, met_on=now
            )
    return locked


def return_report(*, report: SocialWorkReport, by, reason: str) -> SocialWorkReport:
    """The team manager returns the report to the social worker, saying what must change."""
    _require_manager(by, report, "return")
    if not (reason or "").strip():
        raise ReportError("Enter what needs to change in the report", field="reason")
    with transaction.atomic():
        locked = _locked_report(report)
        if locked.status != SocialWorkReportStatus.AWAITING_SIGN_OFF:
            raise ReportError("Only a report sent for sign-off can be returned")
        locked.status = SocialWorkReportStatus.RETURNED
        locked.returned_at, locked.returned_by = timezone.now(), by
        locked.return_reason = reason.strip()
        locked.save()
    return locked
