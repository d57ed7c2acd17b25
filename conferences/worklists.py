"""Issue 21 item 5: the chair's prompts to meet the family before each booked conference not yet
held (004 chairs' items 4 and 5): the meeting with the parents, and with each parent advised not
to attend, until the chair records it (held, or why not). Added to the chair's work lists with
register_work_list (core.worklists does not import this module); one query besides the chair's
conferences (read once for the chair's lists) whatever the number of conferences."""

from collections import namedtuple

from django.db.models import Exists, OuterRef

from children.models import Person
from core.links import url_maker
from core.worklists._common import (
    CONFERENCE_KINDS,
    WorkItem,
    WorkList,
    _starts_when,
    _trim,
)
from core.worklists.chair import chairs_open_conferences

from .models import ChairMeeting, ChairMeetingKind, ConferenceStatus, ParentAdvisedNotToAttend

# A parent's name from the two columns read (Person.full_name without a Person per row).
_PersonName = namedtuple("_PersonName", "forename surname")


def family_meetings_to_record(user, now) -> WorkList:
    """The booked conferences the user chairs, not yet started, with a meeting with the family
    still to record (core.worklists.chair.chairs_open_conferences, read once for both of the
    chair's lists), and one query: the parents advised not to attend whom the chair has not met
    yet."""
    conferences = [
        row
        for row in chairs_open_conferences(user, now)
        if row.status == ConferenceStatus.BOOKED and row.started_at is None
    ]
    conferences, more = _trim(conferences)
    conference_ids = [row.pk for row in conferences]
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
        if conference_ids
        else ()
    ):
        name = Person.full_name.fget(_PersonName(forename, surname))
        advised.setdefault(conference_id, []).append((person_id, name))
    parents_url = url_maker("conferences:chair-meeting-parents")
    absent_parent_url = url_maker("conferences:chair-meeting-absent-parent", 2)
    preparation_url = url_maker("conferences:family-preparation")
    items = []
    for row in conferences:
        links = []
        if not row.parents_recorded:
            links.append(("Record the meeting with the parents", parents_url(row.pk)))
        for person_id, name in advised.get(row.pk, []):
            links.append(
                (
                    f"Record the meeting with {name} (advised not to attend)",
                    absent_parent_url(row.pk, person_id),
                )
            )
        if not links:
            continue
        items.append(
            WorkItem(
                text=row.name,
                href=preparation_url(row.pk),
                details=[
                    CONFERENCE_KINDS.get(row.kind, row.kind),
                    "Meet the parents at least 20 minutes before the conference",
                ],
                due=_starts_when(row.starts_at),
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
