"""Business actions on reports to conference. Keyword-only arguments, one transaction each, and
a ReportError with a plain-English message (and the form field it belongs to) when a rule
forbids the action.

Deadlines (timescales): SW_REPORT_PARENTS and SW_REPORT_CHAIR for an initial conference, the
RCPC_REPORT_QA/PARENTS/CHAIR three for a review, and AGENCY_REPORT for each invited
professional. They count back from the conference's start; the sweep breaches a missed one and
raises its one Quality Assurance notification to the responsible person's line management.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import AgencyKind, RoleCode
from children.models import ProfessionalRole
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
    InviteeKind,
)

from . import uploads
from .models import (
    AgencyReport,
    Recommendation,
    SocialWorkReport,
    SocialWorkReportStatus,
)
from .rules import is_childs_social_work_team


class ReportError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
# Conferences a report may still be written, changed or submitted for.
OPEN_FOR_REPORTS = (ConferenceStatus.ALLOCATED, ConferenceStatus.BOOKED, ConferenceStatus.POSTPONED)


def _rules_for(conference) -> dict:
    """The deadline rules of the conference's kind, by what meets them."""
    from timescales.models import RuleCode

    if conference.kind in REVIEW_KINDS:
        return {
            "sign_off": RuleCode.RCPC_REPORT_QA,
            "parents": RuleCode.RCPC_REPORT_PARENTS,
            "chair": RuleCode.RCPC_REPORT_CHAIR,
        }
    return {"parents": RuleCode.SW_REPORT_PARENTS, "chair": RuleCode.SW_REPORT_CHAIR}


def _children(conference) -> list:
    return [
        link.child
        for link in conference.conference_children.select_related(
            "child", "child__lead_social_worker"
        ).order_by("child__date_of_birth", "pk")
    ]


def _lead_social_worker(conference, children):
    lead = next((c.lead_social_worker for c in children if c.lead_social_worker_id), None)
    if lead is None and conference.request_id:
        lead = conference.request.requested_by
    return lead


def default_may_share_with_family(invitation) -> bool:
    """Police reports are not shared with the family unless the author chooses to; others are."""
    involvement = invitation.involvement
    if involvement is not None and involvement.role == ProfessionalRole.POLICE:
        return False
    agency = invitation.agency or (involvement.agency if involvement else None)
    return not (agency is not None and agency.kind == AgencyKind.POLICE)


# Deadlines --------------------------------------------------------------------------------------


