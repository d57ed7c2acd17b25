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

from .. import minutes_draft, uploads
from ..models import (
    AgencyReport,
    Recommendation,
    SocialWorkReport,
    SocialWorkReportStatus,
)
from ..rules import is_childs_social_work_team


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
        # Never due before the day the conference was booked (ADR 45).
        from timescales.preparation import move_preparation_deadlines

        clamped = {d.pk: d for d in move_preparation_deadlines(conference=locked)}
        result = [clamped.get(d.pk, d) if d is not None else d for d in result]
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
    from plans.models import PlanCategory

    if recommendation != Recommendation.CHILD_PROTECTION_PLAN:
        return ""
    if category and category not in PlanCategory.values:
        raise ReportError(
            "Select the category of the plan you recommend", field="recommended_category"
        )
    return category or ""


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
    *,
    invitation: Invitation,
    by,
    may_share_with_family,
    not_shared_reason: str = "",
    document=None,
    **structured,
) -> AgencyReport:
    """An invited professional submits their agency's report (or the coordinator does, for a
    professional who does not sign in): an uploaded document, or at least the agency's
    involvement and its worries. The author must say whether the family may see it, and if not,
    why (a police report has a default reason: reports.sharing). Meets AGENCY_REPORT; a report
    after its due date meets it late. Submitting again replaces the report: the chair is asked to
    read it again and it is shared with the parents again. A draft saved for the invitation
    (reports.drafts) is closed, and its document is submitted when no other is uploaded."""
    from timescales import services as timescale_services
    from timescales.models import DeadlineStatus, RuleCode

    from .. import drafts, sharing

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
    reason = sharing.not_shared_reason_for(
        invitation=invitation,
        may_share_with_family=bool(may_share_with_family),
        reason=not_shared_reason,
    )
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
        draft = drafts.take_draft(locked)
        if stored is None and draft is not None and draft.document_id:
            stored = draft.document
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
        report.not_shared_reason = reason
        sharing.clear_sharing(report)  # the parents have not seen this version yet
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


# --- Minutes ---------------------------------------------------------------------------------------
# The minute taker (or the chair) starts the minutes from whatever the conference recorded, edits
# them section by section and sends them to the chair; the chair approves them or sends them back
# with a reason. The coordinator or the chair circulates approved minutes to everyone who attended
# with an active invitation: professionals get the full minutes by email (PDF attached); family
# members a family copy without the professionals-only sections, kept for posting or emailing.
# Circulating meets MINUTES (opened by start_minutes, counted from the conference). MINUTES_AMEND is
# a window, not a duty: each copy records amend_by (MINUTES_AMEND from when it was sent) and no
# deadline is opened for it, so a recipient with nothing to change is never "breached". Amendment
# requests after amend_by are refused; the chair accepts or rejects each one.

TO_BE_COMPLETED = minutes_draft.TO_BE_COMPLETED
MINUTES_HEADINGS = minutes_draft.MINUTES_HEADINGS
PROFESSIONAL_SLOT_HEADING = minutes_draft.PROFESSIONAL_SLOT_HEADING


class MinutesIncomplete(ReportError):
    """Sections still "To be completed": one error for each, on its text (the first also as the
    error's own field)."""

    def __init__(self, sections: list[tuple[int, str]]):
        self.problems = [
            (f"sections-{index}-text", minutes_draft.incomplete_message(heading))
            for index, heading in sections
        ]
        first_field, first_message = self.problems[0]
        if len(self.problems) > 1:
            first_message = (
                f"Complete the {len(self.problems)} sections that still say “{TO_BE_COMPLETED}”"
            )
        super().__init__(first_message, field=first_field)


def _require_complete(minutes) -> None:
    incomplete = minutes_draft.incomplete_sections(minutes.sections.order_by("position", "pk"))
    if incomplete:
        raise MinutesIncomplete(incomplete)


def _may_write_minutes(user, conference) -> bool:
    return user.pk is not None and user.pk in (conference.chair_id, conference.minute_taker_id)


