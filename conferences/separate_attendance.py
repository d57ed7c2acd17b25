"""Issue 18 item 2 (004 chairs' item 4; 003: "may need to keep parents separate"): when the
request records that a parent must attend separately (domestic abuse), the coordinator records
each family member's own arrival time, time to meet the chair and, where arranged, room. Each
letter carries its recipient's arrangements only; invitations are refused until every parent on
the invite list has theirs. The professionals' invitation and the chair's page say that separate
attendance is arranged, never one parent's details to the other.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from children.models import PARENT_RELATIONSHIPS, FamilyLink, Relationship
from core.history import save_as

from .family_invitees import family_invitees
from .letters import time_of_day as time_text
from .models import Conference, ConferenceStatus, SeparateArrangement
from .services import OPEN_CONFERENCE_STATUSES, InvitationError

# Who the rule counts as a parent: someone kept apart from a parent is usually one of these.
PARENTS_FOR_SEPARATE_ATTENDANCE = PARENT_RELATIONSHIPS | {Relationship.PARENTS_PARTNER}


@dataclass(frozen=True)
class ArrangementInput:
    """What the coordinator typed for one family member (all empty: no separate arrangements)."""

    arrive_at: datetime.time | None = None
    meet_chair_at: datetime.time | None = None
    room: str = ""


def field_names(person_id: int) -> dict[str, str]:
    """The form field each part of one person's arrangements belongs to (for error messages)."""
    return {
        "arrive_at": f"arrive_at_{person_id}",
        "meet_chair_at": f"meet_chair_at_{person_id}",
        "room": f"room_{person_id}",
    }


def _start_time(conference) -> datetime.time | None:
    if conference.starts_at is None:
        return None
    return timezone.localtime(conference.starts_at).time()


def _check_one(name: str, person_id: int, given: ArrangementInput, starts: datetime.time | None):
    fields = field_names(person_id)
    if given.arrive_at is None and given.meet_chair_at is None:
        if given.room.strip():
            raise InvitationError(
                f"Enter {name}'s arrival time, or leave their room empty", field=fields["arrive_at"]
            )
        return
    if given.arrive_at is None:
        raise InvitationError(f"Enter {name}'s arrival time", field=fields["arrive_at"])
    if given.meet_chair_at is None:
        raise InvitationError(
            f"Enter the time {name} meets the chair", field=fields["meet_chair_at"]
        )
    if given.arrive_at > given.meet_chair_at:
        raise InvitationError(
            f"{name}'s arrival time must be at or before the time they meet the chair",
            field=fields["arrive_at"],
        )
    if starts is not None and given.meet_chair_at >= starts:
        raise InvitationError(
            f"The time {name} meets the chair must be before the conference starts at "
            f"{time_text(starts)}",
            field=fields["meet_chair_at"],
        )


def _check_apart(named: list[tuple[str, int, ArrangementInput]]) -> None:
    """People kept apart never arrive, nor meet the chair, at the same time."""
    arranged = [(name, pk, given) for name, pk, given in named if given.arrive_at is not None]
    for index, (name, pk, given) in enumerate(arranged):
        for other_name, _other_pk, other in arranged[:index]:
            if given.arrive_at == other.arrive_at:
                raise InvitationError(
                    f"{name} and {other_name} must not arrive at the same time",
                    field=field_names(pk)["arrive_at"],
                )
            if given.meet_chair_at == other.meet_chair_at:
                raise InvitationError(
                    f"{name} and {other_name} must not meet the chair at the same time",
                    field=field_names(pk)["meet_chair_at"],
                )
            if given.room.strip() and given.room.strip().lower() == other.room.strip().lower():
                raise InvitationError(
                    f"{name} and {other_name} must not wait in the same room",
                    field=field_names(pk)["room"],
                )


