"""Who may request conferences and who works the conference service's queue."""

import rules
from django.db.models import Q

from accounts.models import RoleCode
from accounts.rules import (
    has_role,
    is_chair,
    is_coordinator,
    is_qa_manager,
    is_social_worker,
    is_team_manager,
)

from .adjournment import may_submit_report
from .models import ConferenceChild, ConferenceStatus, Invitation

may_request_conference = is_social_worker | is_team_manager
may_work_request_queue = is_coordinator | is_qa_manager

rules.add_perm("conferences.request_conference", may_request_conference)
rules.add_perm("conferences.view_request_queue", may_work_request_queue)
rules.add_perm("conferences.withdraw_request", may_request_conference)


# Booking: the conference service allocates and books; the QA manager sees every conference; a
# chair sees the conferences they chair. Others reach only the conferences they are invited to.


@rules.predicate
def is_conference_chair(user, conference):
    return conference is not None and conference.chair_id == user.pk


may_book_conferences = is_coordinator
may_list_conferences = is_coordinator | is_qa_manager | is_chair

rules.add_perm("conferences.book_conference", may_book_conferences)
rules.add_perm("conferences.list_conferences", may_list_conferences)


@rules.predicate
def is_invited(user, conference):
    """An active invitation: how an agency professional reaches a conference (and only that)."""
    if conference is None or not (user and user.is_authenticated):
        return False
    known = _known_viewer_facts(conference, user)
    if known is not None:
        return known[0]
    return invitations_of(user, conference).exists()


@rules.predicate
def works_with_children(user, conference):
    """The lead social worker of a child on the conference, or that worker's team manager: they
    write and sign off the report to conference."""
    if conference is None or not (user and user.is_authenticated):
        return False
    known = _known_viewer_facts(conference, user)
    if known is not None:
        return known[1]
    return children_worked_with(user, conference).exists()


# A page that reads a conference may read is_invited and works_with_children with it, as
# subqueries of its own query (invitations_of and children_worked_with, with an OuterRef to the
# conference), and keep the answers on that instance: each view_conference asked of it then costs
# no query (issue 25). The answers live on the request's own instance, for one user.
_VIEWER_FACTS = "_viewer_facts"


def invitations_of(user, conference):
    """The user's active invitations to a conference (or an OuterRef to one)."""
    return Invitation.objects.filter(conference=conference, user=user, is_active=True)


def children_worked_with(user, conference):
    """The conference's children (the conference, or an OuterRef to one) whose lead social worker is
    the user or whose worker's team manager the user is."""
    return ConferenceChild.objects.filter(conference=conference).filter(
        Q(child__lead_social_worker=user) | Q(child__lead_social_worker__team__manager=user)
    )


def remember_viewer_facts(conference, user, *, invited: bool, works_with_children: bool):
    """Keep on `conference` whether `user` is invited to it and works with its children, read
    with it (invitations_of, children_worked_with), for is_invited and works_with_children."""
    conference.__dict__.setdefault(_VIEWER_FACTS, {})[user.pk] = (
        bool(invited),
        bool(works_with_children),
    )


def _known_viewer_facts(conference, user):
    return conference.__dict__.get(_VIEWER_FACTS, {}).get(user.pk)


# --- Invitations, arrangements, chair decisions and replies (issue 5 part 3) --------------------
# The conference service sends invitations and keeps the arrangements; the chair records their
# decisions; an invited professional replies to their own invitation (or the conference service
# on their behalf); the conference service, the QA manager and the conference's chair see the
# invitations, the letters and the advocacy referrals.

from accounts.rules import is_agency_professional  # noqa: E402


@rules.predicate
def is_invitations_user(user, invitation):
    return (
        invitation is not None
        and invitation.is_active
        and invitation.user_id is not None
        and invitation.user_id == user.pk
    )


may_view_invitations = is_coordinator | is_qa_manager | is_conference_chair

rules.add_perm("conferences.send_invitations", is_coordinator)
rules.add_perm("conferences.record_arrangements", is_coordinator)
rules.add_perm("conferences.record_advocacy_opt_out", is_coordinator)
rules.add_perm("conferences.record_chair_decision", is_conference_chair)
rules.add_perm("conferences.reply_to_invitation", is_invitations_user | is_coordinator)
rules.add_perm("conferences.view_invitations", may_view_invitations)
rules.add_perm("conferences.download_invitation_letter", may_view_invitations)
rules.add_perm("conferences.view_own_invitations", is_agency_professional)
# --- end of invitations block -------------------------------------------------------------------


# --- Where a conference is in its meeting ------------------------------------------------------
# Defined once: the pages ask these rather than reading the status and the start time themselves.


