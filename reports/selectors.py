"""Reads about reports to conference, in a fixed number of queries whatever the numbers.

`report_status_for(conference, user)` summarises one conference's reports (for the conference
page and the reports page); `chair_conferences_page(user, page)` is the chair's list of their
upcoming conferences, each with the same summary and whether it is ready for conference.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from children.selectors import visible_child_q
from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceStatus,
    Invitation,
    InviteeKind,
)
from timescales.models import Deadline, RuleCode

from .models import (
    AgencyReport,
    ConferenceFeedback,
    ConferenceMinutes,
    MinutesAmendmentRequest,
    MinutesCopy,
    ParentViewOnReport,
    ReportDocument,
    SocialWorkReport,
)

CHAIR_PAGE_SIZE = 20


@dataclass
class AgencyReportRow:
    invitation: Invitation
    report: AgencyReport | None
    deadline: object = None  # the AGENCY_REPORT deadline, when fetched
    may_view: bool = False
    may_submit: bool = False

    @property
    def state(self) -> str:
        """awaited, on_time or late."""
        if self.report is None:
            return "awaited"
        return "late" if self.report.submitted_late else "on_time"

    @property
    def state_text(self) -> str:
        return {
            "awaited": "Awaited",
            "on_time": "Submitted on time",
            "late": "Submitted late",
        }[self.state]

    @property
    def is_read(self) -> bool:
        return self.report is not None and self.report.read_by_chair_at is not None


@dataclass
class ConferenceReports:
    conference: Conference
    social_work_report: SocialWorkReport | None
    agency_rows: list[AgencyReportRow] = field(default_factory=list)
    may_view_social_work_report: bool = False
    may_write_social_work_report: bool = False
    may_view_page: bool = False

    @property
    def sw_stage(self) -> str:
        report = self.social_work_report
        if report is None:
            return "Not started"
        if not report.is_signed_off:
            return report.get_status_display()
        if report.sent_to_chair_at:
            return "Signed off and sent to the chair"
        return "Signed off"

    @property
    def sw_shared_text(self) -> str:
        report = self.social_work_report
        if report is None or not report.parents_sharing_recorded:
            return "Not shared with the parents yet"
        if report.shared_with_parents_at:
            return "Shared with the parents"
        return "Not shared with the parents (reason recorded)"

    @property
    def not_shared_with_parents(self) -> list[AgencyReportRow]:
        """Issue 18 item 7: the received agency reports the parents have not seen, and why
        (a reason recorded), or not yet (no reason): what the chair needs to avoid surprises."""
        return [
            row
            for row in self.agency_rows
            if row.report is not None and row.report.sharing_state != "shared"
        ]

    @property
    def agency_received(self) -> int:
        return sum(1 for row in self.agency_rows if row.report is not None)

    @property
    def agency_read(self) -> int:
        return sum(1 for row in self.agency_rows if row.is_read)

    @property
    def social_work_report_ready(self) -> bool:
        report = self.social_work_report
        return bool(
            report is not None
            and report.is_signed_off
            and report.parents_sharing_recorded
            and report.sent_to_chair_at
        )

    @property
    def is_ready(self) -> bool:
        """Ready for conference: the social work report is signed off, shared with the parents
        (or the reason it was not is recorded) and sent to the chair, and every invited agency's
        report has arrived and been read by the chair."""
        return self.social_work_report_ready and all(row.is_read for row in self.agency_rows)


def _professional_invitations():
    return (
        Invitation.objects.filter(kind=InviteeKind.PROFESSIONAL, is_active=True)
        .select_related("agency", "involvement", "agency_report", "agency_report__document")
        .order_by("name", "pk")
    )


def _agency_deadlines(invitation_ids) -> dict:

    invitation_ids = list(invitation_ids)
    if not invitation_ids:
        return {}
    deadlines = Deadline.objects.filter(
        rule=RuleCode.AGENCY_REPORT,
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id__in=invitation_ids,
    ).order_by("pk")
    return {deadline.subject_id: deadline for deadline in deadlines}  # the newest wins


def _agency_report_of(invitation) -> AgencyReport | None:
    try:
        return invitation.agency_report
    except AgencyReport.DoesNotExist:
        return None


def _summary(conference, social_work_report, invitations, user, deadlines=None):
    rows = []
    for invitation in invitations:
        report = _agency_report_of(invitation)
        if report is not None:
            report.invitation = invitation
            report.conference = conference
        rows.append(
            AgencyReportRow(
                invitation=invitation,
                report=report,
                deadline=(deadlines or {}).get(invitation.pk),
                may_view=report is not None and user.has_perm("reports.view_agency_report", report),
                may_submit=user.has_perm("reports.submit_agency_report", invitation),
            )
        )
    if social_work_report is not None:
        social_work_report.conference = conference
    return ConferenceReports(
        conference=conference,
        social_work_report=social_work_report,
        agency_rows=rows,
        may_view_social_work_report=social_work_report is not None
        and user.has_perm("reports.view_social_work_report", social_work_report),
        may_write_social_work_report=user.has_perm("reports.write_social_work_report", conference),
        may_view_page=user.has_perm("reports.view_conference_reports", conference),
    )


def report_status_for(conference: Conference, user, *, with_deadlines: bool = True):
    """What the conference page's reports summary needs: the social work report, every active
    invited professional with their agency report (or none yet) and its deadline, and whether
    the conference is ready. Four queries (five the first time a team is looked up)."""
    social_work_report = (
        SocialWorkReport.objects.filter(conference=conference)
        .select_related("genogram", "chronology", "author", "signed_off_by")
        .first()
    )
    invitations = list(_professional_invitations().filter(conference=conference))
    deadlines = _agency_deadlines(i.pk for i in invitations) if with_deadlines else None
    return _summary(conference, social_work_report, invitations, user, deadlines)


def conference_deadlines(conference: Conference) -> list:
    """The conference's report deadlines (SW_REPORT_* or RCPC_REPORT_*), earliest first."""

    rules = [
        RuleCode.SW_REPORT_PARENTS,
        RuleCode.SW_REPORT_CHAIR,
        RuleCode.RCPC_REPORT_QA,
        RuleCode.RCPC_REPORT_PARENTS,
        RuleCode.RCPC_REPORT_CHAIR,
    ]
    return list(
        Deadline.objects.filter(
            rule__in=rules,
            subject_type=ContentType.objects.get_for_model(Conference),
            subject_id=conference.pk,
        )
        .select_related("responsible", "child")
        .order_by("due_at", "pk")
    )


