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
    _conference_names,
    _start_of_today,
    _starts_when,
    _trim,
)


def conferences_you_chair(user, now) -> WorkList:
    """Two queries: the conferences (the columns shown, and the reports still to read), then
    their children's names."""
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
        .annotate(unread_agency=unread_agency, unread_sw=Exists(unread_sw))
        .order_by(F("starts_at").asc(nulls_last=True), "pk")
        .values_list("pk", "kind", "status", "starts_at", "unread_agency", "unread_sw")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    names = _conference_names([row[0] for row in conferences])
    reports_url = url_maker("reports:conference")
    conference_url = url_maker("conferences:conference")
    items = []
    for pk, kind, status, starts_at, unread_agency, unread_sw in conferences:
        unread = unread_agency + (1 if unread_sw else 0)
        links = []
        if unread:
            links.append((f"{unread} report{'s' if unread != 1 else ''} to read", reports_url(pk)))
        items.append(
            WorkItem(
                text=names[pk],
                href=conference_url(pk),
                details=[CONFERENCE_KINDS.get(kind, kind), CONFERENCE_STATUSES.get(status, status)],
                due=_starts_when(starts_at),
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
    """One query, of the columns shown."""
    minutes = list(
        ConferenceMinutes.objects.filter(
            status=MinutesStatus.WITH_CHAIR,
            conference__chair=user,
            conference__in=conferences_visible_to(user),
        )
        .order_by("submitted_to_chair_at", "pk")
        .values_list(
            "conference_id", "conference__kind", "conference__starts_at", "submitted_to_chair_at"
        )[: LIMIT + 1]
    )
    minutes, more = _trim(minutes)
    minutes_url = url_maker("reports:minutes")
    items = [
        WorkItem(
            text=f"Minutes of the {CONFERENCE_KINDS.get(kind, kind).lower()}",
            href=minutes_url(conference_id),
            details=[f"Held {_starts_when(starts_at)}"],
            due=f"Sent to you {govuk_date(submitted)}" if submitted else "",
        )
        for conference_id, kind, starts_at, submitted in minutes
    ]
    return WorkList(
        "minutes-to-approve",
        "Minutes to approve",
        items,
        "No minutes are waiting for your approval.",
        more,
    )