def is_booked_and_started(conference) -> bool:
    """Under way: booked and started, not yet held or cancelled. What is recorded at the
    meeting (the inquorate reason, the Signs of Safety record, the views and the decision, the
    inputs reason) and adjourning wait for this."""
    return (
        conference is not None
        and conference.status == ConferenceStatus.BOOKED
        and conference.started_at is not None
    )


def is_booked_not_started(conference) -> bool:
    """Booked and not started: the chair may start it; the conference service may still change
    the booking."""
    return (
        conference is not None
        and conference.status == ConferenceStatus.BOOKED
        and conference.started_at is None
    )


def has_started(conference) -> bool:
    """Started and not cancelled (under way or held): from then the minutes page shows the
    minutes."""
    return (
        conference is not None
        and conference.started_at is not None
        and conference.status != ConferenceStatus.CANCELLED
    )


# --- Holding the conference (issue 6) -----------------------------------------------------------
# The conference's chair or minute taker records it (attendance, the Signs of Safety record); only
# the chair records why an inquorate conference proceeds. The conference service and the QA
# manager may read the record. The minute taker now opens the conference's page too.


@rules.predicate
def is_conference_minute_taker(user, conference):
    return (
        conference is not None
        and conference.minute_taker_id is not None
        and conference.minute_taker_id == user.pk
    )


may_hold_conference = is_conference_chair | is_conference_minute_taker

# Who may see a conference, defined once: the conference service, the QA manager, its chair and
# minute taker, those invited, and the children's social workers and their managers.
rules.add_perm(
    "conferences.view_conference",
    is_coordinator
    | is_qa_manager
    | is_conference_chair
    | is_invited
    | works_with_children
    | is_conference_minute_taker,
)
rules.add_perm("conferences.hold_conference", may_hold_conference)
rules.add_perm(
    "conferences.view_conference_record", may_hold_conference | is_coordinator | is_qa_manager
)
rules.add_perm("conferences.record_quorate_reason", is_conference_chair)
rules.add_perm("conferences.record_inputs_reason", is_conference_chair)  # issue 17 item 10
# Issue 21 item 5: the chair's meetings with the family beforehand; only the chair records them,
# those who see the conference record (chair, minute taker, conference service, QA) read them.
rules.add_perm("conferences.record_chair_meeting", is_conference_chair)
# --- end of holding the conference --------------------------------------------------------------


# --- The decision (issue 6 parts 3 and 4) -------------------------------------------------------
# The chair or the minute taker records the views and the chair's decision as it is made; only
# the chair finalises it or adjourns the conference. The outline plan for the family is for the
# chair, the minute taker, the conference service and the children's social worker.


@rules.predicate
def is_childrens_social_worker(user, conference):
    if conference is None or not (user and user.is_authenticated):
        return False
    return conference.conference_children.filter(child__lead_social_worker=user).exists()


rules.add_perm(
    "conferences.view_decision",
    may_hold_conference | is_coordinator | is_qa_manager | is_childrens_social_worker,
)
rules.add_perm("conferences.record_decision", may_hold_conference)
rules.add_perm("conferences.finalise_decision", is_conference_chair)
rules.add_perm("conferences.adjourn_conference", is_conference_chair)
rules.add_perm(
    "conferences.download_outline_plan",
    may_hold_conference | is_coordinator | is_childrens_social_worker,
)
# Issue 18 item 3: the chair or the conference service records who has been given the outline plan.
rules.add_perm("conferences.record_outline_circulation", is_conference_chair | is_coordinator)
# --- end of the decision ------------------------------------------------------------------------


# --- Adjournments and escalations (issue 17) ------------------------------------------------------
# A manager's report during an adjournment is sent by a user of its agency who was at the
# conference or is invited to it; the chair, the conference service and the QA manager read it.
# An escalated decision is reviewed by a service manager or head of service; the chair and the QA
# manager may read it.


@rules.predicate
def may_send_adjournment_report(user, report):
    return report is not None and may_submit_report(report, user)


@rules.predicate
def chairs_reports_conference(user, report):
    return report is not None and report.conference.chair_id == user.pk


@rules.predicate
def chairs_escalated_conference(user, escalation):
    return escalation is not None and escalation.conference.chair_id == user.pk


is_senior_manager = has_role(RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE)

rules.add_perm("conferences.send_adjournment_report", may_send_adjournment_report)
rules.add_perm(
    "conferences.view_adjournment_report",
    may_send_adjournment_report | chairs_reports_conference | is_coordinator | is_qa_manager,
)
rules.add_perm("conferences.list_escalations", is_senior_manager | is_qa_manager)
rules.add_perm("conferences.review_escalation", is_senior_manager)
rules.add_perm(
    "conferences.view_escalation", is_senior_manager | is_qa_manager | chairs_escalated_conference
)


# --- Changing a booking (issue 18 item 1) ---------------------------------------------------------
# The conference service changes a booked conference's time, room or online link.
rules.add_perm("conferences.change_booking", is_coordinator)
