"""The conference pages, one module for each part of the process: requests, allocation and
booking, invitations and arrangements, replies, holding the conference, and the decision (the
overview and each child's page).

Every view (and the helpers the other conference view modules use) is re-exported here, so
`conferences.views.<name>` keeps working.
"""

from ._common import BOOKING_FIELDS, _errors_of
from .booking import (
    allocate_chair,
    book_conference,
    change_conference,
    conference_detail,
    conference_list,
)
from .decision import decision_overview, outline_plan_pdf
from .decision_child import (
    add_action_row,
    add_professional_view,
    child_decision,
    finalise_decision,
    record_recommendation,
    save_decision,
)
from .family_preparation import chair_meeting, family_preparation
from .holding import attendance, danger_statement, signs_of_safety
from .invitations import (
    advocacy_opt_out,
    arrangements,
    chair_decisions,
    invitation_letter,
    invitations,
    send_invitations,
)
from .replies import invited, reply_to_invitation
from .requests import new_request, request_detail, request_queue, withdraw_request

__all__ = [
    "BOOKING_FIELDS",
    "_errors_of",
    "add_action_row",
    "add_professional_view",
    "advocacy_opt_out",
    "allocate_chair",
    "arrangements",
    "attendance",
    "book_conference",
    "chair_decisions",
    "chair_meeting",
    "change_conference",
    "child_decision",
    "conference_detail",
    "conference_list",
    "danger_statement",
    "family_preparation",
    "decision_overview",
    "finalise_decision",
    "invitation_letter",
    "invitations",
    "invited",
    "new_request",
    "outline_plan_pdf",
    "record_recommendation",
    "reply_to_invitation",
    "request_detail",
    "request_queue",
    "save_decision",
    "send_invitations",
    "signs_of_safety",
    "withdraw_request",
]
