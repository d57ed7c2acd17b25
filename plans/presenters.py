"""What the child protection plan's page (plans:detail) shows, built once in Python: the
permissions asked once each and passed down, and the timescales table's rows with their text and
links ready, so the template does no lookups, filters or URL reversing per row (issue 25)."""

import types
from typing import NamedTuple

from accounts.line_management import is_worker_or_manager
from accounts.models import RoleCode
from children.models import Child
from conferences import services as conference_services
from core.links import url_maker
from core.presence import may_have
from core.templatetags.govuk import govuk_datetime
from coreGroups.models import MeetingStatus
from coreGroups.selectors import core_group_summary
from coreGroups.services import REVIEW_RULES
from timescales.models import LIVE_STATUSES
from timescales.presenters import DeadlineRows
from voice import selectors as voice_selectors

from . import drift, early_review_selectors, ending, my_plan, page_selectors, services


def deadline_rows(rows) -> list:
    """The timescales table's rows from plans.page_selectors.plan_deadlines' columns."""
    build = DeadlineRows()
    names = {}
    result = []
    for pk, rule, status, due_on, due_at, met_at, _, child_id, *child, responsible_id, name in rows:
        if child_id is not None and child_id not in names:
            forename, surname, is_unborn = child
            names[child_id] = Child(
                legal_forename=forename, legal_surname=surname, is_unborn=is_unborn
            ).legal_name
        deadline = types.SimpleNamespace(
            pk=pk,
            rule=rule,
            status=status,
            due_on=due_on,
            due_at=due_at,
            met_at=met_at,
            child_id=child_id,
            responsible_id=responsible_id,
        )
        result.append(
            build.row(deadline, child_name=names.get(child_id, ""), responsible=name or "")
        )
    return result


def live_review_deadline(rows):
    """The plan's live review deadline (coreGroups.services.meetings_before_review_warning's,
    the soonest due) from plans.page_selectors.plan_deadlines' rows, or None."""
    live = [
        (due_on, pk, starts_at)
        for pk, rule, status, due_on, _, _, starts_at, *_ in rows
        if rule in REVIEW_RULES and status in LIVE_STATUSES
    ]
    if not live:
        return None
    due_on, _, starts_at = min(live)
    return types.SimpleNamespace(due_on=due_on, starts_at=starts_at)


class MeetingRow(NamedTuple):
    """A row of the plan page's core group meetings (templates/fragments/core_group_meetings.jinja)."""

    url: str
    held_at: str
    first_held: bool  # the first core group, held
    chair: str
    colour: str  # the status tag's
    status: str


_MEETING_COLOURS = {MeetingStatus.HELD: "green", MeetingStatus.CANCELLED: "grey"}


def meeting_rows(meetings) -> list[MeetingRow]:
    meeting_url = url_maker("coreGroups:meeting")
    return [
        MeetingRow(
            url=meeting_url(meeting.pk),
            held_at=govuk_datetime(meeting.held_at),
            first_held=meeting.is_first and meeting.is_held,
            chair=meeting.chaired_by.full_name if meeting.chaired_by else "Not set",
            colour=_MEETING_COLOURS.get(meeting.status, "blue"),
            status=meeting.get_status_display(),
        )
        for meeting in meetings
    ]


def core_group_section(user, page, *, staff_view: bool) -> dict:
    """The core group block (templates/coreGroups/includes/plan_core_groups.html): meetings, and
    for those who may see them the visits and the warning before a review, worked out from the
    deadlines the page read (only staff see visits, and staff have them)."""
    plan = page.plan
    may_see_visits = user.has_perm("coreGroups.view_visits", plan)
    known = {"review": live_review_deadline(page.deadlines)} if staff_view else {}
    summary = core_group_summary(plan, with_visits=may_see_visits, **known)
    return {
        "summary": summary,
        "meeting_rows": meeting_rows(summary.meetings),
        "may_plan": plan.is_active and user.has_perm("coreGroups.plan_meeting", plan),
        "may_record_visit": plan.is_active and user.has_perm("coreGroups.record_visit", plan),
        "may_see_visits": may_see_visits,
    }


