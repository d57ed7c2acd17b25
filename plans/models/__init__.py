"""The plans a conference decision creates: a child protection plan (with its category and its
history, the danger statements and safety goals, the actions, the core group) or a Child in Need
plan.

Nothing here is deleted. Danger statements and safety goals set by a conference can be changed only
by a conference (plans.services.amend_conference_danger_statement): `save()` refuses any other
change to them, the queryset refuses bulk updates and deletes, and the admin shows them read-only.

The models live in submodules by area: choices (categories, statuses, end reasons), plan (the
plans themselves), contents (danger statements, actions, core group), ending, between_conferences,
child_in_need (a Child in Need plan's core group, reviews and actions; the Early Help plan),
smaller_duties, transfer_in and early_review. Every name is imported here: import from
plans.models.
"""

from .between_conferences import DriftFlag, MidwayReviewNote
from .child_in_need import (
    CinAction,
    CinActionStatus,
    CinCoreGroupMember,
    CinReview,
    EarlyHelpPlan,
)
from .choices import (
    CONFERENCE_CIN_MINIMUM_WEEKS,
    CURRENT_PLAN_STATUSES,
    DFE_MULTIPLE_CATEGORIES,
    MAX_CONFERENCE_DANGER_STATEMENTS,
    MAX_VISIT_FREQUENCY,
    MIN_VISIT_FREQUENCY,
    STEP_DOWN_MINIMUM_MONTHS,
    CinEndReason,
    PlanCategory,
    PlanEndReason,
    PlanStatus,
    SecondaryFactor,
    Source,
    StepDown,
    dfe_category_code,
)
from .contents import (
    ActionStatus,
    ConferenceSetRowChanged,
    CoreGroupMember,
    PlanAction,
    PlanDangerStatement,
    PlanDangerStatementQuerySet,
)
from .early_review import EarlyReviewPrompt, PromptReason, PromptStatus
from .ending import PlanEndReasonCorrection, PlanEndRecommendation, PlanNotice, PlanNoticeKind
from .plan import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChildProtectionPlanQuerySet,
    PlanCategoryChange,
)
from .safety_planning import (
    MY_PLAN_MIN_AGE,
    FamilySafetyPlan,
    MyPlanExplanation,
    SafetyNetworkMember,
)
from .smaller_duties import AssessmentStatus, FamilyGroupConference, SpecialistAssessmentRequest
from .transfer_in import TransferIn

__all__ = [
    "AssessmentStatus",
    "FamilyGroupConference",
    "SpecialistAssessmentRequest",
    "EarlyReviewPrompt",
    "PromptReason",
    "PromptStatus",
    "CURRENT_PLAN_STATUSES",
    "DFE_MULTIPLE_CATEGORIES",
    "MAX_CONFERENCE_DANGER_STATEMENTS",
    "MAX_VISIT_FREQUENCY",
    "MIN_VISIT_FREQUENCY",
    "MY_PLAN_MIN_AGE",
    "STEP_DOWN_MINIMUM_MONTHS",
    "CONFERENCE_CIN_MINIMUM_WEEKS",
    "CinAction",
    "CinActionStatus",
    "CinCoreGroupMember",
    "CinEndReason",
    "CinReview",
    "EarlyHelpPlan",
    "FamilySafetyPlan",
    "MyPlanExplanation",
    "SafetyNetworkMember",
    "ActionStatus",
    "ChildInNeedPlan",
    "ChildProtectionPlan",
    "ChildProtectionPlanQuerySet",
    "ConferenceSetRowChanged",
    "CoreGroupMember",
    "DriftFlag",
    "MidwayReviewNote",
    "PlanAction",
    "PlanCategory",
    "PlanCategoryChange",
    "PlanDangerStatement",
    "PlanDangerStatementQuerySet",
    "PlanEndReason",
    "PlanEndReasonCorrection",
    "PlanEndRecommendation",
    "PlanNotice",
    "PlanNoticeKind",
    "PlanStatus",
    "SecondaryFactor",
    "Source",
    "StepDown",
    "TransferIn",
    "dfe_category_code",
]
