"""Ending a child protection plan (issue 7 part 6): only a review conference ends a plan because
the child is no longer at risk; a neglect plan is not ended at its first review; ending at the
first review needs the service manager's agreement; moving away needs the receiving authority's
transfer-in conference; the sweep ends the plan on the 18th birthday; ending withdraws the plan's
deadlines, emails the initial conference's invitees and records a step-down; END_NOTICE; LONG_PLAN
emails the head of service and the QA manager once."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    PlanCategory,
    PlanEndReason,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
    StepDown,
)
from plans.services import PlanError
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_review, working_day_at
from tests.factories.plans import plan_from, review_conference
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode
from timescales.sweep import run_sweep

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _deadlines(subject, rule=None):
    queryset = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(type(subject)), subject_id=subject.pk
    )
    if rule:
        queryset = queryset.filter(rule=rule)
    return list(queryset.order_by("pk"))


@shareable
def service_manager(db):
    return UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service")


@shareable
def physical_plan(conference, child):
    return plan_from(conference=conference, child=child, category=PlanCategory.PHYSICAL_ABUSE)


@shareable
def agreed(manager):
    """The team manager's agreement, which every ending outside a conference needs (issue 17)."""
    return {"manager_agreement": manager, "manager_agreed_on": TODAY()}


def _continue_once(plan, child, chair):
    first = review_conference(child=child, chair=chair)
    services.continue_plan_at_review(plan=plan, conference=first, held_on=TODAY(), by=chair)
    return first


# --- The policy at a review ---------------------------------------------------------------------


def test_a_neglect_plan_cannot_end_at_its_first_review(plan, child, chair, service_manager):
    assert plan.category == PlanCategory.NEGLECT
    review = review_conference(child=child, chair=chair)
    with pytest.raises(PlanError, match="A neglect plan cannot end at its first review"):
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.NO_LONGER_AT_RISK,
            ended_on=TODAY(),
            by=chair,
            conference=review,
            service_manager_agreement=service_manager,
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_a_neglect_plan_may_end_at_a_later_review(plan, child, chair):
    _continue_once(plan, child, chair)
    second = review_conference(child=child, chair=chair)
    ended = services.end_plan(
        plan=plan,
        reason=PlanEndReason.NO_LONGER_AT_RISK,
        ended_on=TODAY(),
        by=chair,
        conference=second,
    )
    assert ended.status == PlanStatus.ENDED
    assert ended.ended_by_conference == second
    assert ended.service_manager_agreement is None


def test_ending_at_the_first_review_needs_the_service_managers_agreement(
    physical_plan, child, chair, service_manager, worker
):
    review = review_conference(child=child, chair=chair)
    kwargs = {
        "plan": physical_plan,
        "reason": PlanEndReason.NO_LONGER_AT_RISK,
        "ended_on": TODAY(),
        "by": chair,
        "conference": review,
    }
    with pytest.raises(PlanError, match="needs the service manager's agreement") as refused:
        services.end_plan(**kwargs)
    assert refused.value.field == "service_manager_agreement"
    with pytest.raises(PlanError, match="is not a service manager"):
        services.end_plan(**kwargs, service_manager_agreement=worker)

    ended = services.end_plan(**kwargs, service_manager_agreement=service_manager)
    assert ended.status == PlanStatus.ENDED
    assert ended.end_reason == PlanEndReason.NO_LONGER_AT_RISK
    assert ended.service_manager_agreement == service_manager
    # The review happened: RCPC_FIRST is met, not withdrawn.
    (review_deadline,) = _deadlines(ended, RuleCode.RCPC_FIRST)
    assert review_deadline.status == DeadlineStatus.MET_ON_TIME


def test_no_longer_at_risk_only_through_a_review_conference(plan, child, chair, conference, worker):
    for kwargs in (
        {"by": worker},
        {"by": chair, "conference": conference},  # the initial conference
    ):
        with pytest.raises(PlanError, match="Only a review conference|not the one that started"):
            services.end_plan(
                plan=plan, reason=PlanEndReason.NO_LONGER_AT_RISK, ended_on=TODAY(), **kwargs
            )
    not_started = review_conference(child=child, chair=chair, started=False)
    with pytest.raises(PlanError, match="being held or was held"):
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.NO_LONGER_AT_RISK,
            ended_on=TODAY(),
            by=chair,
            conference=not_started,
        )
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    review = review_conference(child=child, chair=chair)
    with pytest.raises(PlanError, match="Only the conference's chair"):
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.NO_LONGER_AT_RISK,
            ended_on=TODAY(),
            by=other_chair,
            conference=review,
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


# --- Other endings ------------------------------------------------------------------------------