def record_separate_arrangements(
    *, conference: Conference, by, arrangements: Mapping[int, ArrangementInput]
) -> list[SeparateArrangement]:
    """Record each family member's own arrangements (keyed by person id). Someone left empty has
    none (a row they had is emptied, never deleted). Only for a conference whose arrangements say
    someone must attend separately, and only for family members on its invite list."""
    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise InvitationError("Only a conference coordinator can record separate arrangements")
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.status not in OPEN_CONFERENCE_STATUSES:
            raise InvitationError(
                "The arrangements of a conference that is "
                f"{locked.get_status_display().lower()} cannot be changed"
            )
        if not locked.separate_attendance_needed:
            raise InvitationError(
                "This conference's arrangements do not say that anyone must attend separately. "
                "Change the arrangements first"
            )
        invitees = {invitee.person_id: invitee for invitee in family_invitees(locked)}
        unknown = set(arrangements) - set(invitees)
        if unknown:
            raise InvitationError("Choose family members on the conference's invite list")
        starts = _start_time(locked)
        named = []
        for person_id, given in arrangements.items():
            name = invitees[person_id].name
            _check_one(name, person_id, given, starts)
            named.append((name, person_id, given))
        _check_apart(named)
        existing = {
            row.person_id: row
            for row in SeparateArrangement.objects.select_for_update().filter(conference=locked)
        }
        now = timezone.now()
        saved = []
        for person_id, given in arrangements.items():
            row = existing.get(person_id)
            if row is None and given.arrive_at is None:
                continue
            row = row or SeparateArrangement(conference=locked, person_id=person_id)
            row.arrive_at, row.meet_chair_at = given.arrive_at, given.meet_chair_at
            row.room = given.room.strip() if given.arrive_at is not None else ""
            row.recorded_by, row.recorded_at = by, now
            save_as(row, by=by)
            saved.append(row)
    return saved


def recorded_arrangements(conference) -> dict[int, SeparateArrangement]:
    """Every row recorded for the conference, emptied ones too, by person id (one query): what
    the coordinator's form starts from."""
    return {row.person_id: row for row in SeparateArrangement.objects.filter(conference=conference)}


def arrangements_for(conference) -> dict[int, SeparateArrangement]:
    """The family members' own arrangements that are in force, by person id (one query)."""
    if not conference.separate_attendance_needed:
        return {}
    return {
        row.person_id: row
        for row in SeparateArrangement.objects.filter(
            conference=conference, arrive_at__isnull=False
        )
    }


@dataclass(frozen=True)
class ArrangementLine:
    """One family member's arrangements as the coordinator's and the chair's pages show them."""

    name: str
    arrive_at: str
    meet_chair_at: str
    room: str


def separate_arrangements_listed(conference) -> list[ArrangementLine]:
    """Each family member's own arrangements, earliest arrival first (one query), for the
    coordinator and the chair; never for a family member's letter."""
    if not conference.separate_attendance_needed:
        return []
    rows = (
        SeparateArrangement.objects.filter(conference=conference, arrive_at__isnull=False)
        .select_related("person")
        .order_by("arrive_at", "pk")
    )
    return [
        ArrangementLine(
            name=row.person.full_name,
            arrive_at=time_text(row.arrive_at),
            meet_chair_at=time_text(row.meet_chair_at),
            room=row.room,
        )
        for row in rows
    ]


def people_who_need_arrangements(conference, invitees) -> list:
    """The family invitees who must have their own arrangements while separate attendance is
    needed: each parent (mother, father, step-parent, a parent's partner) of a child the
    conference is about; if none is on the list, everyone in the family on it."""
    person_ids = [invitee.person_id for invitee in invitees if invitee.person_id]
    parents = set(
        FamilyLink.objects.filter(
            person_id__in=person_ids,
            child__conference_links__conference=conference,
            ended_at__isnull=True,
            relationship__in=PARENTS_FOR_SEPARATE_ATTENDANCE,
        ).values_list("person_id", flat=True)
    )
    needed = [invitee for invitee in invitees if invitee.person_id in parents]
    return needed or [invitee for invitee in invitees if invitee.person_id]


def check_ready_to_send(conference) -> dict[int, SeparateArrangement]:
    """Called by send_invitations inside its transaction: while separate attendance is needed,
    refuse (in plain English) until each parent on the invite list has their own arrival time and
    time to meet the chair, before the conference starts. Returns the arrangements by person."""
    if not conference.separate_attendance_needed:
        return {}
    arranged = arrangements_for(conference)
    invitees = family_invitees(conference)
    missing = [
        invitee.name
        for invitee in people_who_need_arrangements(conference, invitees)
        if invitee.person_id not in arranged
    ]
    if missing:
        raise InvitationError(
            "Someone must attend separately, so each parent needs their own arrival time and "
            "time to meet the chair before the invitations are sent. Record them for "
            + _names(missing)
        )
    starts = _start_time(conference)
    if conference.status == ConferenceStatus.BOOKED and starts is not None:
        names = {invitee.person_id: invitee.name for invitee in invitees}
        late = [
            names.get(person_id, "a family member")
            for person_id, row in arranged.items()
            if row.meet_chair_at >= starts
        ]
        if late:
            raise InvitationError(
                f"The conference now starts at {time_text(starts)}: change the time "
                f"{_names(late)} meets the chair so that it is before then"
            )
    return arranged


def _names(names: list[str]) -> str:
    names = sorted(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
