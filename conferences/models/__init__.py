"""The conferences app's models, one module for each area of the business process:

- requests: the social worker's request for an initial conference, its children and invite list;
- conference: the conference and its booking (room, time, chair, postponement, arrangements);
- invitations: invitations and replies, the chair's decisions beforehand, advocacy referrals;
- attendance: who attended the conference, for quoracy;
- signs_of_safety: the Signs of Safety record, danger statements, safety goals and scale scores;
- decision: the decision per child, the professionals' views and the outline plan's actions;
- family_preparation: the chair's meetings with the family beforehand (issue 21 item 5);
- beside this package: adjournment_models (issue 17 items 3 and 4), outline_circulation_models
  (issue 18 item 3) and separate_attendance_models (issue 18 item 2).

Every model, choice and constant is imported here, so ``from conferences.models import X`` keeps
working. The imports are in the order the app registers its models (as in the single module).
"""

# isort: off
from .requests import (
    ChildAttendance,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    ConferenceType,
    InviteeKind,
    RequestStatus,
)
from .conference import (
    LIVE_BOOKING_STATUSES,
    PRE_BIRTH_KINDS,
    ChangeAgreedAs,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    EarlyReviewTrigger,
    ParentsMetChair,
    PostponementCause,
    Venue,
)
from .invitations import (
    AdvocacyReferral,
    AdvocacyStatus,
    ChairDecision,
    ChairDecisionKind,
    Invitation,
    InvitationKind,
    InvitationMethod,
    InvitationReply,
)
from .attendance import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceKind,
    AttendanceRole,
    AttendanceStatus,
)
from .signs_of_safety import (
    MAX_DANGER_STATEMENTS,
    SAFETY_SCALE_MAX,
    SAFETY_SCALE_MIN,
    DangerStatement,
    SafetyGoal,
    SafetyScaleScore,
    SignsOfSafetyRecord,
)
from .decision import (
    ChildDecision,
    DecisionOutcome,
    DecisionStatus,
    OutlinePlanAction,
    ProfessionalView,
)

# Issue 17 items 3 and 4: the managers' reports during an adjournment and the escalation of a
# split that continues (conferences.adjournment).
from ..adjournment_models import (
    AdjournmentReport,
    AdjournmentReportStatus,
    DecisionEscalation,
    EscalationReason,
    EscalationStatus,
)

# Issue 18 item 3: who has been given the outline plan (conferences.outline_circulation).
from ..outline_circulation_models import CirculationMethod, OutlinePlanCirculation

# Issue 18 item 2: each family member's own arrangements when they attend separately
# (conferences.separate_attendance).
from ..separate_attendance_models import SeparateArrangement

# isort: on

from .family_preparation import (
    PARENTS_MEETING_MINUTES,
    ChairMeeting,
    ChairMeetingKind,
    ParentAdvisedNotToAttend,
)

__all__ = [
    "EarlyReviewTrigger",
    "ATTENDED_STATUSES",
    "LIVE_BOOKING_STATUSES",
    "MAX_DANGER_STATEMENTS",
    "PRE_BIRTH_KINDS",
    "SAFETY_SCALE_MAX",
    "SAFETY_SCALE_MIN",
    "AdjournmentReport",
    "AdjournmentReportStatus",
    "AdvocacyReferral",
    "AdvocacyStatus",
    "Attendance",
    "AttendanceKind",
    "AttendanceRole",
    "AttendanceStatus",
    "ChairDecision",
    "ChairMeeting",
    "ChairMeetingKind",
    "ChairDecisionKind",
    "ChangeAgreedAs",
    "ChildAttendance",
    "ChildDecision",
    "CirculationMethod",
    "Conference",
    "ConferenceChild",
    "ConferenceKind",
    "ConferenceRequest",
    "ConferenceRequestChild",
    "ConferenceRequestInvitee",
    "ConferenceStatus",
    "ConferenceType",
    "DangerStatement",
    "DecisionEscalation",
    "DecisionOutcome",
    "DecisionStatus",
    "EscalationReason",
    "EscalationStatus",
    "Invitation",
    "InvitationKind",
    "InvitationMethod",
    "InvitationReply",
    "InviteeKind",
    "OutlinePlanAction",
    "OutlinePlanCirculation",
    "PARENTS_MEETING_MINUTES",
    "ParentAdvisedNotToAttend",
    "ParentsMetChair",
    "PostponementCause",
    "ProfessionalView",
    "RequestStatus",
    "SafetyGoal",
    "SafetyScaleScore",
    "SeparateArrangement",
    "SignsOfSafetyRecord",
    "Venue",
]
