"""The report pages, one module for each part of the process: a conference's reports and the
chair's list, the social work report, agency reports, the minutes, amendments to the minutes and
feedback. Thin views over reports.services and reports.selectors.

Every view (and the helpers reports.agency_views uses) is re-exported here, so
`reports.views.<name>` keeps working.
"""

from ._common import (
    _children,
    _conference,
    _record_view,
    _social_work_report,
)
from .agency_reports import (
    _agency_report,
    _invitation,
    agency_report,
    agency_report_earlier_document,
    mark_agency_report_read,
)
from .amendments import decide_amendment, request_amendment
from .conference_reports import chair_conferences, conference_reports, document
from .feedback import child_feedback, feedback_list, give_feedback
from .minutes import (
    MinutesNotStarted,
    approve_minutes,
    circulate_minutes,
    edit_minutes,
    minutes,
    minutes_apologies,
    minutes_copy,
    return_minutes,
    start_minutes,
    submit_minutes,
)
from .social_work_report import (
    edit_social_work_report,
    mark_social_work_report_read,
    parents_views_on_report,
    return_social_work_report,
    send_social_work_report,
    share_social_work_report,
    sign_off_social_work_report,
    social_work_report,
    submit_social_work_report,
)

__all__ = [
    "MinutesNotStarted",
    "_agency_report",
    "_children",
    "_conference",
    "_invitation",
    "_record_view",
    "_social_work_report",
    "agency_report",
    "agency_report_earlier_document",
    "approve_minutes",
    "chair_conferences",
    "child_feedback",
    "circulate_minutes",
    "conference_reports",
    "decide_amendment",
    "document",
    "edit_minutes",
    "edit_social_work_report",
    "feedback_list",
    "give_feedback",
    "mark_agency_report_read",
    "mark_social_work_report_read",
    "minutes",
    "minutes_apologies",
    "minutes_copy",
    "parents_views_on_report",
    "request_amendment",
    "return_minutes",
    "return_social_work_report",
    "send_social_work_report",
    "share_social_work_report",
    "sign_off_social_work_report",
    "social_work_report",
    "start_minutes",
    "submit_minutes",
    "submit_social_work_report",
]
