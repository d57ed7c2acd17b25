"""Reads of core group meetings and visits, scoped through the plan: a meeting is found only
through plans.selectors.plan_for (page not found for anyone who may not see the plan)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Window
from django.http import Http404

from accounts.models import RoleCode
from plans.models import ChildProtectionPlan, CoreGroupMember, PlanAction, PlanDangerStatement
from plans.selectors import plan_for
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from .models import (
    ActionProgress,
    CoreGroupAttendance,
    CoreGroupMeeting,
    DangerStatementScaling,
    MeetingAddition,
    MeetingStatus,
    Visit,
)
from .services import meetings_before_review_warning

RECENT_VISITS = 5


@dataclass
class CoreGroupSummary:
    """What the plan's page shows of its core group meetings and visits."""

    meetings: list[CoreGroupMeeting]
    held_count: int
    recent_visits: list[Visit]
    visit_count: int
    warning: str | None


def core_group_summary(plan: ChildProtectionPlan, *, with_visits: bool = True, **review):
    """The plan's meetings (latest first, with their chairs), its latest visits and the warning
    before a review. Two queries whatever the number of meetings or visits (the visits counted
    on their own rows), each with only the columns the plan's page shows.

    Without `with_visits` (for those who may not see the visits, nor so the warning) only the
    meetings are read. `review=` passes the plan's live review deadline (or None) when the page
    has read it: the warning is then worked out from it and the meetings, with no query."""
    meetings = list(
        CoreGroupMeeting.objects.filter(plan_id=plan.pk)
        .select_related("chaired_by")
        .only("held_at", "is_first", "status", "chaired_by__full_name")
        .order_by("-held_at", "-pk")
    )
    recent_visits, warning = [], None
    if with_visits:
        recent_visits = list(
            Visit.objects.filter(plan_id=plan.pk)
            .select_related("visited_by")
            .only("visited_on", "child_seen", "seen_alone", "visited_by__full_name")
            .annotate(visit_count=Window(Count("pk")))
            .order_by("-visited_on", "-pk")[:RECENT_VISITS]
        )
        if plan.is_active:
            warning = meetings_before_review_warning(plan, meetings=meetings, **review)
    return CoreGroupSummary(
        meetings=meetings,
        held_count=sum(1 for meeting in meetings if meeting.status == MeetingStatus.HELD),
        recent_visits=recent_visits,
        visit_count=recent_visits[0].visit_count if recent_visits else 0,
        warning=warning,
    )


def meeting_for(user, pk) -> CoreGroupMeeting:
    """One meeting of a plan the user may see, with its plan (and child), or 404."""
    plan_id = CoreGroupMeeting.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404("No meeting found")
    plan = plan_for(user, plan_id)
    meeting = CoreGroupMeeting.objects.select_related("chaired_by", "recorded_by", "shared_by").get(
        pk=pk
    )
    meeting.plan = plan
    return meeting


@dataclass
class MeetingPage:
    meeting: CoreGroupMeeting
    attendance: list[CoreGroupAttendance]
    progress: list[ActionProgress]
    scaling: list[DangerStatementScaling]
    added_statements: list[PlanDangerStatement] = field(default_factory=list)
    added_actions: list[PlanAction] = field(default_factory=list)


def meeting_page(user, pk) -> MeetingPage:
    """The meeting with its record: attendance, progress on each action, scores against each
    danger statement, and what it added to the plan. Six queries (plus the plan's scope)."""
    meeting = meeting_for(user, pk)
    additions = list(
        MeetingAddition.objects.filter(meeting=meeting)
        .select_related("danger_statement", "action", "action__danger_statement")
        .order_by("added_at", "pk")
    )
    return MeetingPage(
        meeting=meeting,
        attendance=list(CoreGroupAttendance.objects.filter(meeting=meeting).order_by("name", "pk")),
        progress=list(
            ActionProgress.objects.filter(meeting=meeting)
            .select_related("action", "action__danger_statement")
            .order_by("action__by_when", "action_id")
        ),
        scaling=list(
            DangerStatementScaling.objects.filter(meeting=meeting)
            .select_related("danger_statement")
            .order_by("danger_statement__position")
        ),
        added_statements=[a.danger_statement for a in additions if a.danger_statement_id],
        added_actions=[a.action for a in additions if a.action_id],
    )


def record_form_rows(plan: ChildProtectionPlan):
    """For the record form: the active members, the actions and the active danger statements."""
    members = list(
        CoreGroupMember.objects.filter(plan=plan, is_active=True)
        .select_related("user", "user__agency", "person")
        .order_by("name", "pk")
    )
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("danger_statement")
        .order_by("by_when", "pk")
    )
    statements = list(
        PlanDangerStatement.objects.filter(plan=plan, is_active=True).order_by("position", "pk")
    )
    return members, actions, statements


def visits_for(plan: ChildProtectionPlan) -> list[Visit]:
    return list(
        Visit.objects.filter(plan=plan)
        .select_related("visited_by", "recorded_by")
        .order_by("-visited_on", "-pk")
    )


def possible_chairs(plan: ChildProtectionPlan):
    """Who may chair: team managers, and the child's lead social worker."""
    worker_id = plan.child.lead_social_worker_id
    return (
        get_user_model()
        .objects.filter(Q(roles__code=RoleCode.TEAM_MANAGER) | Q(pk=worker_id), is_active=True)
        .distinct()
        .order_by("full_name")
    )


def first_core_group_due(plan: ChildProtectionPlan):
    """The plan's live CG_FIRST deadline (no meeting held yet), for the record form's question
    about a late first core group; None once it is met. One query."""
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        rule=RuleCode.CG_FIRST,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
        status__in=LIVE_STATUSES,
    ).first()
