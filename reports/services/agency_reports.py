"""Agency reports: an invited professional (or the coordinator for them) submits their agency's
report, saying whether the family may see it (meets AGENCY_REPORT)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import AgencyKind
from children.models import ProfessionalRole
from conferences.models import Invitation, InviteeKind
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, RuleCode

from ..models import AgencyReport
from ._common import OPEN_FOR_REPORTS, ReportError, _store

AGENCY_TEXT_FIELDS = (
    "involvement",
    "worries",
    "working_well",
    "significant_events",
    "recommendation",
)


def default_may_share_with_family(invitation) -> bool:
    """Police reports are not shared with the family unless the author chooses to; others are."""
    involvement = invitation.involvement
    if involvement is not None and involvement.role == ProfessionalRole.POLICE:
        return False
    agency = invitation.agency or (involvement.agency if involvement else None)
    return not (agency is not None and agency.kind == AgencyKind.POLICE)


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
    # reports.drafts and reports.sharing import from this package: imported here to avoid a cycle.
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
