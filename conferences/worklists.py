"""Issue 21 item 5: the chair's prompts to meet the family before each booked conference not yet
held (004 chairs' items 4 and 5): the meeting with the parents, and with each parent advised not
to attend, until the chair records it (held, or why not). Added to the chair's work lists with
register_work_list (core.worklists does not import this module); three queries whatever the
number of conferences."""

from collections import namedtuple

from django.db.models import Exists, F, OuterRef

from children.models import Person
from core.links import url_maker
from core.worklists._common import (
    CONFERENCE_KINDS,
    LIMIT,
    WorkItem,
    WorkList,
    _conference_names,
    _starts_when,
    _trim,
)

from .models import ChairMeeting, ChairMeetingKind, ConferenceStatus, ParentAdvisedNotToAttend
from .selectors import conferences_visible_to

# A parent's name from the two columns read (Person.full_name without a Person per row).
_PersonName = namedtuple("_PersonName", "forename surname")


def family_meetings_to_record(user, now) -> WorkList:
    """Three queries, of the columns shown: the conferences, their children's names and the
    parents advised not to attend whom the chair has not met yet."""
    parents_met = ChairMeeting.objects.filter(
        conference=OuterRef("pk"), kind=ChairMeetingKind.PARENTS
    )
    conferences = list(
        conferences_visible_to(user)
        .filter(chair=user, status=ConferenceStatus.BOOKED, started_at__isnull=True)
        .annotate(parents_recorded=Exists(parents_met))
        .order_by(F("starts_at").asc(nulls_last=True), "pk")
        .values_list("pk", "kind", "starts_at", "parents_recorded")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    conference_ids = [row[0] for row in conferences]
    names = _conference_names(conference_ids)
    absent_met = ChairMeeting.objects.filter(
        conference=OuterRef("conference"),
        kind=ChairMeetingKind.ABSENT_PARENT,
        person=OuterRef("person"),
    )
    advised: dict[int, list] = {}
    for conference_id, person_id, forename, surname in (
        ParentAdvisedNotToAttend.objects.filter(conference__in=conference_ids, is_active=True)
        .exclude(Exists(absent_met))
        .order_by("pk")
        .values_list("conference_id", "person_id", "person__forename", "person__surname")
    ):
        name = Person.full_name.fget(_PersonName(forename, surname))
        advised.setdefault(conference_id, []).append((person_id, name))
    parents_url = url_maker("conferences:chair-meeting-parents")
    absent_parent_url = url_maker("conferences:chair-meeting-absent-parent", 2)
    preparation_url = url_maker("conferences:family-preparation")
    items = []
    for pk, kind, starts_at, parents_recorded in conferences:
        links = []
        if not parents_recorded:
            links.append(("Record the meeting with the parents", parents_url(pk)))
        for person_id, name in advised.get(pk, []):
            links.append(
                (
                    f"Record the meeting with {name} (advised not to attend)",
                    absent_parent_url(pk, person_id),
                )
            )
        if not links:
            continue
        items.append(
            WorkItem(
                text=names[pk],
                href=preparation_url(pk),
                details=[
                    CONFERENCE_KINDS.get(kind, kind),
                    "Meet the parents at least 20 minutes before the conference",
                ],
                due=_starts_when(starts_at),
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
