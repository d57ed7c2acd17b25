"""An agency report saved as a draft and finished later (issue 18 item 8, ADR 0043).

A draft is kept apart from the submitted report (reports.draft_models.AgencyReportDraft): it is
not submitted, nobody else sees it, and it meets no deadline. Saving a draft checks nothing but
the upload; submitting goes through reports.services.submit_agency_report, which takes the
draft's uploaded document when no other is given, and closes the draft.
"""

from django.db import transaction
from django.utils import timezone

from conferences.models import Invitation, InviteeKind
from core.history import save_as

from .draft_models import AgencyReportDraft
from .services import AGENCY_TEXT_FIELDS, OPEN_FOR_REPORTS, ReportError, _store


def open_draft(invitation) -> AgencyReportDraft | None:
    return (
        AgencyReportDraft.objects.filter(invitation=invitation, is_open=True)
        .select_related("document")
        .first()
    )


def save_agency_report_draft(
    *,
    invitation: Invitation,
    by,
    may_share_with_family=None,
    not_shared_reason: str = "",
    document=None,
    **structured,
) -> AgencyReportDraft:
    """Save what the professional has written so far. Anything may be empty."""
    unknown = set(structured) - set(AGENCY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agency report fields: {', '.join(sorted(unknown))}")
    if not by.has_perm("reports.submit_agency_report", invitation):
        raise ReportError("Only the invited professional can write this report")
    if may_share_with_family not in (True, False, None):
        raise ReportError(
            "Select whether this report may be shared with the family",
            field="may_share_with_family",
        )
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("conference")
            .get(pk=invitation.pk)
        )
        if not (locked.is_active and locked.kind == InviteeKind.PROFESSIONAL):
            raise ReportError("This invitation has been withdrawn")
        if locked.conference.status not in OPEN_FOR_REPORTS:
            raise ReportError(
                f"This conference is {locked.conference.get_status_display().lower()}: reports "
                "can no longer be written"
            )
        draft = AgencyReportDraft.objects.select_for_update().filter(invitation=locked).first()
        if draft is None:
            draft = AgencyReportDraft(invitation=locked, conference=locked.conference)
        elif not draft.is_open:
            draft.document = None  # a new draft: the submitted report keeps the old document
        for name in AGENCY_TEXT_FIELDS:
            setattr(draft, name, (structured.get(name) or "").strip())
        if document is not None:
            draft.document = _store(document, by, "document")
        draft.may_share_with_family = may_share_with_family
        draft.not_shared_reason = (not_shared_reason or "").strip()
        draft.is_open = True
        draft.saved_at, draft.saved_by = now, by
        save_as(draft, by=by)
    return draft


def take_draft(invitation) -> AgencyReportDraft | None:
    """Inside submit_agency_report's transaction: the open draft, closed (it is being
    submitted). Its document is the one submitted when no other is uploaded."""
    draft = (
        AgencyReportDraft.objects.select_for_update()
        .filter(invitation=invitation, is_open=True)
        .first()
    )
    if draft is not None:
        draft.is_open = False
        draft.save()
    return draft