def test_moved_away_only_after_the_transfer_in_conference(plan, worker, agreed):
    with pytest.raises(PlanError, match="transfer-in conference") as refused:
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.MOVED_AWAY,
            ended_on=TODAY(),
            by=worker,
            receiving_authority="Somerset",
            **agreed,
        )
    assert refused.value.field == "transfer_in_conference_on"
    with pytest.raises(PlanError, match="cannot be in the future"):
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.MOVED_AWAY,
            ended_on=TODAY(),
            by=worker,
            receiving_authority="Somerset",
            transfer_in_conference_on=TODAY() + datetime.timedelta(days=3),
            **agreed,
        )
    ended = services.end_plan(
        plan=plan,
        reason=PlanEndReason.MOVED_AWAY,
        ended_on=TODAY(),
        by=worker,
        receiving_authority="Somerset",
        transfer_in_conference_on=TODAY(),
        **agreed,
    )
    assert (ended.receiving_authority, ended.transfer_in_conference_on) == ("Somerset", TODAY())


def test_only_the_lead_social_worker_or_the_conference_service_record_an_ending(
    plan, manager, agreed
):
    """Issue 17 changed this rule: the social worker's line manager and any service manager no
    longer record an ending outside a conference (they agree it)."""
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER])
    for by in (stranger, manager, service_manager):
        with pytest.raises(PlanError, match="Only the child's lead social worker"):
            services.end_plan(
                plan=plan, reason=PlanEndReason.DIED, ended_on=TODAY(), by=by, **agreed
            )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_other_is_no_reason_and_a_conference_ends_only_for_no_longer_at_risk(
    plan, worker, child, chair, agreed
):
    """Issue 17 changed this rule: "other" used to need a note; it is no longer a reason."""
    with pytest.raises(PlanError, match="only because the child died") as refused:
        services.end_plan(
            plan=plan,
            reason=PlanEndReason.OTHER,
            note="The family asked",
            ended_on=TODAY(),
            by=worker,
            **agreed,
        )
    assert refused.value.field == "reason"
    review = review_conference(child=child, chair=chair)
    with pytest.raises(PlanError, match="only because the child is no longer at risk"):
        services.end_plan(
            plan=plan, reason=PlanEndReason.DIED, ended_on=TODAY(), by=chair, conference=review
        )


# --- What ending does ---------------------------------------------------------------------------


def test_ending_withdraws_the_plans_deadlines_and_notifies_the_initial_invitees(
    plan, worker, agreed, django_capture_on_commit_callbacks
):
    invitees = {
        invitation.email
        for invitation in plan.started_by_conference.invitations.filter(is_active=True)
        if invitation.email
    }
    assert "hannah.visitor@health.example" in invitees
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ended = services.end_plan(
            plan=plan, reason=PlanEndReason.LEFT_UK, ended_on=TODAY(), by=worker, **agreed
        )
    # (Issue 17 also tells the last chair and the conference service: test_ending_outside.)
    told = [m for m in mail.outbox if m.subject.startswith("Child protection plan ended:")]
    assert {message.to[0] for message in told} == invitees
    assert "Left the UK" in told[0].body
    notices = PlanNotice.objects.filter(plan=ended, kind=PlanNoticeKind.ENDED)
    assert {notice.email for notice in notices} == invitees

    statuses = {deadline.rule: deadline.status for deadline in _deadlines(ended)}
    for rule in (RuleCode.CG_FIRST, RuleCode.VISIT, RuleCode.RCPC_FIRST, RuleCode.LONG_PLAN):
        assert statuses[rule] == DeadlineStatus.NOT_APPLICABLE
    withdrawn = _deadlines(ended, RuleCode.VISIT)[0]
    assert "Left the UK" in withdrawn.not_applicable_reason
    assert ended.next_review_due is None

    with pytest.raises(PlanError, match="This plan has ended"):
        services.end_plan(
            plan=ended, reason=PlanEndReason.DIED, ended_on=TODAY(), by=worker, **agreed
        )


def test_a_step_down_child_in_need_plan_opens_cin_review_in_20_working_days(plan, worker, agreed):
    # (The reason was "other" before issue 17, which removed it.)
    ended = services.end_plan(
        plan=plan,
        reason=PlanEndReason.LEFT_UK,
        note="The family moved to Ireland; services there are told",
        ended_on=TODAY(),
        by=worker,
        step_down=StepDown.CHILD_IN_NEED,
        **agreed,
    )
    step_down = ChildInNeedPlan.objects.get(from_plan=ended)
    assert step_down.started_on == TODAY()
    (cin_review,) = _deadlines(step_down, RuleCode.CIN_REVIEW)
    assert cin_review.due_on == calendar.add_working_days(TODAY(), 20)
    assert cin_review.status == DeadlineStatus.OPEN
    assert ended.step_down == StepDown.CHILD_IN_NEED


