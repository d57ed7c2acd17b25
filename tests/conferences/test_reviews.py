"""Review conferences (issue 6 part 6, issue 7 part 6): the coordinator schedules a review for a
plan (with siblings due the same day), allocates its chair and books it without a request; its
invitations come from the core group; starting it copies the plan's danger statements; its
decision continues the plan (RCPC_NEXT, 6 months) or ends it (a step-down Child in Need plan or
Early Help), with the authority's first-review policy as plain-English errors."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from accounts.models import RoleCode
from conferences import services
from conferences.models import (
    ConferenceKind,
    ConferenceStatus,
    DangerStatement,
    Invitation,
    InvitationMethod,
    SignsOfSafetyRecord,
)
from conferences.services import ConferenceBookingError, DecisionError
from plans import services as plan_services
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanEndReason,
    PlanNotice,
    PlanStatus,
    StepDown,
)
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    booked_review,
    decide,
    decide_every_child,
    give_views,
    make_quorate,
    move_to_today,
    send_invitations,
    started_conference,
    started_review,
    working_day_at,
)
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db

CP, CIN, NFA = "cp_plan", "cin_plan", "nfa"


def _deadline(rule, subject, status=None):
    queryset = Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-pk").first()


def _new_chair(name):
    return UserFactory(roles=[RoleCode.CHAIR], full_name=name)


@shareable
def professional(db):
    return UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL], full_name="Priya School", email="priya@school.example"
    )


@shareable
def plans(conference_request, coordinator, chair, minute_taker, household, professional):
    """Amelia and Noah on child protection plans (emotional abuse) from their initial
    conference, with two conference danger statements and a school professional in the core
    group."""
    initial = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(initial, by=minute_taker)
    add_danger_statements(initial, by=minute_taker, count=2)
    decide_every_child(initial, chair=chair)
    made = {
        key: ChildProtectionPlan.objects.get(child=household[key], status=PlanStatus.ACTIVE)
        for key in ("amelia", "noah")
    }
    for plan in made.values():
        CoreGroupMember.objects.create(
            plan=plan, name=professional.full_name, role="School", user=professional
        )
    return made


def test_scheduling_a_review_for_a_plan_and_its_siblings_due_the_same_day(
    plans, coordinator, household, worker
):
    with pytest.raises(ConferenceBookingError, match="Only a conference coordinator"):
        services.schedule_review_conference(plan=plans["amelia"], by=worker)
    review = services.schedule_review_conference(plan=plans["amelia"], by=coordinator)
    assert (review.kind, review.request_id, review.status) == (
        ConferenceKind.REVIEW,
        None,
        ConferenceStatus.ALLOCATED,
    )
    assert {link.child for link in review.conference_children.all()} == {
        household["amelia"],
        household["noah"],
    }
    # Scheduling again is the same review.
    assert services.schedule_review_conference(plan=plans["noah"], by=coordinator) == review
    with pytest.raises(ConferenceBookingError, match="Allocate a chair"):
        services.book_conference(
            conference=review,
            starts_at=working_day_at(15),
            online_link="https://meet.example/r",
            by=coordinator,
        )


def test_allocating_a_review_chair_and_booking_needs_no_icpc_reason(plans, coordinator):
    review_chair = _new_chair("Rita Review")
    with pytest.raises(ConferenceBookingError, match="Select an independent chair"):
        services.allocate_review_chair(
            conference=services.schedule_review_conference(plan=plans["amelia"], by=coordinator),
            chair=coordinator,
            by=coordinator,
        )
    review = booked_review(plan=plans["amelia"], coordinator=coordinator, chair=review_chair)
    assert review.status == ConferenceStatus.BOOKED
    assert review.chair == review_chair
    assert review.late_reason == ""
    assert _deadline(RuleCode.INVITES, review).status == DeadlineStatus.OPEN


def test_a_reviews_invitations_come_from_the_core_group(
    plans, coordinator, household, professional, worker
):
    review = booked_review(plan=plans["amelia"], coordinator=coordinator, chair=_new_chair("R"))
    mail.outbox.clear()
    send_invitations(conference=review, by=coordinator)
    invitations = {
        invitation.name: invitation
        for invitation in Invitation.objects.filter(conference=review, is_active=True)
    }
    assert invitations["Priya School"].method == InvitationMethod.EMAIL
    assert invitations["Priya School"].user == professional
    assert invitations["Sarah Jones"].method == InvitationMethod.LETTER
    assert invitations["Sarah Jones"].person == household["mother"]
    assert invitations["Sarah Jones"].letter
    assert invitations["Mark Jones"].not_sent_reason  # no documents to the father
    assert invitations["Hannah Visitor"].email == "hannah.visitor@health.example"
    assert worker.pk in {invitation.user_id for invitation in invitations.values()}
    emailed = {message.to[0] for message in mail.outbox}
    assert {"priya@school.example", "hannah.visitor@health.example", worker.email} <= emailed
    assert _deadline(RuleCode.INVITES, review).status == DeadlineStatus.MET_ON_TIME


def test_starting_a_review_copies_the_plans_danger_statements_conference_set_first(
    plans, coordinator, worker
):
    amelia = plans["amelia"]
    plan_services.add_core_group_danger_statement(
        plan=amelia, text="Core group worry", safety_goal="Core group goal", by=worker
    )
    for n in (3, 4):
        plan_services.add_core_group_danger_statement(
            plan=plans["noah"], text=f"Noah worry {n}", safety_goal=f"Noah goal {n}", by=worker
        )
    review_chair = _new_chair("R")
    review = started_review(plan=amelia, coordinator=coordinator, chair=review_chair)
    record = SignsOfSafetyRecord.objects.get(conference=review)
    dangers = list(DangerStatement.objects.filter(record=record).order_by("position"))
    assert len(dangers) == 4
    assert dangers[0].statement.startswith("Danger statement 1")
    assert dangers[1].statement.startswith("Danger statement 2")
    assert dangers[0].safety_goal.goal.startswith("Safety goal 1")
    # Five different statements across the two plans: the first 4, and a note of the rest.
    assert "first 4 are copied" in record.next_steps
    assert "Noah worry 4" in record.next_steps


def test_a_review_continues_the_plan_and_a_later_one_ends_it_with_a_step_down(
    plans, coordinator, household, django_capture_on_commit_callbacks
):
    amelia, noah = plans["amelia"], plans["noah"]
    first_chair = _new_chair("First Review")
    first = started_review(plan=amelia, coordinator=coordinator, chair=first_chair)
    make_quorate(first, by=first_chair)
    decide_every_child(first, chair=first_chair, outcome=CP)
    first.refresh_from_db()
    assert first.status == ConferenceStatus.HELD
    held_on = timezone.localdate(first.starts_at)
    for plan in (amelia, noah):
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE
        assert _deadline(RuleCode.RCPC_FIRST, plan).status == DeadlineStatus.MET_ON_TIME
        next_review = _deadline(RuleCode.RCPC_NEXT, plan, DeadlineStatus.OPEN)
        assert next_review.due_on == calendar.add_months(held_on, 6)

    second_chair = _new_chair("Second Review")
    second = started_review(plan=amelia, coordinator=coordinator, chair=second_chair)
    assert second != first
    make_quorate(second, by=second_chair)
    decisions = {d.child: d for d in services.open_decisions(conference=second, by=second_chair)}
    give_views(decisions[household["amelia"]], by=second_chair, views=[CIN, CIN, CIN])
    decide(decisions[household["amelia"]], by=second_chair, outcome=CIN)
    give_views(decisions[household["noah"]], by=second_chair, views=[NFA, NFA, NFA])
    decide(decisions[household["noah"]], by=second_chair, outcome=NFA, early_help=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for decision in decisions.values():
            services.finalise_decision(decision=decision, by=second_chair)

    amelia.refresh_from_db()
    assert amelia.status == PlanStatus.ENDED
    assert amelia.end_reason == PlanEndReason.NO_LONGER_AT_RISK
    assert amelia.ended_by_conference == second
    assert amelia.step_down == StepDown.CHILD_IN_NEED
    assert _deadline(RuleCode.RCPC_NEXT, amelia).status == DeadlineStatus.MET_ON_TIME
    step_down = ChildInNeedPlan.objects.get(from_plan=amelia)
    assert step_down.started_by_conference == second
    cin_review = _deadline(RuleCode.CIN_REVIEW, step_down)
    assert cin_review.due_on == calendar.add_working_days(amelia.ended_on, 20)
    decision = decisions[household["amelia"]]
    decision.refresh_from_db()
    assert decision.child_in_need_plan == step_down
    assert decision.child_protection_plan == amelia

    noah.refresh_from_db()
    assert (noah.status, noah.step_down) == (PlanStatus.ENDED, StepDown.EARLY_HELP)
    assert not ChildInNeedPlan.objects.filter(from_plan=noah).exists()
    # Everyone invited to the initial conference is told, for each child.
    assert PlanNotice.objects.filter(plan=amelia).exists()
    assert any("hannah.visitor@health.example" in m.to for m in mail.outbox)
    second.refresh_from_db()
    assert second.status == ConferenceStatus.HELD
    # History records the ending.
    assert amelia.history.first().status == PlanStatus.ENDED


def test_ending_at_the_first_review_needs_the_service_managers_agreement_on_the_decision(
    plans, coordinator, household, service_manager
):
    review_chair = _new_chair("R")
    review = started_review(plan=plans["amelia"], coordinator=coordinator, chair=review_chair)
    make_quorate(review, by=review_chair)
    decisions = {d.child: d for d in services.open_decisions(conference=review, by=review_chair)}
    amelias = decisions[household["amelia"]]
    give_views(amelias, by=review_chair, views=[NFA, NFA, NFA])
    decide(amelias, by=review_chair, outcome=NFA)
    with pytest.raises(DecisionError, match="service manager's agreement") as refused:
        services.finalise_decision(decision=amelias, by=review_chair)
    assert refused.value.field == "service_manager_agreement"
    decide(amelias, by=review_chair, outcome=NFA, service_manager_agreement=service_manager)
    services.finalise_decision(decision=amelias, by=review_chair)
    plan = plans["amelia"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    assert plan.service_manager_agreement == service_manager
    assert plan.step_down == StepDown.NONE


def test_a_neglect_plan_is_not_ended_at_its_first_review_from_the_decision(
    plans, coordinator, household, service_manager
):
    ChildProtectionPlan.objects.filter(pk=plans["amelia"].pk).update(category="neglect")
    review_chair = _new_chair("R")
    review = started_review(plan=plans["amelia"], coordinator=coordinator, chair=review_chair)
    make_quorate(review, by=review_chair)
    decisions = {d.child: d for d in services.open_decisions(conference=review, by=review_chair)}
    amelias = decisions[household["amelia"]]
    give_views(amelias, by=review_chair, views=[CIN, CIN, CIN])
    decide(amelias, by=review_chair, outcome=CIN, service_manager_agreement=service_manager)
    with pytest.raises(DecisionError, match="A neglect plan cannot end at its first review"):
        services.finalise_decision(decision=amelias, by=review_chair)
    plans["amelia"].refresh_from_db()
    assert plans["amelia"].status == PlanStatus.ACTIVE
    amelias.refresh_from_db()
    assert amelias.status == "draft"


def test_a_review_cannot_be_scheduled_for_an_ended_plan(plans, coordinator, worker, manager):
    # Issue 17: an ending outside a conference needs a manager's agreement.
    plan_services.end_plan(
        plan=plans["amelia"],
        reason=PlanEndReason.DIED,
        ended_on=timezone.localdate(),
        by=worker,
        manager_agreement=manager,
        manager_agreed_on=timezone.localdate(),
    )
    with pytest.raises(ConferenceBookingError, match="This plan has ended"):
        services.schedule_review_conference(plan=plans["amelia"], by=coordinator)


def test_move_to_today_then_start_review_is_possible_without_invitations(plans, coordinator):
    review_chair = _new_chair("R")
    review = booked_review(plan=plans["amelia"], coordinator=coordinator, chair=review_chair)
    move_to_today(review)
    started = services.start_conference(conference=review, by=review_chair)
    assert started.started_at is not None


def test_the_review_record_starts_from_the_scale_history_and_the_actions_progress(
    client, plans, coordinator, worker, minute_taker, django_assert_max_num_queries
):
    """Issue 6 part 6: a review starts from the plan's scale history (each earlier conference's
    scores and each core group's scaling) and the core group's progress on the actions."""
    from conferences.models import SafetyScaleScore
    from coreGroups.models import CoreGroupMeeting, DangerStatementScaling
    from plans.models import ActionStatus, PlanAction

    amelia = plans["amelia"]
    initial_record = SignsOfSafetyRecord.objects.get(conference=amelia.started_by_conference)
    for name, score in (("Sarah", 3), ("Hannah", 5)):
        SafetyScaleScore.objects.create(record=initial_record, participant=name, score=score)
    # Issue 17 item 11: scores per child and danger statement; Noah's are not Amelia's.
    first_danger = initial_record.danger_statements.order_by("position").first()
    for child, score in ((amelia.child, 7), (plans["noah"].child, 1)):
        SafetyScaleScore.objects.create(
            record=initial_record,
            participant="Gina GP",
            score=score,
            danger_statement=first_danger,
            child=child,
        )
    meeting = CoreGroupMeeting.objects.create(
        plan=amelia,
        held_at=timezone.now(),
        chaired_by=worker,
        status="held",
        recorded_at=timezone.now(),
    )
    statement = amelia.danger_statements.order_by("position").first()
    DangerStatementScaling.objects.create(meeting=meeting, danger_statement=statement, score=6)
    plan_services.add_action(
        plan=amelia, what="Attend a parenting course", who="Sarah Jones", by=worker
    )
    PlanAction.objects.filter(plan=amelia).update(status=ActionStatus.IN_PROGRESS)

    review = started_review(plan=amelia, coordinator=coordinator, chair=_new_chair("S"))
    client.force_login(review.chair)
    with django_assert_max_num_queries(40):
        page = client.get(f"/conferences/{review.pk}/record/").content.decode()
    assert "Since the last conference: Amelia Jones" in page
    assert "Conference (average of everyone&#x27;s scores)" in page
    assert '<td class="govuk-table__cell">4.0</td>' in page
    sections = {
        part.split("<", 1)[0]: part for part in page.split("Since the last conference: ")[1:]
    }
    assert "danger statement 1: 7</td>" in sections["Amelia Jones"]
    assert "danger statement 1: 1</td>" not in sections["Amelia Jones"]
    if "Noah Jones" in sections:
        assert "danger statement 1: 1</td>" in sections["Noah Jones"]
    assert "danger statement 1: 6" in page
    assert "Attend a parenting course" in page
    assert "In progress" in page
    initial = client.get(f"/conferences/{amelia.started_by_conference_id}/record/")
    assert "Since the last conference" not in initial.content.decode()