def _locked_minutes(minutes):
    from ..models import ConferenceMinutes

    return (
        ConferenceMinutes.objects.select_for_update(of=("self",))
        .select_related("conference", "conference__chair", "conference__minute_taker")
        .get(pk=minutes.pk)
    )


def start_minutes(*, conference: Conference, by):
    """The minute taker or the chair starts the minutes of a conference that has started,
    pre-filled from its record. Starting again returns the minutes already there. Opens MINUTES
    (counted from the conference) if it is not open already."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    from ..models import ConferenceMinutes, MinutesSection

    if not _may_write_minutes(by, conference):
        raise ReportError("Only the conference's minute taker or chair can write the minutes")
    now = timezone.now()
    with transaction.atomic():
        locked = Conference.objects.select_for_update(of=("self",)).get(pk=conference.pk)
        existing = ConferenceMinutes.objects.filter(conference=locked).first()
        if existing is not None:
            return existing
        if locked.started_at is None or locked.status == ConferenceStatus.CANCELLED:
            raise ReportError("The minutes can be started once the conference has started")
        minutes = ConferenceMinutes.objects.create(
            conference=locked, drafted_by=by, created_at=now, updated_at=now, updated_by=by
        )
        for position, section in enumerate(minutes_draft.draft_sections(locked), start=1):
            MinutesSection.objects.create(minutes=minutes, position=position, **section)
        timescale_services.open_deadline(
            rule=RuleCode.MINUTES,
            subject=locked,
            start=locked.starts_at,
            responsible=locked.minute_taker,
            chair=locked.chair,
        )
    return minutes


def _clean_sections(sections) -> list[dict]:
    cleaned = []
    for number, section in enumerate(sections, start=1):
        heading = (section.get("heading") or "").strip()
        text = (section.get("text") or "").strip()
        if not heading and not text:
            continue  # an empty "add a section" row
        if not heading:
            raise ReportError(
                f"Enter a heading for section {number}", field=f"sections-{number - 1}-heading"
            )
        if len(heading) > 200:
            raise ReportError(
                f"The heading of section {number} must be 200 characters or fewer",
                field=f"sections-{number - 1}-heading",
            )
        cleaned.append(
            {"heading": heading, "text": text, "family_may_see": bool(section["family_may_see"])}
        )
    if not cleaned:
        raise ReportError("The minutes need at least one section")
    return cleaned


def save_minutes(*, minutes, by, sections):
    """Save the sections (in order: heading, text, whether the family may see it). The minute
    taker edits a draft; the chair may also edit minutes sent to them. Sections left out are
    removed (their text stays in history)."""
    from ..models import MinutesSection, MinutesStatus

    cleaned = _clean_sections(sections)
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        conference = locked.conference
        if not _may_write_minutes(by, conference):
            raise ReportError("Only the conference's minute taker or chair can change the minutes")
        editable = locked.status == MinutesStatus.DRAFT or (
            locked.status == MinutesStatus.WITH_CHAIR and conference.chair_id == by.pk
        )
        if not editable:
            raise ReportError(
                f"The minutes are {locked.get_status_display().lower()}: they cannot be changed"
            )
        existing = list(locked.sections.order_by("position", "pk"))
        for position, values in enumerate(cleaned, start=1):
            row = existing[position - 1] if position <= len(existing) else None
            if row is None:
                MinutesSection.objects.create(minutes=locked, position=position, **values)
                continue
            changed = (
                row.position != position
                or row.heading != values["heading"]
                or row.text != values["text"]
                or row.family_may_see != values["family_may_see"]
            )
            if changed:
                row.position = position
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
        for row in existing[len(cleaned) :]:
            row.delete()
        locked.updated_at, locked.updated_by = timezone.now(), by
        locked.save()
    return locked


def submit_minutes_to_chair(*, minutes, by):
    from ..models import MinutesStatus

    with transaction.atomic():
        locked = _locked_minutes(minutes)
        if not _may_write_minutes(by, locked.conference):
            raise ReportError("Only the conference's minute taker or chair can send the minutes")
        if locked.status != MinutesStatus.DRAFT:
            raise ReportError("The minutes have already been sent to the chair")
        _require_complete(locked)
        locked.status = MinutesStatus.WITH_CHAIR
        locked.submitted_to_chair_at = timezone.now()
        locked.save()
    return locked


def _require_chair(by, conference, action: str) -> None:
    if conference.chair_id != by.pk:
        raise ReportError(f"Only the conference's chair can {action}")


def return_minutes(*, minutes, by, reason: str):
    """The chair sends the minutes back to the minute taker, saying what needs to change."""
    from ..models import MinutesStatus

    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Enter what needs to change", field="reason")
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        _require_chair(by, locked.conference, "send the minutes back")
        if locked.status != MinutesStatus.WITH_CHAIR:
            raise ReportError("Only minutes sent to the chair can be sent back")
        locked.status = MinutesStatus.DRAFT
        locked.returned_at, locked.returned_by, locked.return_reason = timezone.now(), by, reason
        locked.save()
    return locked


def approve_minutes(*, minutes, by):
    from ..models import MinutesStatus

    with transaction.atomic():
        locked = _locked_minutes(minutes)
        _require_chair(by, locked.conference, "approve the minutes")
        if locked.status != MinutesStatus.WITH_CHAIR:
            raise ReportError("The minute taker must send the minutes to you before you approve")
        _require_complete(locked)
        locked.status = MinutesStatus.APPROVED
        locked.approved_at, locked.approved_by = timezone.now(), by
        locked.save()
    return locked


def _minutes_recipients(conference, *, apologies: bool = True) -> list:
    """Everyone who attended with an active invitation that has an email or an address, and
    (unless the chair decided otherwise: `apologies`) the invited professionals who sent
    apologies. Each as (invitation, sent apologies)."""
    from conferences.models import ATTENDED_STATUSES, Attendance, AttendanceStatus

    statuses = list(ATTENDED_STATUSES)
    if apologies:
        statuses.append(AttendanceStatus.APOLOGIES)
    rows = (
        Attendance.objects.filter(
            conference=conference,
            status__in=statuses,
            invitation__isnull=False,
            invitation__is_active=True,
        )
        .select_related("invitation", "invitation__user")
        .order_by("pk")
    )
    seen, invitations = set(), []
    for row in rows:
        invitation = row.invitation
        sent_apologies = row.status == AttendanceStatus.APOLOGIES
        if sent_apologies and invitation.kind != InviteeKind.PROFESSIONAL:
            continue  # the chair's choice is about invited professionals only
        if invitation.pk in seen or not (invitation.email or invitation.address.strip()):
            continue
        seen.add(invitation.pk)
        invitations.append((invitation, sent_apologies))
    return invitations


def planned_copies(conference, *, minutes=None) -> list[dict]:
    """Who will receive which copy if the minutes are circulated now: each attendee with an
    active invitation and an email or address, and each invited professional who sent apologies
    unless the chair decided they do not receive the minutes (minutes.apologies_receive_copy);
    family members get the family copy, by email only if they asked for it (or have no
    address); professionals the full minutes by email."""
    from conferences.models import InvitationMethod

    from ..models import MinutesCopyMethod

    if minutes is None:
        minutes = getattr(conference, "minutes", None)
    apologies = minutes.apologies_receive_copy if minutes is not None else True
    planned = []
    for invitation, sent_apologies in _minutes_recipients(conference, apologies=apologies):
        family = invitation.kind == InviteeKind.FAMILY
        emailed = bool(invitation.email) and (
            not family or invitation.method == InvitationMethod.EMAIL or not invitation.address
        )
        planned.append(
            {
                "invitation": invitation,
                "is_family_copy": family,
                "sent_apologies": sent_apologies,
                "method": MinutesCopyMethod.EMAIL if emailed else MinutesCopyMethod.POST,
            }
        )
    return planned


def amendment_window(*, start):
    """(last day, moment after which amendments are refused) for a copy sent at `start`."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    policy = timescale_services.policy_for(RuleCode.MINUTES_AMEND)
    return timescale_services.compute_due(
        value=policy.value, unit=policy.unit, direction=policy.direction, start=start
    )