# The chair's conferences -----------------------------------------------------------------------


def chair_conferences_page(user, page_number=1, *, per_page: int = CHAIR_PAGE_SIZE):
    """The chair's booked conferences from today on, soonest first, each with its report
    summary. A fixed number of queries per page: count, conferences (with the social work
    report), children, invitations with their reports, the chair's lookups of teams."""
    hidden = ConferenceChild.objects.filter(conference=OuterRef("pk")).exclude(
        visible_child_q(user)
    )
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    queryset = (
        Conference.objects.filter(
            chair=user, status=ConferenceStatus.BOOKED, starts_at__gte=start_of_today
        )
        .exclude(Exists(hidden))
        .select_related("venue", "social_work_report")
        .prefetch_related(
            Prefetch(
                "conference_children",
                queryset=ConferenceChild.objects.select_related(
                    "child", "child__lead_social_worker"
                ).order_by("child__date_of_birth", "pk"),
            ),
            Prefetch("invitations", queryset=_professional_invitations(), to_attr="professionals"),
        )
        .order_by("starts_at", "pk")
    )
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(page_number)
    summaries = []
    for conference in page.object_list:
        try:
            social_work_report = conference.social_work_report
        except SocialWorkReport.DoesNotExist:
            social_work_report = None
        summaries.append(_summary(conference, social_work_report, conference.professionals, user))
    return page, list(paginator.get_elided_page_range(page.number)), summaries