def _review_context(user, plan) -> dict:
    """What the plan page's review and ending block shows (staff only)."""
    # The review the coordinator scheduled (read on the plan's own query, as is whether the
    # social worker recommended ending at it); once held or cancelled there is none.
    review = None
    if plan.is_active and plan.next_review_conference_id:
        review = plan.next_review_conference
        if review.status not in conference_services.SCHEDULED_REVIEW_STATUSES:
            review = None
    recommended = review is not None and plan.end_recommended
    # The page already checked that the user may see the plan: only the rest of each permission
    # is asked here (from the cached roles and the plan's child, no more queries).
    worker = plan.child.lead_social_worker
    is_lead_or_manager = is_worker_or_manager(user, worker)
    return {
        "review": review,
        # Issue 18 item 10: a link only for those who may open the review's page.
        "may_see_review": review is not None
        and user.has_perm("conferences.view_conference", review),
        "may_schedule_review": plan.is_active and user.has_role(RoleCode.CONFERENCE_COORDINATOR),
        "may_end_plan": plan.is_active and services.may_end_plan_outside_conference(plan, user),
        "may_recommend_ending": review is not None and not recommended and is_lead_or_manager,
        "end_recommended": recommended,
    }


def _staff_context(user, page, last) -> dict:
    """The blocks only the authority's staff see: reviews and ending, drift, early reviews."""
    plan, flag = page.plan, page.drift_flag
    context = _review_context(user, plan)
    context["may_write_midway_note"] = services.may_write_midway_note(
        plan, user, last_conference=last
    )
    context["may_record_real_end_reason"] = ending.may_record_real_end_reason(plan, user)
    context["may_review_drift"] = (
        flag is not None and flag.is_open and services.may_review_drift(plan, user)
    )
    context["drift_deadline"] = drift.drift_deadline_for(plan) if flag else None
    # Early reviews and the looked-after prompt (issue 22).
    context["early_review_prompts"] = (
        early_review_selectors.open_prompts(plan)
        if plan.is_active and may_have(plan, "open_prompts")
        else []
    )
    context["early_reviews"] = (
        early_review_selectors.early_reviews(plan) if may_have(plan, "early_reviews") else []
    )
    context["may_request_early_review"] = user.has_perm("plans.request_early_review", plan)
    context["may_dismiss_prompt"] = user.has_perm("plans.dismiss_early_review_prompt", plan)
    return context


def plan_detail_context(user, page, *, staff_view: bool) -> dict:
    """The plan page's context: `page` (plans.page_selectors.plan_page) and what the user may do."""
    plan = page.plan
    # Only the chair of the plan's last conference is asked of it (duties, notes, the FGC).
    last = page_selectors.last_conference_for_page(plan) if plan.is_active else None
    context = {
        "page": page,
        "plan": plan,
        "child": plan.child,
        "staff_view": staff_view,
        "may_see_conference": user.has_perm(
            "conferences.view_conference", plan.started_by_conference
        ),
        "child_voice": voice_selectors.latest_visible_voice(user, plan.child)
        if may_have(plan, "child_voice")
        else None,
        # The family's safety planning and "My plan" (issue 21 items 6 and 7).
        "safety": page_selectors.safety_planning_for_page(plan),
        # The page already checked that the user may see the plan: only the rest is asked here.
        "may_write_safety_planning": services.may_write_safety_planning(plan, user),
        "my_plan_offered": my_plan.my_plan_offered(plan.child),
        # The smaller duties (issue 22 item 6): specialist assessments and the FGC.
        "duties": page_selectors.plan_duties(plan),
        "may_record_plan_duties": services.may_record_plan_duties(plan, user, last_conference=last),
        "may_record_fgc_recommendation": last is not None
        and services.is_chair_of_last_conference(plan, user, last_conference=last),
    }
    context["core_groups"] = core_group_section(user, page, staff_view=staff_view)
    if staff_view:
        context.update(_staff_context(user, page, last))
        context["deadlines"] = deadline_rows(page.deadlines)
        context["show_child"] = any(row.child_id for row in context["deadlines"])
    return context