def _minutes_email(*, copy, conference, pdf: bytes):
    from django.conf import settings
    from django.core.mail import EmailMessage

    from conferences.letters import conference_reference

    from ..minutes_pdf import attachment_name

    reference = conference_reference(conference)
    message = EmailMessage(
        subject=f"Minutes of the child protection conference ({reference})",
        body=(
            f"Dear {copy.recipient_name},\n\n"
            f"The chair has approved the minutes of the child protection conference {reference}. "
            "They are attached. Please keep them secure and do not share them without the "
            "chair's agreement.\n\n"
            "If something in them is wrong, ask for an amendment within 5 working days of "
            "receiving them, by replying to this email or from the conference's page.\n\n"
            f"{settings.AUTHORITY_NAME} conference service\n{settings.DEFAULT_FROM_EMAIL}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[copy.email],
    )
    message.attach(attachment_name(conference, family=copy.is_family_copy), pdf, "application/pdf")
    return message


def circulate_minutes(*, minutes, by):
    """The coordinator or the chair circulates approved minutes: a copy for each attendee with
    an active invitation and an email or address, each with its amend_by. Meets MINUTES. A fixed
    number of queries, however many attended."""
    from django.core import mail
    from django.core.files.base import ContentFile
    from simple_history.utils import bulk_create_with_history

    from accounts.models import RoleCode
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    from .. import minutes_pdf
    from ..models import MinutesCopy, MinutesCopyMethod, MinutesStatus

    now = timezone.now()
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        conference = locked.conference
        if not (conference.chair_id == by.pk or by.has_role(RoleCode.CONFERENCE_COORDINATOR)):
            raise ReportError("Only the conference service or the chair can circulate the minutes")
        if locked.status == MinutesStatus.CIRCULATED:
            raise ReportError("The minutes have already been circulated")
        if locked.status != MinutesStatus.APPROVED:
            raise ReportError("The chair must approve the minutes before they are circulated")
        sections = list(locked.sections.order_by("position", "pk"))
        children = _children(conference)
        last_day, amend_by = amendment_window(start=now)
        pdfs = {
            family: minutes_pdf.render_minutes(
                minutes=locked,
                conference=conference,
                children=children,
                sections=sections,
                family=family,
                amend_by=last_day,
            )
            for family in (False, True)
        }
        copies = []
        for plan in planned_copies(conference, minutes=locked):
            invitation, family = plan["invitation"], plan["is_family_copy"]
            copy = MinutesCopy(
                minutes=locked,
                invitation=invitation,
                recipient_name=invitation.name,
                email=invitation.email,
                address=invitation.address,
                method=plan["method"],
                is_family_copy=family,
                sent_at=now,
                amend_by=amend_by,
                sent_by=by,
            )
            copy.pdf.save(
                minutes_pdf.attachment_name(conference, family=family),
                ContentFile(pdfs[family]),
                save=False,
            )
            copies.append(copy)
        copies = bulk_create_with_history(copies, MinutesCopy, default_user=by)
        messages = [
            _minutes_email(copy=copy, conference=conference, pdf=pdfs[copy.is_family_copy])
            for copy in copies
            if copy.method == MinutesCopyMethod.EMAIL
        ]
        locked.status = MinutesStatus.CIRCULATED
        locked.circulated_at, locked.circulated_by = now, by
        locked.save()
        timescale_services.meet_deadline(rule=RuleCode.MINUTES, subject=conference, met_on=now)
        if messages:
            transaction.on_commit(lambda: mail.get_connection().send_messages(messages))
    return locked


def amendment_due_at(copy):
    """The moment after which amendments to this copy are refused."""
    return copy.amend_by


def request_minutes_amendment(*, copy, by, text: str):
    """The recipient (or the coordinator, for a family member or a professional who does not
    sign in) asks the chair to change the minutes, within MINUTES_AMEND of receiving them."""
    from core.templatetags.govuk import govuk_date

    from ..models import MinutesAmendmentRequest, MinutesCopy

    text = (text or "").strip()
    if not text:
        raise ReportError("Enter what should change in the minutes", field="text")
    if not by.has_perm("reports.request_minutes_amendment", copy):
        raise ReportError("Only the person the minutes were sent to can ask for an amendment")
    now = timezone.now()
    with transaction.atomic():
        locked = (
            MinutesCopy.objects.select_for_update(of=("self",))
            .select_related("minutes", "invitation")
            .get(pk=copy.pk)
        )
        if now >= locked.amend_by:
            raise ReportError(
                "Amendments had to reach the chair within 5 working days of receiving the "
                f"minutes, by {govuk_date(locked.amend_by_day)}. Contact the conference service "
                "if something in them is seriously wrong.",
                field="text",
            )
        amendment = MinutesAmendmentRequest.objects.create(
            minutes=locked.minutes,
            copy=locked,
            requested_by_name=locked.recipient_name,
            invitation=locked.invitation,
            entered_by=by,
            text=text,
            received_at=now,
        )
    return amendment


def decide_amendment(*, amendment, by, accepted: bool, response: str):
    """The chair accepts or rejects an amendment request, saying why."""
    from ..models import AmendmentStatus, MinutesAmendmentRequest

    response = (response or "").strip()
    if accepted not in (True, False):
        raise ReportError("Select whether you accept the amendment", field="accepted")
    if not response:
        raise ReportError("Enter your response to the amendment", field="response")
    with transaction.atomic():
        locked = (
            MinutesAmendmentRequest.objects.select_for_update(of=("self",))
            .select_related("minutes__conference")
            .get(pk=amendment.pk)
        )
        _require_chair(by, locked.minutes.conference, "decide on amendments to the minutes")
        if locked.status != AmendmentStatus.OPEN:
            raise ReportError("This amendment has already been decided")
        locked.status = AmendmentStatus.ACCEPTED if accepted else AmendmentStatus.REJECTED
        locked.response, locked.decided_at, locked.decided_by = response, timezone.now(), by
        locked.save()
    return locked


# Feedback -----------------------------------------------------------------------------------------


def record_feedback(
    *,
    conference: Conference,
    by,
    understood: int,
    listened_to: int,
    went_well: str = "",
    could_be_better: str = "",
    from_family: bool = False,
    invitation: Invitation | None = None,
    anonymous: bool = False,
):
    """An invited professional gives feedback on the conference (as themselves or anonymously);
    the coordinator enters a family member's (or a professional's) paper form, naming the
    invitation or not."""
    from accounts.models import RoleCode

    from ..models import ConferenceFeedback

    for field, value in (("understood", understood), ("listened_to", listened_to)):
        if value not in (1, 2, 3, 4, 5):
            raise ReportError("Select a score from 1 to 5", field=field)
    is_coordinator = by.has_role(RoleCode.CONFERENCE_COORDINATOR)
    own = (
        conference.invitations.filter(user_id=by.pk, is_active=True, kind=InviteeKind.PROFESSIONAL)
        .order_by("pk")
        .first()
    )
    if own is not None and not (is_coordinator and from_family):
        from_family, invitation = False, own
    elif is_coordinator:
        if invitation is not None and invitation.conference_id != conference.pk:
            raise ReportError("Select someone invited to this conference", field="invitation")
        if invitation is not None:
            from_family = invitation.kind == InviteeKind.FAMILY
    else:
        raise ReportError("Only people invited to the conference can give feedback on it")
    with transaction.atomic():
        locked = Conference.objects.select_for_update(of=("self",)).get(pk=conference.pk)
        if locked.started_at is None:
            raise ReportError("Feedback can be given once the conference has taken place")
        return ConferenceFeedback.objects.create(
            conference=locked,
            from_family=bool(from_family),
            invitation=None if anonymous else invitation,
            understood=understood,
            listened_to=listened_to,
            went_well=(went_well or "").strip(),
            could_be_better=(could_be_better or "").strip(),
            entered_by=by,
        )


# --- end of minutes --------------------------------------------------------------------------------
