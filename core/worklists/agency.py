"""The agency professional's lists: managers' reports adjourned conferences are waiting for
from their agency, the reports due for conferences they are invited to (reports.worklists) and
the invitations themselves."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from conferences.models import (
    AdjournmentReport,
    AdjournmentReportStatus,
    Attendance,
    ConferenceStatus,
    Invitation,
    InvitationReply,
)
from conferences.selectors import conferences_visible_to
from core.templatetags.govuk import govuk_date

from ._common import LIMIT, WorkItem, WorkList, _conference_when, _start_of_today, _trim


def _upcoming_invitations(user, now):
    return Invitation.objects.filter(
        user=user,
        is_active=True,
        conference__in=conferences_visible_to(user),
        conference__status=ConferenceStatus.BOOKED,
        conference__starts_at__gte=_start_of_today(now),
    ).select_related("conference")


def your_invitations(user, now) -> WorkList:
    invitations = list(
        _upcoming_invitations(user, now).order_by("conference__starts_at", "pk")[: LIMIT + 1]
    )
    invitations, more = _trim(invitations)
    items = []
    for invitation in invitations:
        links = []
        if invitation.reply == InvitationReply.AWAITING:
            links.append(("Reply", reverse("conferences:reply", args=[invitation.pk])))
        items.append(
            WorkItem(
                text=invitation.conference.get_kind_display(),
                href=reverse("conferences:conference", args=[invitation.conference_id]),
                details=[f"Your reply: {invitation.get_reply_display()}"],
                due=_conference_when(invitation.conference),
                links=links,
            )
        )
    return WorkList(
        "your-invitations",
        "Conferences you are invited to",
        items,
        "You have no invitations to conferences coming up.",
        more,
        reverse("conferences:invited"),
        "All your invitations",
    )


def reports_due(user, now) -> WorkList:
    """reports.worklists (issue 18 item 8: the children and the due date); imported here, not at
    the top, as it builds on core.worklists (a cycle otherwise)."""
    # Imported here: reports.worklists imports core.worklists.agency (via core.worklists).
    from reports.worklists import reports_due as build

    return build(user, now)


def adjournment_reports_to_send(user, now) -> WorkList:
    """Managers' reports the chair of an adjourned conference is waiting for from the user's
    agency (the user was at the conference or is invited to it)."""
    attended = Attendance.objects.filter(conference=OuterRef("conference_id"), user=user)
    invited = Invitation.objects.filter(
        conference=OuterRef("conference_id"), user=user, is_active=True
    )
    reports = list(
        AdjournmentReport.objects.filter(
            status=AdjournmentReportStatus.REQUESTED,
            agency_id=user.agency_id,
            conference__status=ConferenceStatus.BOOKED,
        )
        .filter(Exists(attended) | Exists(invited))
        .select_related("conference")
        .order_by("due_on", "pk")[: LIMIT + 1]
    )
    reports, more = _trim(reports)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=f"Manager's report for the adjourned {report.conference.get_kind_display().lower()}",
            href=reverse("conferences:adjournment-report", args=[report.pk]),
            details=[f"Reconvenes by {govuk_date(report.conference.reconvene_by)}"],
            due=f"Due by {govuk_date(report.due_on)}",
            overdue=report.due_on < today,
        )
        for report in reports
    ]
    return WorkList(
        "adjournment-reports",
        "Managers' reports for adjourned conferences",
        items,
        "No adjourned conference is waiting for a report from your agency.",
        more,
    )