def test_early_help_is_recorded(plan, worker, agreed):
    ended = services.end_plan(
        plan=plan,
        reason=PlanEndReason.DIED,
        ended_on=TODAY(),
        by=worker,
        step_down=StepDown.EARLY_HELP,
        **agreed,
    )
    assert ended.get_step_down_display() == "Early Help"
    assert not ChildInNeedPlan.objects.filter(from_plan=ended).exists()


def test_the_ending_is_in_the_plans_history(plan, worker, agreed):
    services.end_plan(plan=plan, reason=PlanEndReason.DIED, ended_on=TODAY(), by=worker, **agreed)
    latest = ChildProtectionPlan.history.filter(id=plan.pk).order_by("-history_id").first()
    assert latest.status == PlanStatus.ENDED
    assert latest.history_user == worker
    assert latest.history_change_reason == "Ended: Died"


# --- Reached 18: the sweep ----------------------------------------------------------------------


def _eighteen_today(child):
    today = TODAY()
    born = today.replace(year=today.year - 18) if (today.month, today.day) != (2, 29) else None
    if born is None:
        # 18 years before a leap year is never one: on 29 February nobody turns 18, so there is
        # no birthday today to sweep (every other day of the year, CI's included, runs this).
        pytest.skip("No one has an 18th birthday on 29 February")
    type(child).objects.filter(pk=child.pk).update(date_of_birth=born)


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_the_sweep_ends_the_plan_on_the_18th_birthday_not_the_day_before(
    plan, child, worker, django_capture_on_commit_callbacks
):
    _eighteen_today(child)
    run_sweep(now=_noon(TODAY() - datetime.timedelta(days=1)))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep(now=_noon(TODAY()))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    assert (plan.end_reason, plan.ended_on) == (PlanEndReason.REACHED_18, TODAY())
    notice = PlanNotice.objects.get(plan=plan, kind=PlanNoticeKind.REACHED_18)
    assert notice.user == worker
    assert any(
        message.to == [worker.email] and "ended at 18" in message.subject for message in mail.outbox
    )
    statuses = {deadline.status for deadline in _deadlines(plan) if deadline.rule != "CIN_REVIEW"}
    assert DeadlineStatus.OPEN not in statuses

    # Running again changes nothing.
    run_sweep(now=_noon(TODAY()))
    assert PlanNotice.objects.filter(plan=plan, kind=PlanNoticeKind.REACHED_18).count() == 1


def test_a_failing_plan_step_does_not_stop_the_sweep(plan, child, monkeypatch):
    _eighteen_today(child)

    def broken(today):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "end_plans_of_adults", broken)
    result = run_sweep(now=_noon(TODAY()))
    assert result.breached >= 0
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


# --- LONG_PLAN ----------------------------------------------------------------------------------


