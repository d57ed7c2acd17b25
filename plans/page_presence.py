"""Which of the plan page's lists have any rows, asked as columns of the plan's own query
(core.presence, ADR 80).

Most plans have no category changes, midway notes, safety network, explanations to the child,
specialist assessments, scores, early reviews or recorded views yet: reading each empty list was
half the plan page's queries (issue 25). Each condition finds a row whenever its list would
(the same table, keyed by the plan or its child, without the list's other conditions).
"""

from core.presence import presence

from .models import ChildProtectionPlan

PLAN_PAGE_LISTS = {
    "category_changes": "SELECT 1 FROM {plans.PlanCategoryChange} x WHERE x.plan_id = {self}.id",
    "midway_notes": "SELECT 1 FROM {plans.MidwayReviewNote} x WHERE x.plan_id = {self}.id",
    "safety_network": "SELECT 1 FROM {plans.SafetyNetworkMember} x WHERE x.plan_id = {self}.id",
    "explanations": "SELECT 1 FROM {plans.MyPlanExplanation} x WHERE x.plan_id = {self}.id",
    "specialist_assessments": (
        "SELECT 1 FROM {plans.SpecialistAssessmentRequest} x WHERE x.plan_id = {self}.id"
    ),
    "open_prompts": "SELECT 1 FROM {plans.EarlyReviewPrompt} x WHERE x.plan_id = {self}.id",
    "core_group_scores": (
        "SELECT 1 FROM {coreGroups.DangerStatementScaling} x WHERE x.meeting_id IN "
        "(SELECT m.id FROM {coreGroups.CoreGroupMeeting} m WHERE m.plan_id = {self}.id)"
    ),
    "conference_scores": (
        "SELECT 1 FROM {conferences.SafetyScaleScore} x WHERE x.record_id IN "
        "(SELECT r.id FROM {conferences.SignsOfSafetyRecord} r WHERE r.conference_id IN "
        "(SELECT cc.conference_id FROM {conferences.ConferenceChild} cc "
        "WHERE cc.child_id = {self}.child_id))"
    ),
    "early_reviews": (
        "SELECT 1 FROM {conferences.Conference} x WHERE x.early_review_trigger <> '' AND x.id IN "
        "(SELECT cc.conference_id FROM {conferences.ConferenceChild} cc "
        "WHERE cc.child_id = {self}.child_id)"
    ),
    "child_voice": "SELECT 1 FROM {voice.ChildVoice} x WHERE x.child_id = {self}.child_id",
    # One at most each, and few plans have one.
    "drift_flag": "SELECT 1 FROM {plans.DriftFlag} x WHERE x.plan_id = {self}.id",
    "family_group_conference": (
        "SELECT 1 FROM {plans.FamilyGroupConference} x WHERE x.plan_id = {self}.id"
    ),
}


def plan_page_presence() -> dict:
    """The `has_<list>` annotations of the plan page's plan query."""
    return presence(ChildProtectionPlan, PLAN_PAGE_LISTS)


__all__ = ["PLAN_PAGE_LISTS", "plan_page_presence"]
