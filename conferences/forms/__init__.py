"""The conferences app's forms, one module for each area of the business process:

- requests: the social worker's request for a conference, and withdrawing it;
- booking: allocating the chair, booking, postponing or cancelling the conference;
- invitations: invitations, arrangements, advocacy opt-outs, the chair's decisions, replies;
- holding: attendance and quoracy while the conference is held;
- signs_of_safety: the Signs of Safety record, danger statements and safety scale scores;
- decision: the recommendation, professionals' views, the decision per child (at an initial
  conference or a review), the outline plan's actions, and adjourning;
- fields: the choice fields they share.

Every form is imported here, so ``from conferences.forms import X`` keeps working.
"""

from .booking import AgreedByField, AllocateChairForm, BookConferenceForm, ChangeConferenceForm
from .decision import (
    ACTION_ROWS,
    AdjournForm,
    ChildDecisionForm,
    OutlineActionForm,
    OutlineActionFormSet,
    ProfessionalViewForm,
    RecommendationForm,
)
from .fields import UserChoiceField
from .holding import AddAttendeeForm, AttendanceForm, QuorateReasonForm
from .invitations import (
    YES_NO,
    AdvocacyOptOutForm,
    ArrangementsForm,
    ChairDecisionForm,
    ChildChoiceField,
    InvitationReplyForm,
    SendInvitationsForm,
)
from .requests import ConferenceRequestForm, WithdrawRequestForm
from .signs_of_safety import DangerStatementForm, ScaleScoreForm, SignsOfSafetyForm

__all__ = [
    "ACTION_ROWS",
    "YES_NO",
    "AddAttendeeForm",
    "AdjournForm",
    "AdvocacyOptOutForm",
    "AgreedByField",
    "AllocateChairForm",
    "ArrangementsForm",
    "AttendanceForm",
    "BookConferenceForm",
    "ChairDecisionForm",
    "ChangeConferenceForm",
    "ChildChoiceField",
    "ChildDecisionForm",
    "ConferenceRequestForm",
    "DangerStatementForm",
    "InvitationReplyForm",
    "OutlineActionForm",
    "OutlineActionFormSet",
    "ProfessionalViewForm",
    "QuorateReasonForm",
    "RecommendationForm",
    "ScaleScoreForm",
    "SendInvitationsForm",
    "SignsOfSafetyForm",
    "UserChoiceField",
    "WithdrawRequestForm",
]
