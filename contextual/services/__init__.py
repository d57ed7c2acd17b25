"""Contextual Safeguarding Conference services (issue 22 item 5, ADR 61), by stage: asking and
booking, holding (the decision form), and the plan's measurable outcomes."""

from ._common import (
    ContextualError,
    day_has_come,
    is_chair_of,
    is_lead_social_worker_or_manager,
    may_book,
    may_hold,
    may_keep_plan,
    may_request,
)
from .holding import live_review_rule, record_decision, record_view
from .plan import add_outcome, record_progress
from .requesting_and_booking import (
    book_conference,
    book_review,
    request_conference,
    withdraw_request,
)

__all__ = [
    "ContextualError",
    "add_outcome",
    "book_conference",
    "book_review",
    "day_has_come",
    "is_chair_of",
    "is_lead_social_worker_or_manager",
    "live_review_rule",
    "may_book",
    "may_hold",
    "may_keep_plan",
    "may_request",
    "record_decision",
    "record_progress",
    "record_view",
    "request_conference",
    "withdraw_request",
]