def test_a_plan_reaching_two_years_emails_the_head_of_service_and_qa_manager_once(
    plan, django_capture_on_commit_callbacks
):
    head = UserFactory(roles=[RoleCode.HEAD_OF_SERVICE], email="head@council.example")
    qa = UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@council.example")
    (long_plan,) = _deadlines(plan, RuleCode.LONG_PLAN)
    Deadline.objects.filter(pk=long_plan.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1),
        due_on=TODAY() - datetime.timedelta(days=1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    long_plan.refresh_from_db()
    assert long_plan.status == DeadlineStatus.BREACHED
    told = [message for message in mail.outbox if "reaching 2 years" in message.subject]
    assert sorted(message.to[0] for message in told) == sorted([head.email, qa.email])
    plan.refresh_from_db()
    assert plan.long_plan_notified_at is not None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert not [message for message in mail.outbox if "reaching 2 years" in message.subject]
    assert PlanNotice.objects.filter(plan=plan, kind=PlanNoticeKind.LONG_PLAN).count() == 2


# --- END_NOTICE ---------------------------------------------------------------------------------


@shareable
def review_chair(db):
    return UserFactory(roles=[RoleCode.CHAIR], full_name="Rita Review")


def test_end_notice_ten_days_before_the_review_is_met_on_time(
    plan, coordinator, review_chair, worker
):
    review = booked_review(
        plan=plan, coordinator=coordinator, chair=review_chair, starts_at=working_day_at(15)
    )
    assert not _deadlines(review, RuleCode.END_NOTICE)  # no recommendation, no clock
    services.record_end_recommendation(plan=plan, by=worker, review_conference=review)
    (notice,) = _deadlines(review, RuleCode.END_NOTICE)
    assert notice.status == DeadlineStatus.MET_ON_TIME
    # 10 days before, on the last working day on or before it (issue 18 item 5, ADR 45).
    assert notice.due_on == calendar.previous_working_day(
        timezone.localdate(review.starts_at) - datetime.timedelta(days=10)
    )
    # Telling again is one recommendation and one deadline.
    services.record_end_recommendation(plan=plan, by=worker, review_conference=review)
    assert len(_deadlines(review, RuleCode.END_NOTICE)) == 1


def test_end_notice_told_later_is_met_late(plan, coordinator, review_chair, worker):
    review = booked_review(
        plan=plan, coordinator=coordinator, chair=review_chair, starts_at=working_day_at(3)
    )
    services.record_end_recommendation(plan=plan, by=worker, review_conference=review)
    (notice,) = _deadlines(review, RuleCode.END_NOTICE)
    assert notice.status == DeadlineStatus.MET_LATE


def test_end_notice_told_before_booking_is_met_when_the_review_is_booked(
    plan, coordinator, review_chair, worker
):
    from conferences import services as conference_services

    review = conference_services.schedule_review_conference(plan=plan, by=coordinator)
    services.record_end_recommendation(plan=plan, by=worker, review_conference=review)
    assert not _deadlines(review, RuleCode.END_NOTICE)
    conference_services.allocate_review_chair(conference=review, chair=review_chair, by=coordinator)
    conference_services.book_conference(
        conference=review,
        starts_at=working_day_at(15),
        online_link="https://meet.example/review",
        by=coordinator,
    )
    (notice,) = _deadlines(review, RuleCode.END_NOTICE)
    assert notice.status == DeadlineStatus.MET_ON_TIME


def test_only_the_social_worker_recommends_ending(plan, coordinator, review_chair):
    review = booked_review(plan=plan, coordinator=coordinator, chair=review_chair)
    with pytest.raises(PlanError, match="Only the lead social worker"):
        services.record_end_recommendation(plan=plan, by=coordinator, review_conference=review)


# --- Pages ----------------------------------------------------------------------------------------


def test_the_coordinator_schedules_the_review_from_the_plan_page(
    client, plan, coordinator, review_chair
):
    from html import unescape

    from django.urls import reverse

    from conferences.models import Conference, ConferenceKind
    from tests.auth import login

    login(client, coordinator)
    html = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "Schedule the review conference" in html
    response = client.post(reverse("plans:schedule-review", args=[plan.pk]))
    assert response.url == reverse("plans:review-chair", args=[plan.pk])
    review = Conference.objects.get(kind=ConferenceKind.REVIEW)
    response = client.post(reverse("plans:review-chair", args=[plan.pk]), {"chair": ""})
    assert "There is a problem" in response.content.decode()
    response = client.post(
        reverse("plans:review-chair", args=[plan.pk]), {"chair": review_chair.pk}
    )
    assert response.url == reverse("conferences:book", args=[review.pk])
    assert client.get(response.url).status_code == 200
    html = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "Book the review conference" in html


def test_the_end_plan_page_shows_errors_and_ends_the_plan(client, plan, worker, manager):
    """Issue 17: the page now names the manager who agreed and ends the plan only from its
    confirmation page (tests/plans/test_ending_outside_conference.py covers every POST)."""
    from html import unescape

    from django.urls import reverse

    from tests.auth import login

    login(client, worker)
    url = reverse("plans:end", args=[plan.pk])
    page = unescape(client.get(url).content.decode())
    assert "No longer at risk" not in page
    today = {
        "ended_on_day": TODAY().day,
        "ended_on_month": TODAY().month,
        "ended_on_year": TODAY().year,
        "step_down": "none",
        "manager_agreement": manager.pk,
        "manager_agreed_on_day": TODAY().day,
        "manager_agreed_on_month": TODAY().month,
        "manager_agreed_on_year": TODAY().year,
    }
    response = client.post(
        url, {**today, "reason": "moved_away", "receiving_authority": "Somerset"}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "transfer-in conference" in html
    response = client.post(url, {**today, "reason": "died"})
    assert response.status_code == 200
    assert "Check before you end the plan" in unescape(response.content.decode())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    response = client.post(
        reverse("plans:end-confirm", args=[plan.pk]), {**today, "reason": "died"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.end_reason) == (PlanStatus.ENDED, PlanEndReason.DIED)
    html = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "The plan ended on" in html


def test_an_agency_professional_cannot_end_a_plan(client, plan):
    from django.urls import reverse

    from plans.models import CoreGroupMember
    from tests.auth import login

    professional = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    CoreGroupMember.objects.create(plan=plan, name="Pat", user=professional)
    login(client, professional)
    assert client.get(reverse("plans:end", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:schedule-review", args=[plan.pk])).status_code == 403
