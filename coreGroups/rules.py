"""Who may do what with core group meetings and visits.

- Plan and record meetings (and add to the plan at one): the child's lead social worker, their team
  manager (the team's manager or their line manager) and, for a meeting, its chair.
- Record visits: the lead social worker or their team manager.
- Read a meeting's record: whoever may see the plan (plans.view_plan: the authority's staff who
  may see the child, and the plan's active core group members who sign in).
- Read the visits: the authority's staff who may see the plan (not agency professionals).

The services check the same functions, so a page and the business action never disagree.
"""

import rules

from accounts.line_management import manages
from children.rules import may_see_authority_children
from plans.rules import may_see_plans_child, may_view_plan


def leads_the_plan(user, plan) -> bool:
    """The child's lead social worker or their team manager."""
    if plan is None or not (user and user.is_authenticated):
        return False
    worker = plan.child.lead_social_worker
    if worker is None:
        return False
    return user.pk == worker.pk or manages(user, worker)


def is_team_manager_of_worker(user, plan) -> bool:
    """The lead social worker's team manager (or line manager)."""
    if plan is None or user is None:
        return False
    worker = plan.child.lead_social_worker
    return manages(user, worker)


def may_record_meeting_for(user, meeting) -> bool:
    if meeting is None:
        return False
    if leads_the_plan(user, meeting.plan):
        return True
    return bool(user and user.is_authenticated and meeting.chaired_by_id == user.pk)


@rules.predicate
def plan_lead(user, plan) -> bool:
    return leads_the_plan(user, plan)


@rules.predicate
def meeting_recorder(user, meeting) -> bool:
    return may_record_meeting_for(user, meeting)


@rules.predicate
def may_view_meetings_plan(user, meeting) -> bool:
    return meeting is not None and bool(may_view_plan.test(user, meeting.plan))


rules.add_perm("coreGroups.plan_meeting", plan_lead)
rules.add_perm("coreGroups.record_meeting", meeting_recorder)
rules.add_perm("coreGroups.view_meeting", may_view_meetings_plan)
rules.add_perm("coreGroups.record_visit", plan_lead)
rules.add_perm("coreGroups.view_visits", may_see_authority_children & may_see_plans_child)
