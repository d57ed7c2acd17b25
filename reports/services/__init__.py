"""Business actions on reports to conference. Keyword-only arguments, one transaction each, and
a ReportError with a plain-English message (and the form field it belongs to) when a rule
forbids the action.

Deadlines (timescales): SW_REPORT_PARENTS and SW_REPORT_CHAIR for an initial conference, the
RCPC_REPORT_QA/PARENTS/CHAIR three for a review, and AGENCY_REPORT for each invited
professional. They count back from the conference's start; the sweep breaches a missed one and
raises its one Quality Assurance notification to the responsible person's line management.

One module for each area of the work (callers import from the package):
- deadlines: the report deadlines of a booked conference, opened, moved and closed;
- social_work_report: the social work report written and signed off by the team manager;
- parents_and_chair: the signed-off report shared with the parents and sent to the chair, and
  the chair marking reports read;
- agency_reports: the invited professionals' reports;
- minutes: the minutes, from the first draft to circulation and amendments;
- feedback: feedback on the conference (the child's own form too);
- parents_on_report: what each parent said about the social work report when it was shared;
- _common: ReportError and what the areas share.
"""

from ._common import OPEN_FOR_REPORTS, REVIEW_KINDS, ReportError, _store
from .agency_reports import (
    AGENCY_TEXT_FIELDS,
    default_may_share_with_family,
    submit_agency_report,
)
from .deadlines import close_report_deadlines, open_report_deadlines
from .feedback import record_child_feedback, record_feedback
from .minutes import (
    MINUTES_HEADINGS,
    PROFESSIONAL_SLOT_HEADING,
    TO_BE_COMPLETED,
    MinutesIncomplete,
    _locked_minutes,
    _require_chair,
    amendment_due_at,
    amendment_window,
    approve_minutes,
    circulate_minutes,
    decide_amendment,
    planned_copies,
    refill_from_record,
    request_minutes_amendment,
    return_minutes,
    save_minutes,
    start_minutes,
    submit_minutes_to_chair,
)
from .parents_and_chair import mark_report_read, record_sharing_with_parents, send_to_chair
from .parents_on_report import (
    parents_for_views,
    record_parents_views_on_report,
)
from .social_work_report import (
    SW_TEXT_FIELDS,
    return_report,
    save_social_work_report,
    sign_off_report,
    submit_for_sign_off,
)

__all__ = [
    "AGENCY_TEXT_FIELDS",
    "MINUTES_HEADINGS",
    "OPEN_FOR_REPORTS",
    "PROFESSIONAL_SLOT_HEADING",
    "REVIEW_KINDS",
    "SW_TEXT_FIELDS",
    "TO_BE_COMPLETED",
    "MinutesIncomplete",
    "ReportError",
    "_locked_minutes",
    "_require_chair",
    "_store",
    "amendment_due_at",
    "amendment_window",
    "approve_minutes",
    "circulate_minutes",
    "close_report_deadlines",
    "decide_amendment",
    "default_may_share_with_family",
    "mark_report_read",
    "open_report_deadlines",
    "planned_copies",
    "parents_for_views",
    "record_child_feedback",
    "record_feedback",
    "record_parents_views_on_report",
    "record_sharing_with_parents",
    "request_minutes_amendment",
    "return_minutes",
    "return_report",
    "save_minutes",
    "save_social_work_report",
    "send_to_chair",
    "sign_off_report",
    "refill_from_record",
    "start_minutes",
    "submit_agency_report",
    "submit_for_sign_off",
    "submit_minutes_to_chair",
]
