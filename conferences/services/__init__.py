"""Business actions on conferences, from the request to the decision. Keyword-only arguments,
one transaction each, and an error with a plain-English message (errors) when a rule forbids the
action.

One module per part of the process, each importing only the ones listed before it:
`errors`, the error classes; `_common`, helpers they share; `reviews`, review and transfer-in
conferences (no request), whose invite list and plan prefill the later steps use; `requests`,
sending and withdrawing a request and allocating its chair; `booking`, booking, postponing and
cancelling; `invitations`, arrangements, invitations, advocacy, the chair's decisions before the
conference and replies; `holding`, starting and recording the conference; `decision`, the views,
the tally and the chair's decision; `finalising`, finalising it and what it creates, and
concluding the conference; `adjourning`, adjourning it; `family_preparation`, the chair's
meetings with the family before the conference (issue 21 item 5); `early_reviews`, a review
brought forward for a recorded trigger (issue 22). Callers import from here
(`from conferences import services`), which re-exports what they use.
"""

from ..quoracy import may_reach_decision
from ._common import (
    INITIAL_KINDS,
    REVIEW_KINDS,
    _locked_for_recording,
    _require_coordinator,
)
from .adjourning import (
    adjourn_conference,
)
from .booking import (
    DEFAULT_LENGTH,
    _describe,
    _overlapping,
    book_conference,
    cancel_conference,
    postpone_conference,
)
from .decision import (
    Tally,
    _side,
    decision_for,
    open_decisions,
    record_decision,
    record_professional_view,
    record_recommendation,
    tally,
)
from .early_reviews import may_request_early_review, request_early_review
from .errors import (
    ConferenceBookingError,
    ConferenceRequestError,
    DecisionError,
    HoldingError,
    InvitationError,
)
from .family_preparation import (
    LONGEST_MEETING_MINUTES,
    PREPARATION_STATUSES,
    record_advised_not_to_attend,
    record_chair_meeting,
    withdraw_advised_not_to_attend,
)
from .finalising import (
    _danger_statements_of,
    decide_and_finalise,
    finalise_decision,
    held_on_of,
)
from .holding import (
    SIGNS_OF_SAFETY_FIELDS,
    _record_of,
    add_attendee,
    add_danger_statement,
    change_danger_statement,
    record_attendance,
    record_participation,
    record_quorate_reason,
    record_scale_score,
    save_signs_of_safety,
    start_conference,
)
from .invitations import (
    ADVOCACY_AGE,
    ARRANGEMENT_FIELDS,
    NO_DOCUMENTS_REASON,
    NO_EMAIL_REASON,
    OPEN_CONFERENCE_STATUSES,
    record_advocacy_opt_out,
    record_arrangements,
    record_chair_decision,
    reply_to_invitation,
    send_invitations,
)
from .requests import (
    allocate_chair,
    icpc_due_for,
    send_conference_request,
    withdraw_conference_request,
)
from .reviews import (
    SCHEDULED_REVIEW_STATUSES,
    _end_notice_on_booking,
    allocate_review_chair,
    arrange_transfer_in_conference,
    live_review_for,
    live_transfer_in_conference_for,
    schedule_review_conference,
)

__all__ = [
    "may_request_early_review",
    "request_early_review",
    "ADVOCACY_AGE",
    "ARRANGEMENT_FIELDS",
    "ConferenceBookingError",
    "ConferenceRequestError",
    "DEFAULT_LENGTH",
    "DecisionError",
    "HoldingError",
    "INITIAL_KINDS",
    "LONGEST_MEETING_MINUTES",
    "InvitationError",
    "NO_DOCUMENTS_REASON",
    "NO_EMAIL_REASON",
    "OPEN_CONFERENCE_STATUSES",
    "PREPARATION_STATUSES",
    "REVIEW_KINDS",
    "SCHEDULED_REVIEW_STATUSES",
    "SIGNS_OF_SAFETY_FIELDS",
    "Tally",
    "_danger_statements_of",
    "_describe",
    "_end_notice_on_booking",
    "_locked_for_recording",
    "_overlapping",
    "_record_of",
    "_require_coordinator",
    "_side",
    "add_attendee",
    "add_danger_statement",
    "adjourn_conference",
    "allocate_chair",
    "allocate_review_chair",
    "arrange_transfer_in_conference",
    "book_conference",
    "cancel_conference",
    "change_danger_statement",
    "decision_for",
    "decide_and_finalise",
    "finalise_decision",
    "held_on_of",
    "icpc_due_for",
    "live_review_for",
    "live_transfer_in_conference_for",
    "may_reach_decision",
    "open_decisions",
    "postpone_conference",
    "record_advised_not_to_attend",
    "record_advocacy_opt_out",
    "record_arrangements",
    "record_attendance",
    "record_chair_meeting",
    "record_chair_decision",
    "record_decision",
    "record_participation",
    "record_professional_view",
    "record_quorate_reason",
    "record_recommendation",
    "record_scale_score",
    "reply_to_invitation",
    "save_signs_of_safety",
    "schedule_review_conference",
    "send_conference_request",
    "send_invitations",
    "start_conference",
    "tally",
    "withdraw_advised_not_to_attend",
    "withdraw_conference_request",
]
