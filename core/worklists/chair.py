"""The chair's lists: the conferences they chair coming up (with the reports still to read) and
the minutes waiting for their approval."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from conferences.models import ConferenceStatus
from conferences.selectors import conferences_visible_to
from core.links import url_maker
from core.templatetags.govuk import govuk_date
from reports.models import ConferenceMinutes, MinutesStatus, SocialWorkReport

from ._common import (
    CONFERENCE_KINDS,
    CONFERENCE_STATUSES,
    LIMIT,
    WorkItem,
    WorkList,
    _conference_when,
    _names,
    _start_of_today,
    _trim,
    _visible_conference_children,
)


def conferences_you_chair(user, now) -> WorkList:
    unread_agency = Count(
        "agency_reports", filter=Q(agency_reports__read_by_chair_at__isnull=True), distinct=True
    )
    unread_sw = SocialWorkReport.objects.filter(
        conference=OuterRef("pk"), sent_to_chair_at__isnull=False, read_by_chair_at__isnull=True
    )
    conferences = list(
        conferences_visible_to(user)
        .filter(
            Q(chair=user),
            Q(status__in=[ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED])
            | Q(status=ConferenceStatus.BOOKED, starts_at__gte=_start_of_today(now)),
        )
        .only("kind", "status", "starts_at")
        .annotate(unread_agency=unread_agency, unread_sw=Exists(unread_sw))
        .prefetch_related(_visible_conference_children())
        .order_by(F("starts_at").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    reports_url = url_maker("reports:conference")
    conference_url = url_maker("conferences:conference")
    items = []
    for conference in conferences:
        unread = conference.unread_agency + (1 if conference.unread_sw else 0)
        links = []
        if unread:
            links.append(
                (
                    f"{unread} report{'s' if unread != 1 else ''} to read",
                    reports_url(conference.pk),
                )
            )
        items.append(
            WorkItem(
                text=_names(link.child for link in conference.conference_children.all()),
                href=conference_url(conference.pk),
                details=[
                    CONFERENCE_KINDS.get(conference.kind, conference.kind),
                    CONFERENCE_STATUSES.get(conference.status, conference.status),
                ],
                due=_conference_when(conference),
                links=links,
            )
        )
    return WorkList(
        "conferences-you-chair",
        "Conferences you chair",
        items,
        "You have no conferences coming up.",
        more,
        reverse("reports:chair"),
        "Your conferences and their reports",
    )


def minutes_to_approve(user, now) -> WorkList:
    minutes = list(
        ConferenceMinutes.objects.filter(
            status=MinutesStatus.WITH_CHAIR,
            conference__chair=user,
            conference__in=conferences_visible_to(user),
        )
        .select_related("conference")
        .only("conference__kind", "conference__starts_at", "submitted_to_chair_at")
        .order_by("submitted_to_chair_at", "pk")[: LIMIT + 1]
    )
    minutes, more = _trim(minutes)
    minutes_url = url_maker("reports:minutes")
    items = [
        WorkItem(
            text=f"Minutes of the {CONFERENCE_KINDS.get(m.conference.kind, m.conference.kind).lower()}",
            href=minutes_url(m.conference_id),
            details=[f"Held {_conference_when(m.conference)}"],
            due=f"Sent to you {govuk_date(m.submitted_to_chair_at)}"
            if m.submitted_to_chair_at
            else "",
        )
        for m in minutes
    ]
    return WorkList(
        "minutes-to-approve",
        "Minutes to approve",
        items,
        "No minutes are waiting for your approval.",
        more,
    )
