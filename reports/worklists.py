"""The agency professional's list of reports to submit (issue 18 item 8), used by
core.worklists.reports_due: each row names the child or children the conference is about and the
day the report is due (the AGENCY_REPORT deadline, red once overdue), and says whether a draft
is saved. Two queries whatever the number of invitations."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse

from conferences.models import ConferenceChild, Invitation
from core.templatetags.govuk import govuk_date
from core.worklists import (
    LIMIT,
    WorkItem,
    WorkList,
    _conference_when,
    _due,
    _names,
    _trim,
    _upcoming_invitations,
)
from timescales.models import Deadline, RuleCode

from .draft_models import AgencyReportDraft
from .models import AgencyReport


def reports_due(user, now) -> WorkList:
    written = AgencyReport.objects.filter(invitation=OuterRef("pk"))
    drafted = AgencyReportDraft.objects.filter(invitation=OuterRef("pk"), is_open=True)
    deadline = Deadline.objects.filter(
        rule=RuleCode.AGENCY_REPORT,
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id=OuterRef("pk"),
    ).order_by("-pk")
    invitations = list(
        _upcoming_invitations(user, now)
        .exclude(Exists(written))
        .annotate(has_draft=Exists(drafted), deadline_id=Subquery(deadline.values("pk")[:1]))
        .prefetch_related(
            Prefetch(
                "conference__conference_children",
                queryset=ConferenceChild.objects.select_related("child").order_by(
                    "child__date_of_birth", "pk"
                ),
            )
        )
        .order_by("conference__starts_at", "pk")[: LIMIT + 1]
    )
    invitations, more = _trim(invitations)
    deadlines = Deadline.objects.in_bulk([i.deadline_id for i in invitations if i.deadline_id])
    items = []
    for invitation in invitations:
        conference = invitation.conference
        children = [link.child for link in conference.conference_children.all()]
        found = deadlines.get(invitation.deadline_id)
        due, overdue = _due(found, now)
        if found is not None:
            due = f"Report due by {govuk_date(found.due_on)}" + (" (overdue)" if overdue else "")
        items.append(
            WorkItem(
                text=f"Report for the {conference.get_kind_display().lower()}",
                href=reverse("reports:agency-report-form", args=[invitation.pk]),
                details=[
                    f"About {_names(children)}",
                    "Draft saved, not submitted" if invitation.has_draft else "Not started",
                    f"Conference {_conference_when(conference)}",
                ],
                due=due or f"Before the conference, {_conference_when(conference)}",
                overdue=overdue,
            )
        )
    return WorkList(
        "reports-due", "Reports to submit", items, "You have no reports to submit.", more
    )