def open_report_deadlines(*, conference: Conference, by) -> list:
    """Open (or, when the conference's time changed, move) the report deadlines of a booked
    conference. Idempotent: called from booking and from sending invitations, any number of
    times. A deadline already met or closed is left alone, never opened again. An invitation
    no longer active has its AGENCY_REPORT withdrawn. Returns the live deadlines."""
    from timescales import services as timescale_services
    from timescales.models import LIVE_STATUSES, Deadline, DeadlineStatus, RuleCode

    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.status != ConferenceStatus.BOOKED or locked.starts_at is None:
            return []
        children = _children(locked)
        lead = _lead_social_worker(locked, children)
        first_child = children[0] if children else None
        invitations = list(
            Invitation.objects.filter(conference=locked, kind=InviteeKind.PROFESSIONAL)
            .select_related("user", "agency", "involvement", "involvement__agency")
            .order_by("pk")
        )
        conference_type = ContentType.objects.get_for_model(Conference)
        invitation_type = ContentType.objects.get_for_model(Invitation)
        existing: dict[tuple, Deadline] = {}
        # The newest deadline of each rule and subject: live, or closed (met, withdrawn).
        for deadline in Deadline.objects.filter(
            subject_type=conference_type, subject_id=locked.pk
        ).order_by("pk"):
            existing[(deadline.rule, "conference", deadline.subject_id)] = deadline
        for deadline in Deadline.objects.filter(
            rule=RuleCode.AGENCY_REPORT,
            subject_type=invitation_type,
            subject_id__in=[i.pk for i in invitations],
        ).order_by("pk"):
            existing[(deadline.rule, "invitation", deadline.subject_id)] = deadline

        def open_or_move(rule, subject, key, **people):
            deadline = existing.get(key)
            if deadline is None:
                return timescale_services.open_deadline(
                    rule=rule, subject=subject, start=locked.starts_at, **people
                )
            if deadline.status == DeadlineStatus.OPEN and deadline.starts_at != locked.starts_at:
                return timescale_services.move_deadline(
                    rule=rule,
                    subject=subject,
                    start=locked.starts_at,
                    reason="Conference re-booked",
                )
            return deadline

        result = []
        for rule in _rules_for(locked).values():
            result.append(
                open_or_move(
                    rule,
                    locked,
                    (rule, "conference", locked.pk),
                    responsible=lead,
                    child=first_child,
                    chair=locked.chair,
                )
            )
        for invitation in invitations:
            key = (RuleCode.AGENCY_REPORT, "invitation", invitation.pk)
            if not invitation.is_active:
                deadline = existing.get(key)
                if deadline is not None and deadline.status in LIVE_STATUSES:
                    timescale_services.withdraw_deadline(
                        rule=RuleCode.AGENCY_REPORT,
                        subject=invitation,
                        reason="Taken off the invite list",
                        by=by,
                    )
                continue
            involvement = invitation.involvement
            result.append(
                open_or_move(
                    RuleCode.AGENCY_REPORT,
                    invitation,
                    key,
                    responsible=invitation.user,
                    child=involvement.child if involvement else first_child,
                    chair=locked.chair,
                    agency=invitation.agency
                    or (involvement.agency if involvement else None)
                    or (invitation.user.agency if invitation.user else None),
                )
            )
        # Anything already done before its deadline was opened counts as done.
        report = SocialWorkReport.objects.filter(conference=locked).first()
        rules = _rules_for(locked)
        if report is not None:
            if "sign_off" in rules and report.signed_off_at:
                timescale_services.meet_deadline(
                    rule=rules["sign_off"], subject=locked, met_on=report.signed_off_at
                )
            if report.shared_with_parents_at:
                timescale_services.meet_deadline(
                    rule=rules["parents"], subject=locked, met_on=report.shared_with_parents_at
                )
            if report.sent_to_chair_at:
                timescale_services.meet_deadline(
                    rule=rules["chair"], subject=locked, met_on=report.sent_to_chair_at
                )
        for agency_report in AgencyReport.objects.filter(conference=locked):
            timescale_services.meet_deadline(
                rule=RuleCode.AGENCY_REPORT,
                subject=agency_report.invitation,
                met_on=agency_report.submitted_at,
            )
    return [d for d in result if d is not None and d.status in LIVE_STATUSES]


def close_report_deadlines(*, conference: Conference, reason: str, by) -> int:
    """A cancelled conference will not happen: its reports are no longer due. Only open
    deadlines close (as not applicable, with the reason); a breach already recorded stands."""
    from timescales.models import Deadline, DeadlineStatus, RuleCode

    rules = set(_rules_for(conference).values()) | {RuleCode.AGENCY_REPORT}
    subjects = Q(
        subject_type=ContentType.objects.get_for_model(Conference), subject_id=conference.pk
    ) | Q(
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id__in=Invitation.objects.filter(conference=conference).values("pk"),
    )
    closed = 0
    with transaction.atomic():
        for deadline in Deadline.objects.select_for_update().filter(
            subjects, rule__in=rules, status=DeadlineStatus.OPEN
        ):
            deadline.status = DeadlineStatus.NOT_APPLICABLE
            deadline.not_applicable_reason = reason
            deadline._history_user = by
            deadline.save()
            closed += 1
    return closed


# The social work report -------------------------------------------------------------------------

SW_TEXT_FIELDS = (
    "worries",
    "complicating_factors",
    "working_well",
    "danger_statements",
    "safety_goals",
    "scaling_reason",
    "recommendation_details",
)


def _require_team(by, conference, action: str) -> None:
    if not is_childs_social_work_team(by, conference):
        raise ReportError(
            f"Only the children's social worker or their team can {action} the social work report"
        )


def _store(upload, by, field: str):
    try:
        return uploads.store_document(upload=upload, by=by)
    except ValidationError as error:
        raise ReportError(error.messages[0], field=field) from error