# Documents -------------------------------------------------------------------------------------


def report_of_document(document: ReportDocument):
    """The report a document belongs to now (a replaced document belongs to none)."""
    report = (
        SocialWorkReport.objects.filter(Q(genogram=document) | Q(chronology=document))
        .select_related("conference")
        .first()
    )
    if report is not None:
        return report
    return AgencyReport.objects.filter(document=document).select_related("invitation").first()


def earlier_documents_of(report: AgencyReport) -> list[ReportDocument]:
    """The documents an agency report carried before its current one, newest first, read from the
    report's history: a replaced upload stays readable by whoever may read the report."""
    earlier = (
        report.history.exclude(document_id=None)
        .exclude(document_id=report.document_id)
        .values("document_id")
    )
    return list(
        ReportDocument.objects.filter(pk__in=earlier)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def get_document(pk) -> ReportDocument:
    document = ReportDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404("No document found")
    return document


def agency_report_of(invitation) -> AgencyReport | None:
    """The report sent for this invitation, if one was sent."""
    return AgencyReport.objects.filter(invitation=invitation).select_related("document").first()


# The report pages' reads ------------------------------------------------------------------------


def social_work_report_of(conference) -> SocialWorkReport | None:
    """The conference's social work report, with its documents and the people who acted on it."""
    return (
        SocialWorkReport.objects.filter(conference=conference)
        .select_related(
            "genogram", "chronology", "author", "signed_off_by", "returned_by", "sent_to_chair_by"
        )
        .first()
    )


def professional_invitation(pk) -> Invitation | None:
    """A professional's invitation, with their agency, involvement and account."""
    return (
        Invitation.objects.filter(pk=pk, kind=InviteeKind.PROFESSIONAL)
        .select_related("agency", "involvement", "involvement__agency", "user")
        .first()
    )


def agency_report_to_read(pk) -> AgencyReport | None:
    """An agency report, with its invitation, agency, document and the people who acted on it."""
    return (
        AgencyReport.objects.filter(pk=pk)
        .select_related("invitation", "agency", "document", "submitted_by", "read_by_chair")
        .first()
    )


def minutes_of(conference) -> ConferenceMinutes | None:
    """The conference's minutes, if they are started."""
    return ConferenceMinutes.objects.filter(conference=conference).first()


def minutes_to_read(conference) -> ConferenceMinutes | None:
    """The conference's minutes, if they are started, with who approved, circulated or returned
    them and who decided on the apologies' copies."""
    return (
        ConferenceMinutes.objects.filter(conference=conference)
        .select_related("approved_by", "circulated_by", "returned_by", "apologies_decided_by")
        .first()
    )


def minutes_copy(pk) -> MinutesCopy | None:
    """A copy of the minutes as sent, with its minutes and invitation."""
    return MinutesCopy.objects.filter(pk=pk).select_related("minutes", "invitation").first()


def amendment_request(pk) -> MinutesAmendmentRequest | None:
    """A request to amend the minutes, with the minutes and the copy it was asked from."""
    return MinutesAmendmentRequest.objects.filter(pk=pk).select_related("minutes", "copy").first()


def feedback_on(conference) -> list[ConferenceFeedback]:
    """The feedback received on the conference, each with its invitation (a child's with the
    child it is from)."""
    return list(
        ConferenceFeedback.objects.filter(conference=conference).select_related(
            "invitation", "child"
        )
    )


def parent_views_on(report) -> list:
    """Issue 21 item 5: each parent's views on the version of the social work report shared with
    them (none before it is shared)."""
    if report is None or report.shared_with_parents_at is None:
        return []
    return list(
        ParentViewOnReport.objects.filter(
            report=report, shared_at=report.shared_with_parents_at
        ).select_related("person")
    )
