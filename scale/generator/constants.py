"""What the generated history is made of: its span and sizes, the order tables are written in,
the date each kind of row's first history row carries, and the stock phrases of the records.
"""

from __future__ import annotations

from children.models import (
    Child,
    ChildSearchToken,
    FamilyLink,
    Household,
    Person,
    ProfessionalInvolvement,
    S47Enquiry,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from conferences.models import (
    ChildDecision,
    Conference,
    ConferenceChild,
    ConferenceRequest,
    ConferenceRequestChild,
    DangerStatement,
    Invitation,
    SafetyGoal,
    SignsOfSafetyRecord,
)
from coreGroups.models import CoreGroupMeeting, Visit
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanDangerStatement,
)
from timescales.models import (
    Deadline,
    QualityAssuranceNotification,
)

YEARS = 10
CONFERENCE_MINUTES = 90
SLOT_MINUTES = 105  # a conference and a quarter of an hour before the next in the same room
SLOTS_PER_DAY = 4
SCALE_DOMAIN = "scale.example"

# The order rows are written in: every foreign key points to a model earlier in the list.
WRITE_ORDER = [
    Household,
    Person,
    Child,
    ChildSearchToken,
    FamilyLink,
    ProfessionalInvolvement,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
    S47Enquiry,
    ConferenceRequest,
    ConferenceRequestChild,
    Conference,
    ConferenceChild,
    Invitation,
    SignsOfSafetyRecord,
    DangerStatement,
    SafetyGoal,
    ChildProtectionPlan,
    ChildInNeedPlan,
    ChildDecision,
    PlanDangerStatement,
    PlanAction,
    CoreGroupMember,
    CoreGroupMeeting,
    Visit,
    Deadline,
    QualityAssuranceNotification,
]

# When each kind of row happened, for its first history row (else the moment of the run).
HISTORY_DATES = {
    Household: "m.created_at",
    Person: "m.created_at",
    Child: "m.created_at",
    FamilyLink: "m.started_at",
    StrategyDiscussion: "m.recorded_at",
    ConferenceRequest: "m.sent_at",
    Conference: "COALESCE(m.booked_at, m.starts_at)",
    ChildProtectionPlan: "m.created_at",
    ChildInNeedPlan: "m.created_at",
    ChildDecision: "COALESCE(m.finalised_at, m.decided_at)",
    CoreGroupMeeting: "m.held_at",
    Visit: "m.recorded_at",
    Deadline: "m.starts_at",
    QualityAssuranceNotification: "m.raised_at",
}

CONCERNS = [
    "Bruising seen by nursery staff on the child's arm, with no clear explanation.",
    "Police called to the home twice this month after arguments between the parents.",
    "The child often arrives at school hungry and in unwashed clothes.",
    "A neighbour reported the children left alone in the flat overnight.",
    "The child disclosed to a teacher that an adult at home hurts them.",
]
DANGERS = [
    (
        "Social workers are worried the children will be hurt when the adults argue and fight.",
        "The parents will show they can keep the children safe when they disagree.",
    ),
    (
        "The children may go without food and clean clothes when their mother is unwell.",
        "The children will have meals and clean clothes every day, checked by the network.",
    ),
    (
        "The children may be left alone with adults who are not safe.",
        "The children will only be cared for by adults the safety network has agreed.",
    ),
]
ACTIONS = [
    ("Refer the parents to the domestic abuse programme", "Social worker"),
    ("Check the children's weight and health every month", "Health visitor"),
    ("Agree who is in the safety network", "Mother"),
    ("Tell the school of any missed days the same morning", "School"),
]
