"""The work waiting for each role, shown on the page each user lands on (ADR 30).

Each list is one or two queries whatever the size of the authority (subqueries and annotations, a
fixed prefetch, never a query per row), shows at most LIMIT rows (the oldest or most urgent first)
and links each row to the page where the work is done. Every list starts from the scoped reads of
the owning apps (`children_visible_to`, `conferences_visible_to`, `plans_visible_to`, the QAN scope),
so a child or conference the user may not see is never listed.

This package holds ROLE_WORKLISTS (which lists each role sees, in order), work_lists_for and
register_work_list; the lists themselves are in a module for each role (social_worker,
team_manager, managers, coordinator, chair, minute_taker, agency), with your_deadlines in
deadlines and what they share in _common. Other apps add lists of their own with
register_work_list (plans, timescales) and build on the names re-exported here.
"""

from django.utils import timezone

from accounts.models import RoleCode
from core.presence import rows_for_user

from ._common import (
    LIMIT,
    WorkItem,
    WorkList,
    _conference_when,
    _due,
    _names,
    _trim,
    _visible_deadlines,
    rows_when,
)
from .agency import (
    _upcoming_invitations,
    adjournment_reports_to_send,
    reports_due,
    your_invitations,
)
from .chair import conferences_you_chair, minutes_to_approve
from .coordinator import (
    conferences_to_book,
    request_queue,
    reviews_to_book,
    transfer_ins_to_arrange,
)
from .deadlines import your_deadlines
from .managers import (
    LONG_PLAN_WARNING_MONTHS,
    escalations_to_review,
    open_qans,
    plans_reaching_two_years,
    postponements_to_rebook,
)
from .minute_taker import conferences_you_minute, minutes_to_draft
from .social_worker import your_children
from .team_manager import (
    delays_to_sign_off,
    social_work_reports_to_sign_off,
    strategy_records_to_sign_off,
)

__all__ = [
    "LIMIT",
    "LONG_PLAN_WARNING_MONTHS",
    "ROLE_WORKLISTS",
    "WorkItem",
    "WorkList",
    "_conference_when",
    "_due",
    "_names",
    "_trim",
    "_upcoming_invitations",
    "_visible_deadlines",
    "adjournment_reports_to_send",
    "conferences_to_book",
    "conferences_you_chair",
    "conferences_you_minute",
    "delays_to_sign_off",
    "escalations_to_review",
    "minutes_to_approve",
    "minutes_to_draft",
    "open_qans",
    "plans_reaching_two_years",
    "postponements_to_rebook",
    "register_work_list",
    "reports_due",
    "request_queue",
    "rows_when",
    "reviews_to_book",
    "social_work_reports_to_sign_off",
    "strategy_records_to_sign_off",
    "transfer_ins_to_arrange",
    "work_lists_for",
    "your_children",
    "your_deadlines",
    "your_invitations",
]

ROLE_WORKLISTS = {
    RoleCode.SOCIAL_WORKER: [your_children, your_deadlines],
    RoleCode.TEAM_MANAGER: [
        strategy_records_to_sign_off,
        social_work_reports_to_sign_off,
        delays_to_sign_off,
        open_qans,
        your_deadlines,
    ],
    RoleCode.SERVICE_MANAGER: [
        escalations_to_review,
        open_qans,
        postponements_to_rebook,
        delays_to_sign_off,
    ],
    RoleCode.HEAD_OF_SERVICE: [escalations_to_review, plans_reaching_two_years, open_qans],
    RoleCode.CONFERENCE_COORDINATOR: [
        request_queue,
        conferences_to_book,
        reviews_to_book,
        transfer_ins_to_arrange,
        your_deadlines,
    ],
    RoleCode.CHAIR: [conferences_you_chair, minutes_to_approve],
    RoleCode.MINUTE_TAKER: [minutes_to_draft, conferences_you_minute],
    # plans.worklists adds the plans ended outside a conference.
    RoleCode.QA_MANAGER: [open_qans, plans_reaching_two_years],
    RoleCode.AGENCY_PROFESSIONAL: [adjournment_reports_to_send, reports_due, your_invitations],
    RoleCode.ENQUIRER: [],
}


def work_lists_for(user, role: str, *, shown: set | None = None, now=None) -> list[WorkList]:
    """The role's lists, leaving out any already shown for another of the user's roles. The
    conditions of the lists marked `rows_when` are asked in one query when there are two or more
    (one alone would be a query to save a query), and a list whose condition finds nothing is
    built empty without reading (ADR 81)."""
    now = now or timezone.now()
    shown = shown if shown is not None else set()
    builds = [build for build in ROLE_WORKLISTS.get(role, []) if build not in shown]
    shown.update(builds)
    conditions = {build: build.rows_when for build in builds if hasattr(build, "rows_when")}
    found = rows_for_user(conditions, user.pk) if len(conditions) > 1 else {}
    return [
        build(user, now, empty=True) if found.get(build) is False else build(user, now)
        for build in builds
    ]


def register_work_list(role: str, build, *, before=None) -> None:
    """An app adds a list of its own to a role (from its AppConfig.ready), before another list
    or last; registering twice changes nothing."""
    lists = ROLE_WORKLISTS.setdefault(role, [])
    if build in lists:
        return
    lists.insert(lists.index(before) if before in lists else len(lists), build)