def save_social_work_report(
    *,
    conference: Conference,
    by,
    genogram=None,
    chronology=None,
    scaling_score: int | None = None,
    recommendation: str = "",
    **text,
) -> SocialWorkReport:
    """Write or change the draft (or a report returned for changes). `text` takes the Signs of
    Safety fields (worries, complicating_factors, working_well, danger_statements, safety_goals,
    scaling_reason, recommendation_details); genogram and chronology are uploaded files."""
    unknown = set(text) - set(SW_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown social work report fields: {', '.join(sorted(unknown))}")
    if scaling_score is not None and not 0 <= int(scaling_score) <= 10:
        raise ReportError("The scaling score must be between 0 and 10", field="scaling_score")
    if recommendation and recommendation not in Recommendation.values:
        raise ReportError("Select the social worker's recommendation", field="recommendation")
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
        if genogram is not None:
            report.genogram = _store(genogram, by, "genogram")
        if chronology is not None:
            report.chronology = _store(chronology, by, "chronology")
        report.updated_at = now
        report.save()
    return report


def _locked_report(report) -> SocialWorkReport:
    return (
        SocialWorkReport.objects.select_for_update(of=("self",))
        .select_related("conference")
        .get(pk=report.pk)
    )


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
    from timescales import services as timescale_services

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


def record_sharing_with_parents(
    *, report: SocialWorkReport, by, parents_views: str = "", not_shared_reason: str = ""
) -> SocialWorkReport:
    """Record that the signed-off report was shared with the parents, with their views (meets
    SW_REPORT_PARENTS or RCPC_REPORT_PARENTS), or the reason it was not shared (the timescale
    then does not apply, and says why)."""
    from timescales import services as timescale_services

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
    from timescales import services as timescale_services

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


# Agency reports ---------------------------------------------------------------------------------

AGENCY_TEXT_FIELDS = (
    "involvement",
    "worries",
    "working_well",
    "significant_events",
    "recommendation",
)


def submit_agency_report(
    *, invitation: Invitation, by, may_share_with_family, document=None, **structured
) -> AgencyReport:
    """An invited professional submits their agency's report (or the coordinator does, for a
    professional who does not sign in): an uploaded document, or at least the agency's
    involvement and its worries. The author must say whether the family may see it. Meets
    AGENCY_REPORT; a report after its due date meets it late. Submitting again replaces the
    report, and the chair is asked to read it again."""
    from timescales import services as timescale_services
    from timescales.models import DeadlineStatus, RuleCode

    unknown = set(structured) - set(AGENCY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agency report fields: {', '.join(sorted(unknown))}")
    if not by.has_perm("reports.submit_agency_report", invitation):
        raise ReportError("Only the invited professional can submit this report")
    if may_share_with_family not in (True, False):
        raise ReportError(
            "Select whether this report may be shared with the family",
            field="may_share_with_family",
        )
    text = {name: (structured.get(name) or "").strip() for name in AGENCY_TEXT_FIELDS}
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("conference", "agency", "involvement", "involvement__agency", "user")
            .get(pk=invitation.pk)
        )
        if not (locked.is_active and locked.kind == InviteeKind.PROFESSIONAL):
            raise ReportError("This invitation has been withdrawn")
        if locked.conference.status not in OPEN_FOR_REPORTS:
            raise ReportError(
                f"This conference is {locked.conference.get_status_display().lower()}: reports "
                "can no longer be submitted"
            )
        report = AgencyReport.objects.select_for_update().filter(invitation=locked).first()
        stored = _store(document, by, "document") if document is not None else None
        has_document = stored is not None or (report is not None and report.document_id)
        if not has_document:
            if not text["involvement"]:
                raise ReportError(
                    "Enter the agency's involvement with the family, or upload the report",
                    field="involvement",
                )
            if not text["worries"]:
                raise ReportError(
                    "Enter what the agency is worried about, or upload the report", field="worries"
                )
        if report is None:
            report = AgencyReport(invitation=locked, conference=locked.conference, submitted_at=now)
        report.agency = (
            locked.agency
            or (locked.involvement.agency if locked.involvement_id else None)
            or (locked.user.agency if locked.user_id else None)
        )
        for name, value in text.items():
            setattr(report, name, value)
        if stored is not None:
            report.document = stored
        report.may_share_with_family = bool(may_share_with_family)
        report.submitted_by = by
        report.updated_at = now
        if report.read_by_chair_at:
            report.read_by_chair_at, report.read_by_chair = None, None
        deadline = timescale_services.meet_deadline(
            rule=RuleCode.AGENCY_REPORT, subject=locked, met_on=report.submitted_at
        )
        if deadline is not None:
            report.submitted_late = deadline.status == DeadlineStatus.MET_LATE
        report.save()
    return report


# The chair reads ---------------------------------------------------------------------------------


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
