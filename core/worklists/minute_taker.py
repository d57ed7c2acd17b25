"""The minute taker's lists: minutes to draft (or redraft after the chair returned them) and the
conferences they are minuting coming up."""

from django.db.models import Q
from django.urls import reverse

from conferences.models import ConferenceStatus
from conferences.selectors import conferences_visible_to
from reports.models import MinutesStatus

from ._common import (
    LIMIT,
    WorkItem,
    WorkList,
    _conference_when,
    _names,
    _start_of_today,
    _trim,
    _visible_conference_children,
)


def minutes_to_draft(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(minute_taker=user)
        .filter(Q(status=ConferenceStatus.HELD) | Q(started_at__isnull=False))
        .filter(Q(minutes__isnull=True) | Q(minutes__status=MinutesStatus.DRAFT))
        .select_related("minutes")
        .prefetch_related(_visible_conference_children())
        .order_by("starts_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = []
    for conference in conferences:
        minutes = getattr(conference, "minutes", None)
        state, href = "Not started", reverse("reports:minutes", args=[conference.pk])
        if minutes is not None:
            state = "Returned by the chair" if minutes.returned_at else "Draft"
            href = reverse("reports:edit-minutes", args=[conference.pk])
        items.append(
            WorkItem(
                text=_names(link.child for link in conference.conference_children.all()),
                href=href,
                details=[conference.get_kind_display(), state],
                due=f"Held {_conference_when(conference)}",
            )
        )
    return WorkList(
        "minutes-to-draft", "Minutes to draft", items, "You have no minutes to draft.", more
    )


def conferences_you_minute(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(
            minute_taker=user,
            status=ConferenceStatus.BOOKED,
            starts_at__gte=_start_of_today(now),
            started_at__isnull=True,
        )
        .prefetch_related(_visible_conference_children())
        .order_by("starts_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=_names(link.child for link in conference.conference_children.all()),
            href=reverse("conferences:conference", args=[conference.pk]),
            details=[conference.get_kind_display()],
            due=_conference_when(conference),
        )
        for conference in conferences
    ]
    return WorkList(
        "conferences-you-minute",
        "Conferences you are minuting",
        items,
        "You have no conferences to minute coming up.",
        more,
    )
