"""The outline plan is circulated, not downloaded (issue 18 item 3, ADR 0043).

001 asks for the outline plan to be distributed within one working day of the conference; 004
counts OUTLINE_PLAN from it. The plan is circulated when it has reached the people it is for: the
family members named for the conference (the active family invitations) and the core group the
conference named (the active core group members of the plans its decisions created or
continued). The chair or the conference service records, per recipient, how it reached them
(email, letter, or handed over in person at the end of the meeting), on which day and by whom.

OUTLINE_PLAN is met when every recipient has a recorded circulation, on the day the last of them
received it. Generating or downloading the PDF never meets it. A conference with no recipient at
all (no family invited and no core group) leaves the deadline to the chair to close with a reason.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from core.history import save_as
from plans.models import CoreGroupMember
from timescales import services as timescale_services
from timescales.models import RuleCode

from .models import (
    ChildDecision,
    CirculationMethod,
    Conference,
    ConferenceStatus,
    Invitation,
    InviteeKind,
    OutlinePlanCirculation,
)
from .services import ConferenceBookingError


class CirculationError(ConferenceBookingError):
    """A rule about circulating the outline plan forbids the action (plain English)."""


@dataclass
class Recipient:
    key: str
    name: str
    is_family: bool
    description: str = ""
    person: object = None
    user: object = None
    circulation: OutlinePlanCirculation | None = None

    @property
    def is_recorded(self) -> bool:
        return self.circulation is not None


def _member_key(member) -> str:
    if member.person_id:
        return f"person:{member.person_id}"
    if member.user_id:
        return f"user:{member.user_id}"
    return f"name:{member.name.strip().lower()}"[:250]


def recipients_of(conference: Conference) -> list[Recipient]:
    """The named family members and the core group, each once (family first), with the
    circulation recorded for each. Three queries whatever the numbers."""
    recipients: dict[str, Recipient] = {}
    for invitation in Invitation.objects.filter(
        conference=conference, kind=InviteeKind.FAMILY, is_active=True
    ).order_by("name", "pk"):
        key = (
            f"person:{invitation.person_id}"
            if invitation.person_id
            else f"name:{invitation.name.strip().lower()}"[:250]
        )
        recipients.setdefault(
            key,
            Recipient(
                key=key,
                name=invitation.name,
                is_family=True,
                description=invitation.connection,
                person=invitation.person if invitation.person_id else None,
            ),
        )
    plans = ChildDecision.objects.filter(
        conference=conference, child_protection_plan__isnull=False
    ).values("child_protection_plan_id")
    members = (
        CoreGroupMember.objects.filter(plan_id__in=plans, is_active=True)
        .select_related("person", "user")
        .order_by("name", "pk")
    )
    for member in members:
        key = _member_key(member)
        if key in recipients:
            continue
        recipients[key] = Recipient(
            key=key,
            name=member.name,
            is_family=member.is_family,
            description=member.role or ("Family" if member.is_family else "Core group"),
            person=member.person,
            user=member.user,
        )
    for row in OutlinePlanCirculation.objects.filter(conference=conference).select_related(
        "circulated_by"
    ):
        if row.recipient_key in recipients:
            recipients[row.recipient_key].circulation = row
    return sorted(recipients.values(), key=lambda r: (not r.is_family, r.name.lower(), r.key))


def people_who_may_circulate(conference: Conference, by) -> list:
    """Who may have sent or handed over the plan: the chair, the minute taker, the coordinator
    who booked the conference, the children's lead social workers, and whoever records it."""
    people = [
        conference.chair,
        conference.minute_taker,
        conference.booked_by,
        *(link.child.lead_social_worker for link in conference.conference_children.all()),
        by,
    ]
    seen, result = set(), []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def may_record(user, conference: Conference) -> bool:
    return conference.chair_id == user.pk or user.has_role(RoleCode.CONFERENCE_COORDINATOR)


def held_on(conference: Conference) -> datetime.date:
    """The day the conference met (the day OUTLINE_PLAN counts from)."""
    return (
        timezone.localdate(conference.starts_at) if conference.starts_at else timezone.localdate()
    )


def record_circulation(
    *,
    conference: Conference,
    by,
    recipient_keys,
    method: str,
    circulated_on: datetime.date,
    circulated_by,
) -> list[OutlinePlanCirculation]:
    """Record that the outline plan reached each of `recipient_keys` (keys from
    `recipients_of`) by `method` on `circulated_on`, sent or handed over by `circulated_by`.
    Recording a recipient again corrects their row (history keeps the old one), so a double
    submission records each recipient once. When every recipient is recorded, OUTLINE_PLAN is
    met on the day the last of them received it."""
    if not may_record(by, conference):
        raise CirculationError(
            "Only the conference's chair or the conference service can record who has the "
            "outline plan"
        )
    keys = list(dict.fromkeys(k for k in (recipient_keys or []) if k))
    if not keys:
        raise CirculationError("Select who was given the outline plan", field="recipients")
    if method not in CirculationMethod.values:
        raise CirculationError("Select how the outline plan was given to them", field="method")
    if not isinstance(circulated_on, datetime.date):
        raise CirculationError("Enter the date they were given it", field="circulated_on")
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("chair", "minute_taker", "booked_by")
            .get(pk=conference.pk)
        )
        if locked.status != ConferenceStatus.HELD:
            raise CirculationError(
                "The outline plan is circulated once the conference has reached its decisions"
            )
        day = held_on(locked)
        if circulated_on < day:
            raise CirculationError(
                "The date cannot be before the conference", field="circulated_on"
            )
        if circulated_on > timezone.localdate():
            raise CirculationError("The date cannot be in the future", field="circulated_on")
        if method == CirculationMethod.IN_PERSON and circulated_on != day:
            raise CirculationError(
                "A plan handed over at the end of the meeting was given on the day of the "
                "conference",
                field="circulated_on",
            )
        allowed = {p.pk for p in people_who_may_circulate(locked, by)}
        if circulated_by is None or circulated_by.pk not in allowed:
            raise CirculationError(
                "Select who sent or handed over the outline plan", field="circulated_by"
            )
        recipients = {r.key: r for r in recipients_of(locked)}
        unknown = [k for k in keys if k not in recipients]
        if unknown:
            raise CirculationError(
                "Select only family members and core group members of this conference",
                field="recipients",
            )
        now = timezone.now()
        saved = []
        for key in keys:
            recipient = recipients[key]
            row = recipient.circulation or OutlinePlanCirculation(
                conference=locked,
                recipient_key=key,
                recipient_name=recipient.name[:200],
                is_family=recipient.is_family,
                person=recipient.person,
                user=recipient.user,
            )
            row.method, row.circulated_on, row.circulated_by = method, circulated_on, circulated_by
            row.recorded_by, row.recorded_at = by, now
            save_as(row, by=by)
            recipient.circulation = row
            saved.append(row)
        everyone = list(recipients.values())
        if everyone and all(r.is_recorded for r in everyone):
            last = max(r.circulation.circulated_on for r in everyone)
            timescale_services.meet_deadline(
                rule=RuleCode.OUTLINE_PLAN, subject=locked, met_on=last
            )
    return saved
