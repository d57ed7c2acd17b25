"""Issue 21 item 5: the chair's prompts to meet the family before each booked conference not yet
held (004 chairs' items 4 and 5): the meeting with the parents, and with each parent advised not
to attend, until the chair records it (held, or why not). Added to the chair's work lists with
register_work_list (core.worklists does not import this module); three queries whatever the
number of conferences."""

from django.db.models import Exists, F, OuterRef

from core.links import url_maker
from core.worklists._common import (
    CONFERENCE_KINDS,
    LIMIT,
    WorkItem,
    WorkList,
    _conference_when,
    _names,
    _trim,
    _visible_conference_children,
)

from .models import ChairMeeting, ChairMeetingKind, ConferenceStatus, ParentAdvisedNotToAttend
from .selectors import conferences_visible_to


def family_meetings_to_record(user, now) -> WorkList:
    parents_met = ChairMeeting.objects.filter(
        conference=OuterRef("pk"), kind=ChairMeetingKind.PARENTS
    )
    conferences = list(
        conferences_visible_to(user)
        .filter(chair=user, status=ConferenceStatus.BOOKED, started_at__isnull=True)
        .only("kind", "starts_at")
        .annotate(parents_recorded=Exists(parents_met))
        .prefetch_related(_visible_conference_children())
        .order_by(F("starts_at").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    absent_met = ChairMeeting.objects.filter(
        conference=OuterRef("conference"),
        kind=ChairMeetingKind.ABSENT_PARENT,
        person=OuterRef("person"),
    )
    advised = {}
    for row in (
        ParentAdvisedNotToAttend.objects.filter(
            conference__in=[c.pk for c in conferences], is_active=True
        )
        .exclude(Exists(absent_met))
        .select_related("person")
        .only("conference", "person__forename", "person__surname")
        .order_by("pk")
    ):
        advised.setdefault(row.conference_id, []).append(row)
    parents_url = url_maker("conferences:chair-meeting-parents")
    absent_parent_url = url_maker("conferences:chair-meeting-absent-parent", 2)
    preparation_url = url_maker("conferences:family-preparation")
    items = []
    for conference in conferences:
        names = _names(link.child for link in conference.conference_children.all())
        links = []
        if not conference.parents_recorded:
            links.append(("Record the meeting with the parents", parents_url(conference.pk)))
        for row in advised.get(conference.pk, []):
            links.append(
                (
                    f"Record the meeting with {row.person.full_name} (advised not to attend)",
                    absent_parent_url(conference.pk, row.person_id),
                )
            )
        if not links:
            continue
        items.append(
            WorkItem(
                text=names,
                href=preparation_url(conference.pk),
                details=[
                    CONFERENCE_KINDS.get(conference.kind, conference.kind),
                    "Meet the parents at least 20 minutes before the conference",
                ],
                due=_conference_when(conference),
                links=links,
            )
        )
    return WorkList(
        "family-meetings",
        "Meetings with the family before the conference",
        items,
        "You have no meetings with families to record.",
        more,
    )
