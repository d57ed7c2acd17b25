"""Who may see a child protection plan.

The authority's staff who may see the child (restricted records only for the people named on
them); an agency professional only while they are an active member of the plan's core group (and,
for a restricted child, named on the record). plans.selectors applies the same scope in SQL.
"""

import rules

from accounts.line_management import is_worker_or_manager
from children.rules import is_named_on_record, may_see_authority_children, may_see_child
from conferences.services import may_request_early_review

from .services import may_end_plan_outside_conference
from .services import may_manage_child_in_need_plan as _manages_cin
from .services import may_record_looked_after as _records_looked_after
from .services import may_write_safety_planning as _writes


@rules.predicate
def is_core_group_member(user, plan) -> bool:
    if plan is None or not (user and user.is_authenticated):
        return False
    return plan.core_group_members.filter(user=user, is_active=True).exists()


@rules.predicate
def may_see_plans_child(user, plan) -> bool:
    return plan is not None and bool(may_see_child(user, plan.child))


@rules.predicate
def is_named_on_restricted_child(user, plan) -> bool:
    if plan is None:
        return False
    return not plan.child.is_restricted or bool(is_named_on_record(user, plan.child))


may_view_plan = (may_see_authority_children & may_see_plans_child) | (
    is_core_group_member & is_named_on_restricted_child
)

rules.add_perm("plans.view_plan", may_view_plan)


# --- Ending a plan (issue 7 part 6) ---------------------------------------------------------------


@rules.predicate
def may_record_ending(user, plan) -> bool:
    return plan is not None and plan.is_active and may_end_plan_outside_conference(plan, user)


@rules.predicate
def is_lead_social_worker_or_manager(user, plan) -> bool:
    if plan is None or not (user and user.is_authenticated):
        return False
    worker = plan.child.lead_social_worker
    return is_worker_or_manager(user, worker)


rules.add_perm("plans.end_plan", may_view_plan & may_record_ending)
rules.add_perm("plans.recommend_ending", may_view_plan & is_lead_social_worker_or_manager)


# --- The family's safety planning and "My plan" (issue 21 items 6 and 7) ------------------------


@rules.predicate
def may_write_safety_planning(user, plan) -> bool:
    return plan is not None and _writes(plan, user)


rules.add_perm("plans.write_safety_planning", may_view_plan & may_write_safety_planning)


# --- Child in Need plans (issue 22 item 4) --------------------------------------------------------
# The authority's staff who may see the child read a Child in Need plan; the child's lead social
# worker or their manager keep it (core group, reviews, actions, ending) while it is active, and
# record the Early Help plan a child protection plan stepped down to.


@rules.predicate
def may_manage_child_in_need(user, plan) -> bool:
    return _manages_cin(plan, user)


@rules.predicate
def is_active_plan(user, plan) -> bool:
    return plan is not None and plan.is_active


may_view_child_in_need_plan = may_see_authority_children & may_see_plans_child

rules.add_perm("plans.view_child_in_need_plan", may_view_child_in_need_plan)
rules.add_perm(
    "plans.change_child_in_need_plan",
    may_view_child_in_need_plan & is_active_plan & may_manage_child_in_need,
)
rules.add_perm("plans.record_early_help_plan", may_view_plan & may_manage_child_in_need)
# --- Looked-after periods and early reviews (issue 22) -------------------------------------------


@rules.predicate
def may_record_child_looked_after(user, child) -> bool:
    return child is not None and _records_looked_after(child, user)


@rules.predicate
def may_ask_for_early_review(user, plan) -> bool:
    return plan is not None and may_request_early_review(plan, user)


rules.add_perm("plans.record_looked_after", may_see_child & may_record_child_looked_after)
rules.add_perm("plans.request_early_review", may_view_plan & may_ask_for_early_review)
rules.add_perm(
    "plans.dismiss_early_review_prompt", may_view_plan & is_lead_social_worker_or_manager
)
