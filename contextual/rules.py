"""Who may do what with Contextual Safeguarding Conferences (ADR 61).

Ask: a social worker or team manager who may see the young person. Book (and book a review):
the conference service. Hold (the decision form): the conference's chair, from the day it is
booked for. Keep the plan's outcomes: the chair of its latest conference, or the young person's
lead social worker or their manager. See: the authority's staff who may see the young person,
and an agency professional invited to one of the young person's conferences. The services ask
the same questions (contextual.services._common).
"""

import rules

from accounts.rules import is_coordinator, is_qa_manager
from children.rules import may_see_authority_children, may_see_child

from .models import OPEN_STATUSES
from .services import may_book, may_hold, may_keep_plan, may_request


@rules.predicate
def may_ask_for(user, child) -> bool:
    return child is not None and may_request(child, user)


@rules.predicate
def sees_young_person(user, obj) -> bool:
    return (
        obj is not None
        and bool(may_see_authority_children(user))
        and bool(may_see_child(user, obj.child))
    )


@rules.predicate
def is_invited_to_young_persons_conference(user, obj) -> bool:
    if obj is None or not (user and user.is_authenticated):
        return False
    return obj.child.contextual_conferences.filter(
        invitations__user=user, invitations__is_active=True
    ).exists()


@rules.predicate
def is_invited_to_this_conference(user, conference) -> bool:
    if conference is None or not (user and user.is_authenticated):
        return False
    return conference.invitations.filter(user=user, is_active=True).exists()


@rules.predicate
def is_open(user, conference) -> bool:
    return conference is not None and conference.status in OPEN_STATUSES


@rules.predicate
def books(user) -> bool:
    return may_book(user)


@rules.predicate
def holds(user, conference) -> bool:
    return may_hold(conference, user)


@rules.predicate
def keeps_plan(user, plan) -> bool:
    return may_keep_plan(plan, user)


@rules.predicate
def plan_waits_for_review_booking(user, plan) -> bool:
    return (
        plan is not None
        and plan.is_active
        and not plan.child.contextual_conferences.filter(status__in=OPEN_STATUSES).exists()
    )


may_view_conference = sees_young_person | is_invited_to_this_conference
may_view_plan = sees_young_person | is_invited_to_young_persons_conference

rules.add_perm("contextual.request_conference", may_see_child & may_ask_for)
rules.add_perm("contextual.view_queue", is_coordinator | is_qa_manager)
rules.add_perm("contextual.view_conference", may_view_conference)
rules.add_perm("contextual.book_conference", sees_young_person & books & is_open)
rules.add_perm("contextual.hold_conference", sees_young_person & holds)
rules.add_perm("contextual.view_plan", may_view_plan)
rules.add_perm("contextual.keep_plan", sees_young_person & keeps_plan)
rules.add_perm("contextual.book_review", sees_young_person & books & plan_waits_for_review_booking)
