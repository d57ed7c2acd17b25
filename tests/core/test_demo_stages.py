"""The demo holds a case at each stage of the journey (issue 18 item 9), built relative to
the day it is loaded, and loading it again changes nothing. Loaded at two moments: a working
Wednesday morning and a Saturday afternoon (when "today's" conference is the next working
day's)."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from children.models import Child, LookedAfterPeriod
from conferences.models import (
    Conference,
    ConferenceRequest,
    DecisionEscalation,
    EscalationStatus,
    RequestStatus,
)
from contextual.models import ContextualConference, CscStatus, ViewKind
from core import worklists
from core.demo_stages.clock import working_days_ago
from coreGroups.models import CoreGroupMeeting, Visit
from enquiries.models import PlanEnquiry
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    EarlyReviewPrompt,
    PlanStatus,
    PromptStatus,
    StepDown,
    TransferIn,
)
from reports.models import ConferenceMinutes, MinutesStatus
from timescales import calendar
from timescales.models import Deadline, QanStatus, QualityAssuranceNotification, RuleCode

pytestmark = pytest.mark.django_db

MOMENTS = [datetime.datetime(2026, 3, 11, 9, 30), datetime.datetime(2026, 12, 5, 15, 20)]
# Each sweep keeps a log row of its run; that is the scheduler's log, not demo data.
LOGS = {"timescales.SchedulerRun"}


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label not in LOGS
    }


def _demo(number: int) -> Child:
    return Child.objects.get(local_child_id=f"DEMO{number:04d}")


@pytest.mark.parametrize("moment", MOMENTS, ids=["wednesday-morning", "saturday-afternoon"])
def test_the_demo_has_every_stage_relative_to_today_and_loads_once(moment):
    with time_machine.travel(timezone.make_aware(moment), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        first = _counts()
        call_command("seed_demo", stdout=io.StringIO())
        assert _counts() == first

        today = timezone.localdate()
        held_today = working_days_ago(0)
        assert held_today == today or not calendar.is_working_day(today)
        # A request waiting for a chair.
        assert ConferenceRequest.objects.filter(status=RequestStatus.SENT).exists()
        # A conference ready to hold today (or on the next working day), with its report.
        ready = Conference.objects.get(conference_children__child=_demo(101))
        assert timezone.localdate(ready.starts_at) == held_today
        assert ready.started_at is None and ready.invitations_sent_at is not None
        # Held two working days ago, plans started, minutes being drafted.
        drafted = ConferenceMinutes.objects.get(conference__conference_children__child=_demo(111))
        assert drafted.status == MinutesStatus.DRAFT
        assert timezone.localdate(drafted.conference.starts_at) == working_days_ago(2)
        assert ChildProtectionPlan.objects.filter(
            child=_demo(111), status=PlanStatus.ACTIVE
        ).exists()
        # Adjourned yesterday: the child is on an interim plan.
        assert ChildProtectionPlan.objects.filter(
            child=_demo(121), status=PlanStatus.INTERIM
        ).exists()
        # An active plan with core groups, visits and its first review due soon (and booked).
        plan = ChildProtectionPlan.objects.get(child=_demo(131), status=PlanStatus.ACTIVE)
        assert CoreGroupMeeting.objects.filter(plan=plan).count() >= 2
        assert Visit.objects.filter(plan=plan, visited_on__gte=working_days_ago(10)).exists()
        review_due = Deadline.objects.get(
            rule=RuleCode.RCPC_FIRST, subject_id=plan.pk, met_at__isnull=True
        )
        assert today <= review_due.due_on <= today + datetime.timedelta(days=21)
        assert Conference.objects.filter(
            conference_children__child=plan.child, kind="review", starts_at__date__gte=today
        ).exists()
        # The same child became looked after: the plan prompts an early review.
        period = LookedAfterPeriod.objects.get(child=plan.child)
        assert period.is_open and period.started_on == working_days_ago(3)
        assert EarlyReviewPrompt.objects.filter(plan=plan, status=PromptStatus.OPEN).exists()
        # A plan ended at its first review (the service manager agreeing), stepped down to a
        # Child in Need plan.
        ended = ChildProtectionPlan.objects.get(child=_demo(141))
        assert ended.status == PlanStatus.ENDED and ended.step_down == StepDown.CHILD_IN_NEED
        assert ended.ended_on == working_days_ago(5)
        assert ended.service_manager_agreement is not None
        assert ChildInNeedPlan.objects.filter(from_plan=ended).exists()
        # A split that continued after reconvening: the decision escalated to senior managers.
        escalation = DecisionEscalation.objects.get(child=_demo(171))
        assert escalation.status == EscalationStatus.AWAITING_REVIEW
        assert escalation.plan.status == PlanStatus.ACTIVE
        # A Contextual Safeguarding Conference held two working days ago, its plan with outcomes.
        csc = ContextualConference.objects.get(child=_demo(181))
        assert csc.status == CscStatus.HELD and csc.plan is not None
        assert timezone.localdate(csc.starts_at) == working_days_ago(2)
        assert csc.plan.outcomes.count() == 2
        assert {view.kind for view in csc.views.all()} == set(ViewKind.values)
        # A pre-birth conference booked ahead, a transfer-in waiting, an enquiry answered.
        unborn = _demo(151)
        assert unborn.is_unborn
        assert Conference.objects.filter(
            conference_children__child=unborn, starts_at__date__gt=today
        ).exists()
        assert TransferIn.objects.filter(child=_demo(161), conference__isnull=True).exists()
        assert PlanEnquiry.objects.exists()
        # Quality Assurance notifications open and closed.
        assert QualityAssuranceNotification.objects.filter(status=QanStatus.OPEN).exists()
        assert QualityAssuranceNotification.objects.filter(status=QanStatus.CLOSED).exists()


def test_each_demo_user_lands_on_something_to_do():
    """Every demo user with a role has work waiting, except the enquirer (whose page starts
    an enquiry)."""
    with time_machine.travel(timezone.make_aware(MOMENTS[0]), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        idle = []
        for user in User.objects.filter(email__endswith="@demo.example").prefetch_related("roles"):
            roles = [role.code for role in user.roles.all()]
            if not roles or roles == ["enquirer"]:
                continue
            if not any(
                work_list.items
                for role in roles
                for work_list in worklists.work_lists_for(user, role)
            ):
                idle.append(user.email)
    assert idle == []
