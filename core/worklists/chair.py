"""The chair's lists: the conferences they chair coming up (with the reports still to read) and
the minutes waiting for their approval."""

from collections import namedtuple

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from conferences.models import ChairMeeting, ChairMeetingKind, ConferenceStatus
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
    rows_when,
)

# A conference the chair has still to hold, as chairs_open_conferences reads it.
ChairedConference = namedtuple(
    "ChairedConference",
    "pk kind status starts_at started_at unread_agency unread_sw parents_recorded name",
)


# A chair's conference not yet booked for a date: allocated to them, or postponed.
_WAITING_TO_BE_BOOKED = (ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED)


def chairs_open_conferences(user, now) -> list[ChairedConference]:
    """The conferences the user chairs and has still to hold, soonest first, for the chair's two
    lists of them (conferences_you_chair and conferences.worklists.family_meetings_to_record):
    allocated or postponed ones, and booked ones still to come or not yet started. Two queries,
    the conferences and their children's names, read once for both lists on one page: the
    answer is kept on the user for this `now` (the home page passes one moment to every list;
    another moment, another call, reads again)."""
    kept = getattr(user, "_chairs_open_conferences", None)
    if kept is not None and kept[0] is now:
        return kept[1]
    unread_agency = Count(
        "agency_reports", filter=Q(agency_reports__read_by_chair_at__isnull=True), distinct=True
    )
    unread_sw = SocialWorkReport.objects.filter(
        conference=OuterRef("pk"), sent_to_chair_at__isnull=False, read_by_chair_at__isnull=True
    )
    parents_met = ChairMeeting.objects.filter(
        conference=OuterRef("pk"), kind=ChairMeetingKind.PARENTS
    )
    booked = Q(status=ConferenceStatus.BOOKED) & (
        Q(starts_at__gte=_start_of_today(now)) | Q(started_at__isnull=True)
    )
    rows = list(
        conferences_visible_to(user)
        .filter(Q(chair=user), Q(status__in=_WAITING_TO_BE_BOOKED) | booked)
        .annotate(
            unread_agency=unread_agency,
            unread_sw=Exists(unread_sw),
            parents_recorded=Exists(parents_met),
        )
        .order_by(F("starts_at").asc(nulls_last=True), "pk")
        .values_list(*ChairedConference._fields[:-1])
    )
    names = _conference_names([row[0] for row in rows])
    conferences = [ChairedConference(*row, names[row[0]]) for row in rows]
    user._chairs_open_conferences = (now, conferences)
    return conferences


def conferences_you_chair(user, now) -> WorkList:
    """The conferences the user chairs coming up, with the reports still to read
    (chairs_open_conferences)."""
    today = _start_of_today(now)
    conferences = [
        row
        for row in chairs_open_conferences(user, now)
        if row.status in _WAITING_TO_BE_BOOKED
        or (row.status == ConferenceStatus.BOOKED and row.starts_at and row.starts_at >= today)
    ]
    conferences, more = _trim(conferences)
    reports_url = url_maker("reports:conference")
    conference_url = url_maker("conferences:conference")
    items = []
    for pk, kind, status, starts_at, _, unread_agency, unread_sw, _, name in conferences:
        unread = unread_agency + (1 if unread_sw else 0)
        links = []
        if unread:
            links.append((f"{unread} report{'s' if unread != 1 else ''} to read", reports_url(pk)))
        items.append(
            WorkItem(
                text=name,
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


@rows_when(
    "SELECT 1 FROM {reports.ConferenceMinutes} x JOIN {conferences.Conference} c "
    "ON c.id = x.conference_id WHERE x.status = 'with_chair' AND c.chair_id = {user}"
)
def minutes_to_approve(user, now, *, empty: bool = False) -> WorkList:
    """One query, of the columns shown (none when `empty`: rows_when)."""
    minutes = (
        []
        if empty
        else list(
            ConferenceMinutes.objects.filter(
                status=MinutesStatus.WITH_CHAIR,
                conference__chair=user,
                conference__in=conferences_visible_to(user),
            )
            .order_by("submitted_to_chair_at", "pk")
            .values_list(
                "conference_id",
                "conference__kind",
                "conference__starts_at",
                "submitted_to_chair_at",
            )[: LIMIT + 1]
        )
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
