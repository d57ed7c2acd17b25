"""Business actions on plans. Keyword-only arguments, one transaction each, and a PlanError with a
plain-English message (and the form field it belongs to) when a rule forbids the action.

A conference decision starts a child protection plan (start_child_protection_plan) or a Child in
Need plan (start_child_in_need_plan); a review continues a plan (continue_plan_at_review). What a
conference set (danger statements and safety goals) is changed only with a conference that is
being held or was held for the plan's child (amend_conference_danger_statement); the core group
adds danger statements and actions (add_core_group_danger_statement, add_action).

The actions live in submodules by area of the process: starting, reviews, child_in_need,
child_in_need_work (a Child in Need plan's core group, reviews, actions, end; Early Help),
danger_statements_and_actions, ending_a_plan, sweep (reached 18, plans of 2 years),
between_conferences, smaller_duties (specialist assessments, Family Group Conference),
transfer_in and looked_after (issue 22); what they share is in _common. Every name other code
uses is imported here: import from plans.services.
"""

from ._common import (
    REVIEW_RULES,
    PlanError,
    _email,
    _initial_invitees,
    _queue_emails,
    _saved,
)
from .between_conferences import (
    last_conference_of,
    later_conferences,
    may_review_drift,
    may_write_midway_note,
    record_drift_review,
    write_midway_note,
)
from .child_in_need import start_child_in_need_plan
from .child_in_need_work import (
    CIN_REVIEW_RULES,
    add_cin_action,
    add_cin_core_group_member,
    cin_plan_lasts_until,
    complete_cin_action,
    early_help_first_review_by,
    end_child_in_need_plan,
    end_for_child_protection,
    live_review_rule,
    may_manage_child_in_need_plan,
    minimum_length,
    record_cin_review,
    record_early_help_plan,
    remove_cin_core_group_member,
)
from .danger_statements_and_actions import (
    add_action,
    add_core_group_danger_statement,
    amend_conference_danger_statement,
)
from .ending_a_plan import (
    ENDED_BY_A_REVIEW_ONLY,
    ENDER_ROLES,
    _live_plan_deadlines,
    end_plan,
    is_first_review,
    may_end_plan_outside_conference,
)
from .looked_after import (
    close_prompts_for_review,
    dismiss_early_review_prompt,
    end_looked_after_period,
    may_record_looked_after,
    record_looked_after_period,
)
from .reviews import continue_plan_at_review, meet_end_notice, record_end_recommendation
from .safety_planning import (
    FORMING_ACTION,
    add_safety_network_member,
    change_safety_network_member,
    may_write_safety_planning,
    record_family_safety_plan,
    record_my_plan_explanation,
    set_words_for_child,
    stop_safety_network_member,
)
from .smaller_duties import (
    is_chair_of_last_conference,
    may_record_plan_duties,
    record_fgc_outcome,
    record_fgc_recommendation,
    request_specialist_assessment,
    update_specialist_assessment,
)
from .starting import start_child_protection_plan
from .sweep import _eighteenth_birthday, end_plans_of_adults, notify_long_plans
from .transfer_in import (
    TRANSFER_IN_ROLES,
    may_record_transfer_in,
    meet_transfer_in,
    record_transfer_in,
    waiting_transfer_in,
)

__all__ = [
    "is_chair_of_last_conference",
    "may_record_plan_duties",
    "record_fgc_outcome",
    "record_fgc_recommendation",
    "request_specialist_assessment",
    "update_specialist_assessment",
    "ENDED_BY_A_REVIEW_ONLY",
    "ENDER_ROLES",
    "FORMING_ACTION",
    "REVIEW_RULES",
    "TRANSFER_IN_ROLES",
    "PlanError",
    "_eighteenth_birthday",
    "_email",
    "_initial_invitees",
    "_live_plan_deadlines",
    "_saved",
    "_queue_emails",
    "add_action",
    "close_prompts_for_review",
    "dismiss_early_review_prompt",
    "end_looked_after_period",
    "may_record_looked_after",
    "record_looked_after_period",
    "add_safety_network_member",
    "change_safety_network_member",
    "may_write_safety_planning",
    "record_family_safety_plan",
    "record_my_plan_explanation",
    "set_words_for_child",
    "stop_safety_network_member",
    "add_core_group_danger_statement",
    "amend_conference_danger_statement",
    "continue_plan_at_review",
    "end_plan",
    "end_plans_of_adults",
    "is_first_review",
    "last_conference_of",
    "later_conferences",
    "may_end_plan_outside_conference",
    "may_record_transfer_in",
    "may_review_drift",
    "may_write_midway_note",
    "meet_end_notice",
    "meet_transfer_in",
    "notify_long_plans",
    "record_drift_review",
    "record_end_recommendation",
    "record_transfer_in",
    "start_child_in_need_plan",
    "CIN_REVIEW_RULES",
    "add_cin_action",
    "add_cin_core_group_member",
    "complete_cin_action",
    "early_help_first_review_by",
    "end_child_in_need_plan",
    "live_review_rule",
    "may_manage_child_in_need_plan",
    "record_cin_review",
    "record_early_help_plan",
    "remove_cin_core_group_member",
    "cin_plan_lasts_until",
    "end_for_child_protection",
    "minimum_length",
    "start_child_protection_plan",
    "waiting_transfer_in",
    "write_midway_note",
]
