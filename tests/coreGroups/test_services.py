"""Core group meetings and visits: CG_FIRST, CG_NEXT and VISIT open, meet and stay open as the
events happen; the first core group is chaired by a team manager; the core group adds to the plan
and never changes what the conference set; the warning before a review; who may act."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from accounts.models import RoleCode
from coreGroups import services
from coreGroups.models import (
    ActionProgress,
    AttendanceStatus,
    CoreGroupAttendance,
    CoreGroupMeeting,
    DangerStatementScaling,
    MeetingAddition,
    MeetingStatus,
    Visit,
)
from plans import services as plan_services
from plans.models import (
    ActionStatus,
    ChildProtectionPlan,
    ConferenceSetRowChanged,
    CoreGroupMember,
    PlanDangerStatement,
    Source,
)
from tests.factories.accounts import UserFactory
from tests.factories.clock import PINNED
from tests.factories.conferences import agency_professional_for
from tests.factories.coreGroups import at, backdate_plan, held_meeting
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


def _deadlines(plan, rule):
    return Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
    ).order_by("pk")


def _live(plan, rule):
    return _deadlines(plan, rule).filter(status__in=["open", "breached"]).get()


# --- CG_FIRST and the first meeting's chair ------------------------------------------------------


def test_the_first_core_group_within_10_working_days_meets_cg_first_on_time(plan, worker, manager):
    backdate_plan(plan, working_days=5)
    meeting = held_meeting(plan=plan, by=worker)
    assert meeting.status == MeetingStatus.HELD
    assert meeting.is_first
    assert meeting.chaired_by == manager  # the team manager, by default
    first = _deadlines(plan, RuleCode.CG_FIRST).get()
    assert first.status == DeadlineStatus.MET_ON_TIME


def test_the_first_core_group_after_10_working_days_meets_cg_first_late(plan, worker):
    backdate_plan(plan, working_days=12)
    assert _live(plan, RuleCode.CG_FIRST).due_on < timezone.localdate()
    # Late, it needs a reason (issue 18 item 5): refused without one, recorded with one.
    with pytest.raises(services.CoreGroupError) as refused:
        held_meeting(plan=plan, by=worker)
    assert refused.value.field == "late_reason"
    assert "Enter why it met after its due date" in refused.value.message
    assert _live(plan, RuleCode.CG_FIRST).status in (DeadlineStatus.OPEN, DeadlineStatus.BREACHED)
    held_meeting(plan=plan, by=worker, late_reason="The family were away; daily calls meanwhile.")
    first = _deadlines(plan, RuleCode.CG_FIRST).get()
    assert first.status == DeadlineStatus.MET_LATE
    assert first.delay_reason == "The family were away; daily calls meanwhile."


def test_the_first_core_group_must_be_chaired_by_a_team_manager(plan, worker):
    with pytest.raises(services.CoreGroupError, match="chaired by a social work team manager"):
        services.plan_meeting(plan=plan, held_at=timezone.now(), by=worker, chaired_by=worker)
    # A meeting booked with another chair (say, before this rule) is refused when recorded.
    meeting = CoreGroupMeeting.objects.create(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=5), chaired_by=worker
    )
    with pytest.raises(services.CoreGroupError, match="team manager"):
        services.record_meeting(meeting=meeting, by=worker)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert _live(plan, RuleCode.CG_FIRST).status == DeadlineStatus.OPEN


def test_later_meetings_may_be_chaired_by_the_social_worker(plan, worker):
    held_meeting(plan=plan, by=worker, held_at=PINNED - datetime.timedelta(minutes=120))
    later = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=5), by=worker
    )
    assert later.chaired_by == worker
    assert not later.is_first
    services.record_meeting(meeting=later, by=worker)
    later.refresh_from_db()
    assert later.is_held and not later.is_first


# --- CG_NEXT ----------------------------------------------------------------------------------------


def test_each_meeting_opens_the_next_cg_next_six_weeks_on(plan, worker):
    backdate_plan(plan, working_days=40)
    start = plan.started_on
    first_day = calendar.add_working_days(start, 8)
    held_meeting(plan=plan, by=worker, held_at=at(first_day))
    first_next = _live(plan, RuleCode.CG_NEXT)
    assert first_next.due_on == first_day + datetime.timedelta(weeks=6)
    assert first_next.responsible == worker
    assert first_next.child == plan.child

    second_day = first_day + datetime.timedelta(weeks=5)
    assert second_day <= timezone.localdate()
    held_meeting(plan=plan, by=worker, held_at=at(second_day))
    first_next.refresh_from_db()
    assert first_next.status == DeadlineStatus.MET_ON_TIME
    second_next = _live(plan, RuleCode.CG_NEXT)
    assert second_next.pk != first_next.pk
    assert second_next.due_on == second_day + datetime.timedelta(weeks=6)
    assert _deadlines(plan, RuleCode.CG_NEXT).count() == 2
    assert _deadlines(plan, RuleCode.CG_FIRST).get().status == DeadlineStatus.MET_ON_TIME


def test_meetings_are_recorded_in_order_and_not_in_the_future(plan, worker):
    held_meeting(plan=plan, by=worker)
    earlier = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=60), by=worker
    )
    with pytest.raises(services.CoreGroupError, match="in the order"):
        services.record_meeting(meeting=earlier, by=worker)
    future = services.plan_meeting(
        plan=plan, held_at=timezone.now() + datetime.timedelta(days=3), by=worker
    )
    with pytest.raises(services.CoreGroupError, match="once it has happened"):
        services.record_meeting(meeting=future, by=worker)
    meeting = CoreGroupMeeting.objects.filter(plan=plan, status=MeetingStatus.HELD).get()
    with pytest.raises(services.CoreGroupError, match="already recorded"):
        services.record_meeting(meeting=meeting, by=worker)


# --- The record: attendance, progress, scaling ----------------------------------------------------


def test_the_record_keeps_attendance_progress_scaling_and_decisions(plan, worker):
    members = list(CoreGroupMember.objects.filter(plan=plan).order_by("name"))
    visitor, mother = members  # Hannah Visitor, Sarah Jones
    action = plan.actions.order_by("pk").first()
    statement = plan.danger_statements.order_by("position").first()
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )
    services.record_meeting(
        meeting=meeting,
        by=worker,
        attendance=[
            {"member": visitor, "status": AttendanceStatus.APOLOGIES},
            {"member": mother, "status": AttendanceStatus.ATTENDED},
            {"member": None, "name": "Gran Jones", "role": "Grandmother", "status": "attended"},
        ],
        progress=[{"action": action, "status": ActionStatus.DONE, "comment": "Referred"}],
        scaling=[{"danger_statement": statement, "score": 6, "comment": "Calmer at home"}],
        decisions="Sarah will ring the health visitor each week.",
    )
    meeting.refresh_from_db()
    assert meeting.decisions == "Sarah will ring the health visitor each week."
    rows = {row.name: row for row in CoreGroupAttendance.objects.filter(meeting=meeting)}
    assert rows["Hannah Visitor"].status == AttendanceStatus.APOLOGIES
    assert rows["Hannah Visitor"].role == "Health visitor"
    assert rows["Gran Jones"].member is None
    assert ActionProgress.objects.get(meeting=meeting).comment == "Referred"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE  # the plan follows the meeting
    assert DangerStatementScaling.objects.get(meeting=meeting).score == 6
    statement.refresh_from_db()
    assert statement.source == Source.CONFERENCE  # scored, not changed


@pytest.mark.parametrize("score", [-1, 11, None])
def test_a_score_is_from_0_to_10(plan, worker, score):
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )
    statement = plan.danger_statements.first()
    with pytest.raises(services.CoreGroupError, match="from 0 to 10"):
        services.record_meeting(
            meeting=meeting, by=worker, scaling=[{"danger_statement": statement, "score": score}]
        )
    assert not DangerStatementScaling.objects.exists()
    assert _live(plan, RuleCode.CG_FIRST).status == DeadlineStatus.OPEN


def test_another_plans_action_or_member_is_refused(plan, worker):
    other_member = CoreGroupMember(plan=plan, name="x")  # unsaved: not in the plan
    other_member.pk = 999_999
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )
    with pytest.raises(services.CoreGroupError, match="not in this plan's core group"):
        services.record_meeting(
            meeting=meeting, by=worker, attendance=[{"member": other_member, "status": "attended"}]
        )
    with pytest.raises(services.CoreGroupError, match="not on this plan"):
        services.record_meeting(
            meeting=meeting, by=worker, progress=[{"action": 999_999, "status": "done"}]
        )


# --- What the core group adds, and what it cannot change ------------------------------------------


def test_a_meeting_adds_a_danger_statement_and_an_action_marked_with_the_meeting(plan, worker):
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )
    statement = services.add_danger_statement_at_meeting(
        meeting=meeting,
        text="Amelia may miss school when her mother is unwell.",
        safety_goal="Amelia goes to school every day.",
        by=worker,
    )
    action = services.add_action_at_meeting(
        meeting=meeting,
        what="Walk Amelia to school",
        who="Gran Jones",
        danger_statement=statement,
        by=worker,
    )
    assert statement.source == Source.CORE_GROUP and statement.position == 5
    assert action.source == Source.CORE_GROUP
    assert statement.added_at_core_group.meeting == meeting
    assert action.added_at_core_group.meeting == meeting
    assert MeetingAddition.objects.filter(meeting=meeting).count() == 2


def test_a_meeting_passes_on_the_plans_refusals(plan, worker):
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )
    with pytest.raises(services.CoreGroupError, match="Enter the safety goal") as error:
        services.add_danger_statement_at_meeting(
            meeting=meeting, text="Something", safety_goal="  ", by=worker
        )
    assert error.value.field == "safety_goal"
    assert not MeetingAddition.objects.exists()


def test_conference_set_danger_statements_cannot_be_changed_through_core_group_work(
    plan, worker, manager
):
    statement = plan.danger_statements.filter(source=Source.CONFERENCE).first()
    original = (statement.text, statement.safety_goal)
    meeting = held_meeting(plan=plan, by=worker)
    services.add_danger_statement_at_meeting(
        meeting=meeting, text="Something new", safety_goal="A new goal", by=manager
    )
    # Not without a conference, whoever asks:
    for user in (worker, manager, meeting.chaired_by):
        with pytest.raises(plan_services.PlanError):
            plan_services.amend_conference_danger_statement(
                statement=statement, conference=None, text="Changed", safety_goal="Changed", by=user
            )
    # Nor by saving the row or updating it in bulk:
    statement.text = "Changed by the core group"
    with pytest.raises(ConferenceSetRowChanged):
        statement.save()
    with pytest.raises(ConferenceSetRowChanged):
        PlanDangerStatement.objects.filter(pk=statement.pk).update(text="Changed")
    with pytest.raises(ConferenceSetRowChanged):
        PlanDangerStatement.objects.filter(pk=statement.pk).delete()
    statement.refresh_from_db()
    assert (statement.text, statement.safety_goal) == original
    assert statement.is_active


# --- Sharing the record ---------------------------------------------------------------------------


def test_sharing_emails_the_members_with_an_address_and_records_when(
    plan, worker, child, django_capture_on_commit_callbacks
):
    professional, _ = agency_professional_for(child=child, email="hv@test.example")
    CoreGroupMember.objects.create(plan=plan, name="Hannah Prof", user=professional)
    CoreGroupMember.objects.create(
        plan=plan,
        name="Left Already",
        user=UserFactory(email="gone@test.example"),
        is_active=False,
    )
    meeting = held_meeting(plan=plan, by=worker, decisions="Meet again in six weeks.")
    mail.outbox.clear()  # the conference's invitations
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.share_meeting_record(meeting=meeting, by=worker)
    assert sent == 1
    assert [message.to for message in mail.outbox] == [["hv@test.example"]]
    assert "Meet again in six weeks." in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.shared_at is not None and meeting.shared_by == worker


def test_only_a_held_meeting_is_shared(plan, worker):
    meeting = services.plan_meeting(plan=plan, held_at=timezone.now(), by=worker)
    with pytest.raises(services.CoreGroupError, match="Record the meeting"):
        services.share_meeting_record(meeting=meeting, by=worker)


# --- The warning before a review --------------------------------------------------------------------


def test_fewer_than_two_meetings_before_the_review_gives_a_warning(plan, worker):
    assert services.meetings_before_review_warning(plan) is None  # the review is 3 months off
    backdate_plan(plan, working_days=55)
    review = _live(plan, RuleCode.RCPC_FIRST)
    assert (review.due_on - timezone.localdate()).days <= 28
    warning = services.meetings_before_review_warning(plan)
    assert "no core group meetings have been held since the last conference" in warning
    day = calendar.add_working_days(plan.started_on, 9)
    held_meeting(plan=plan, by=worker, held_at=at(day))
    assert "only 1 core group meeting has" in services.meetings_before_review_warning(plan)
    held_meeting(plan=plan, by=worker, held_at=at(day + datetime.timedelta(weeks=6)))
    assert services.meetings_before_review_warning(plan) is None


# --- Visits ------------------------------------------------------------------------------------------


def test_a_visit_seeing_the_child_meets_visit_and_opens_the_next(plan, worker):
    backdate_plan(plan, working_days=4)
    first = _live(plan, RuleCode.VISIT)
    day = calendar.add_working_days(plan.started_on, 2)
    visit = services.record_visit(
        plan=plan, by=worker, visited_on=day, child_seen=True, seen_alone=True, notes="Well"
    )
    assert visit.visited_by == worker and visit.seen_alone
    first.refresh_from_db()
    assert first.status == DeadlineStatus.MET_ON_TIME
    following = _live(plan, RuleCode.VISIT)
    assert following.pk != first.pk
    assert following.due_on == calendar.add_working_days(day, 10)


def test_a_visit_not_seeing_the_child_keeps_the_clock(plan, worker):
    live = _live(plan, RuleCode.VISIT)
    visit = services.record_visit(
        plan=plan,
        by=worker,
        visited_on=timezone.localdate(),
        child_seen=False,
        seen_alone=True,
        reason_not_seen="Amelia was at her grandmother's.",
    )
    assert not visit.seen_alone
    assert _live(plan, RuleCode.VISIT).pk == live.pk
    live.refresh_from_db()
    assert live.status == DeadlineStatus.OPEN
    with pytest.raises(services.CoreGroupError, match="why the child was not seen") as error:
        services.record_visit(
            plan=plan,
            by=worker,
            visited_on=timezone.localdate(),
            child_seen=False,
            seen_alone=False,
        )
    assert error.value.field == "reason_not_seen"


def test_the_plans_shorter_visiting_frequency_sets_the_next_visit(plan, worker):
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(visit_frequency_working_days=5)
    plan.refresh_from_db()
    today = timezone.localdate()
    services.record_visit(plan=plan, by=worker, visited_on=today, child_seen=True, seen_alone=False)
    following = _live(plan, RuleCode.VISIT)
    assert following.due_on == calendar.add_working_days(today, 5)
    assert following.policy_value == 5
    assert following.due_at == at(following.due_on + datetime.timedelta(days=1), 0)


def test_a_visit_in_the_future_is_refused(plan, worker):
    with pytest.raises(services.CoreGroupError, match="today or in the past"):
        services.record_visit(
            plan=plan,
            by=worker,
            visited_on=timezone.localdate() + datetime.timedelta(days=1),
            child_seen=True,
            seen_alone=False,
        )


# --- Who may act -------------------------------------------------------------------------------------


def test_only_the_social_worker_their_manager_or_the_chair_act(plan, worker, manager, child):
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    professional, _ = agency_professional_for(child=child)
    CoreGroupMember.objects.create(plan=plan, name="Prof", user=professional)
    for user in (other_worker, professional):
        with pytest.raises(services.CoreGroupError, match="lead social worker"):
            services.plan_meeting(plan=plan, held_at=timezone.now(), by=user)
        with pytest.raises(services.CoreGroupError, match="lead social worker"):
            services.record_visit(
                plan=plan,
                by=user,
                visited_on=timezone.localdate(),
                child_seen=True,
                seen_alone=False,
            )
    # The meeting's chair (another team manager) records it.
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    meeting = services.plan_meeting(
        plan=plan,
        held_at=PINNED - datetime.timedelta(minutes=5),
        by=manager,
        chaired_by=other_manager,
    )
    with pytest.raises(services.CoreGroupError, match="lead social worker"):
        services.record_meeting(meeting=meeting, by=other_worker)
    services.record_meeting(meeting=meeting, by=other_manager)
    assert Visit.objects.count() == 0


def test_an_ended_plan_takes_no_more_meetings_or_visits(plan, worker):
    from tests.factories.plans import end_plan_directly

    end_plan_directly(plan, timezone.localdate())
    with pytest.raises(services.CoreGroupError, match="ended"):
        services.plan_meeting(plan=plan, held_at=timezone.now(), by=worker)
    with pytest.raises(services.CoreGroupError, match="ended"):
        services.record_visit(
            plan=plan,
            by=worker,
            visited_on=timezone.localdate(),
            child_seen=True,
            seen_alone=False,
        )


# --- History -----------------------------------------------------------------------------------------


def test_history_rows_record_who_did_what(plan, worker):
    meeting = services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=5), by=worker
    )
    services.record_meeting(
        meeting=meeting,
        by=worker,
        attendance=[
            {"member": CoreGroupMember.objects.filter(plan=plan).first(), "status": "attended"}
        ],
        scaling=[{"danger_statement": plan.danger_statements.first(), "score": 4}],
    )
    visit = services.record_visit(
        plan=plan, by=worker, visited_on=timezone.localdate(), child_seen=True, seen_alone=False
    )
    history = list(meeting.history.order_by("history_date"))
    assert [row.status for row in history] == ["planned", "held"]
    assert all(row.history_user == worker for row in history)
    assert history[-1].history_change_reason == "Recorded as held"
    assert visit.history.get().history_user == worker
    assert CoreGroupAttendance.history.filter(meeting_id=meeting.pk).count() == 1
    assert DangerStatementScaling.history.filter(meeting_id=meeting.pk).count() == 1
