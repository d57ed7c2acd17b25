"""The initial (or pre-birth) conference that follows an enquiry needing one: the request, the
booking, the invitations and, once held, its decisions.

Uses `add` and `pending` (writer), `working_day`, `at` and `book` (diary), `deadline`
(deadlines), `_signs_of_safety`, `_decision` and `_child_in_need` (decisions) and
`_protection_plans` (plans).
"""

from __future__ import annotations

import datetime

from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceStatus,
    ConferenceType,
    DecisionOutcome,
    Invitation,
    InvitationMethod,
    InvitationReply,
    InviteeKind,
    RequestStatus,
)
from scale.generator.constants import CONFERENCE_MINUTES, DANGERS, SCALE_DOMAIN
from timescales.models import RuleCode


class InitialConferences:
    """Request, book, invite and hold the initial conference."""

    def _initial_conference(self, children, enquiries, parents, worker, day, concluded):
        rng = self.rng
        held_at = self.at(day, 10)
        sent_at = self.at(concluded, 15)
        unborn = any(c.is_unborn for c in children)
        on_time = rng.random() < 0.85
        icpc_day = self.working_day(day, 15 if on_time else 15 + rng.randint(1, 10))
        icpc_day = max(icpc_day, self.working_day(concluded, 4))
        request = self.add(
            ConferenceRequest(
                conference_type=ConferenceType.PRE_BIRTH if unborn else ConferenceType.INITIAL,
                status=RequestStatus.BOOKED,
                requested_by=worker,
                team_id=worker.team_id,
                sent_at=sent_at,
            )
        )
        for child, enquiry in zip(children, enquiries, strict=True):
            self.add(ConferenceRequestChild(request=request, child=child, enquiry=enquiry))
            self.deadline(
                RuleCode.ICPC_REQUEST,
                enquiry,
                start=held_at,
                met_at=sent_at,
                child=child,
                responsible=worker,
            )
        chair_index, starts_at = self.book(icpc_day)
        chair = self.staff.chairs[chair_index]
        coordinator = self.staff.coordinators[chair_index % len(self.staff.coordinators)]
        allocated_at = sent_at + datetime.timedelta(hours=20)
        booked_at = allocated_at + datetime.timedelta(hours=2)
        conference = self.add(
            Conference(
                kind=ConferenceKind.PRE_BIRTH if unborn else ConferenceKind.INITIAL,
                request=request,
                status=ConferenceStatus.BOOKED if starts_at > self.now else ConferenceStatus.HELD,
                chair=chair,
                minute_taker=self.staff.minute_takers[chair_index],
                venue=self.staff.venues[chair_index],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                late_reason="" if on_time else "No chair was free within 15 working days.",
                allocated_at=allocated_at,
                allocated_by=coordinator,
                booked_at=booked_at,
                booked_by=coordinator,
                invitations_sent_at=booked_at + datetime.timedelta(hours=1),
            )
        )
        held = conference.status == ConferenceStatus.HELD
        if held:
            conference.started_at = starts_at
            conference.started_by = chair
            conference.parents_met_chair_beforehand = "yes"
        self.deadline(
            RuleCode.CHAIR_ALLOC,
            request,
            start=sent_at,
            met_at=allocated_at,
            responsible=coordinator,
        )
        self.deadline(
            RuleCode.INVITES,
            conference,
            start=booked_at,
            met_at=conference.invitations_sent_at,
            responsible=coordinator,
            chair=chair,
        )
        self._report_to_chair(conference, worker, held)
        for child, enquiry in zip(children, enquiries, strict=True):
            self.add(ConferenceChild(conference=conference, child=child, enquiry=enquiry))
            self.deadline(
                RuleCode.ICPC_DUE,
                enquiry,
                start=held_at,
                met_at=starts_at if held else None,
                live=not held,
                child=child,
                responsible=worker,
                chair=chair,
            )
        for person, relationship in parents:
            self.add(
                Invitation(
                    conference=conference,
                    kind=InviteeKind.FAMILY,
                    person=person,
                    name=person.full_name,
                    connection=relationship.label,
                    method=InvitationMethod.LETTER,
                    sent_at=conference.invitations_sent_at,
                    sent_by=coordinator,
                    reply=InvitationReply.ATTENDING,
                )
            )
        for child in children:
            for involvement in child._involvements:
                self.add(
                    Invitation(
                        conference=conference,
                        kind=InviteeKind.PROFESSIONAL,
                        involvement=involvement,
                        agency_id=involvement.agency_id,
                        name=involvement.name,
                        connection=involvement.get_role_display(),
                        organisation=involvement.organisation,
                        email=f"professional{len(self.pending[Invitation])}@{SCALE_DOMAIN}",
                        method=InvitationMethod.EMAIL,
                        sent_at=conference.invitations_sent_at,
                        sent_by=coordinator,
                        reply=InvitationReply.ATTENDING
                        if rng.random() < 0.8
                        else InvitationReply.APOLOGIES,
                    )
                )
        if not held:
            return None
        dangers = rng.sample(DANGERS, 2)
        self._signs_of_safety(conference, chair, dangers)
        roll = rng.random()
        if roll < 0.8:
            return self._protection_plans(children, conference, chair, worker, icpc_day, dangers)
        outcome = (
            DecisionOutcome.CHILD_IN_NEED_PLAN if roll < 0.9 else DecisionOutcome.NO_FURTHER_ACTION
        )
        ended = icpc_day
        for child in children:
            cin = None
            if outcome == DecisionOutcome.CHILD_IN_NEED_PLAN:
                cin, end = self._child_in_need(child, icpc_day, conference, worker)
                ended = None if end is None or ended is None else max(ended, end)
            self._decision(conference, child, chair, worker, outcome, cin=cin)
        return ended

    def _report_to_chair(self, conference, worker, held):
        """The social work report's deadline, counted back from the meeting: sent in time or
        late, and now and then never sent, so the conference was held without it (missed)."""
        rng = self.rng
        _, due_at = self.due(RuleCode.SW_REPORT_CHAIR, conference.starts_at)
        if held and rng.random() < 0.1:
            self.deadline(
                RuleCode.SW_REPORT_CHAIR,
                conference,
                start=conference.starts_at,
                missed=True,
                responsible=worker,
                chair=conference.chair,
            )
            return
        sent_at = due_at - datetime.timedelta(hours=rng.choice([-20, 4, 30, 50]))
        sent = sent_at <= self.now
        self.deadline(
            RuleCode.SW_REPORT_CHAIR,
            conference,
            start=conference.starts_at,
            met_at=sent_at if sent else None,
            live=not sent,
            responsible=worker,
            chair=conference.chair,
        )
