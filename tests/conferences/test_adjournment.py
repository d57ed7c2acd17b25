"""Issue 17 items 2 to 4 at the service layer: the interim plan is a plan record (made the plan or
ended when the conference reconvenes), the managers' reports during an adjournment, and a split
that continues keeps the child on a plan and escalates to senior managers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AgencyKind, RoleCode
from conferences import adjournment, services
from conferences.models import (
    AdjournmentReport,
    AdjournmentReportStatus,
    Attendance,
    AttendanceKind,
    AttendanceStatus,
    ChildDecision,
    DecisionEscalation,
    DecisionOutcome,
    EscalationReason,
    EscalationStatus,
)
from conferences.services import DecisionError
from plans.models import (
    ChildProtectionPlan,
    PlanEndReason,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
)
from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.conferences import decide, make_quorate, started_conference
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

CP, CIN, NFA = (
    DecisionOutcome.CHILD_PROTECTION_PLAN,
    DecisionOutcome.CHILD_IN_NEED_PLAN,
    DecisionOutcome.NO_FURTHER_ACTION,
)
WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


def _deadline(rule, subject):
    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    )


@shareable
def agencies(db):
    return {
        "health": AgencyFactory(name="Northgate Health Visiting", kind=AgencyKind.HEALTH),
        "school": AgencyFactory(name="Riverside Primary", kind=AgencyKind.EDUCATION),
        "police": AgencyFactory(name="Shire Police", kind=AgencyKind.POLICE),
        "housing": AgencyFactory(name="Homes Trust", kind=AgencyKind.OTHER),
    }


@shareable
def professionals(agencies):
    return {
        key: UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=agency)
        for key, agency in agencies.items()
    }


@shareable
def conference(conference_request, coordinator, chair, minute_taker, professionals, agencies):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    conference = make_quorate(conference, by=minute_taker)
    for key, user in professionals.items():
        Attendance.objects.create(
            conference=conference,
            user=user,
            agency=agencies[key],
            name=user.full_name,
            kind=AttendanceKind.PROFESSIONAL,
            status=AttendanceStatus.ATTENDED,
        )
    return conference


@shareable
def decisions(conference, chair):
    return services.open_decisions(conference=conference, by=chair)


def _views(decision, by, professionals, views):
    """views: {agency key: view or (view, category)}; each professional's view is for the agency
    they attended for (found from the attendance)."""
    for key, item in views.items():
        view, category = item if isinstance(item, tuple) else (item, "")
        services.record_professional_view(
            decision=decision,
            by=by,
            name=professionals[key].full_name,
            role="Practitioner",
            view=view,
            category=category,
        )


SPLIT = {"health": CP, "school": CP, "police": NFA, "housing": CIN}
AGREED = {"health": CP, "school": CP, "police": CP, "housing": NFA}


def _split_and_adjourn(conference, decisions, chair, professionals):
    for decision in decisions:
        _views(decision, chair, professionals, SPLIT)
        decide(decision, by=chair)
    return services.adjourn_conference(
        conference=conference, by=chair, reason="The views are split 2-2."
    )


# --- The interim plan ----------------------------------------------------------------------------


def test_an_adjourned_initial_conference_places_each_child_on_an_interim_plan(
    conference, decisions, chair, professionals, household
):
    _split_and_adjourn(conference, decisions, chair, professionals)

    plans = ChildProtectionPlan.objects.filter(started_by_conference=conference)
    assert {plan.child for plan in plans} == {household["amelia"], household["noah"]}
    for plan in plans:
        assert plan.status == PlanStatus.INTERIM and plan.is_interim
        assert plan.interim_from == timezone.localdate() == plan.started_on
        assert plan.category == "emotional_abuse"  # the chair's recorded category
        # No clocks until it is the plan: no visits, core group or review deadline.
        assert not Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
        ).exists()
    for decision in ChildDecision.objects.filter(conference=conference):
        assert decision.interim_plan and decision.child_protection_plan.is_interim


def test_a_child_has_at_most_one_active_or_interim_plan(
    conference, decisions, chair, professionals, household
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    interim = ChildProtectionPlan.objects.get(child=household["amelia"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.create(
            child=household["amelia"],
            started_on=timezone.localdate(),
            started_by_conference=conference,
            category="neglect",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.create(
            child=household["amelia"],
            started_on=timezone.localdate(),
            started_by_conference=conference,
            status=PlanStatus.INTERIM,
        )
    assert ChildProtectionPlan.objects.filter(child=household["amelia"]).get() == interim


def test_reconvening_with_a_plan_makes_the_interim_plan_the_plan(
    conference, decisions, chair, professionals, household
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    interim_ids = set(ChildProtectionPlan.objects.values_list("pk", flat=True))
    with time_machine.travel(WEDNESDAY + datetime.timedelta(days=2), tick=False):
        for decision in ChildDecision.objects.filter(conference=conference):
            _views(decision, chair, professionals, AGREED)
            decide(decision, by=chair, category="neglect")
            services.finalise_decision(decision=decision, by=chair)
        made_on = timezone.localdate()

    plans = list(ChildProtectionPlan.objects.all())
    assert {plan.pk for plan in plans} == interim_ids  # the same records, no second plan
    for plan in plans:
        assert plan.status == PlanStatus.ACTIVE
        assert plan.started_on == made_on and plan.interim_from == WEDNESDAY.date()
        assert plan.category == "neglect" and not plan.is_subsequent
        assert plan.history.count() >= 2  # placed on the interim plan, then made the plan
        assert _deadline(RuleCode.CG_FIRST, plan).status == DeadlineStatus.OPEN
        assert _deadline(RuleCode.RCPC_FIRST, plan).status == DeadlineStatus.OPEN
    assert not DecisionEscalation.objects.exists()


def test_reconvening_with_no_plan_ends_the_interim_plan_and_tells_the_invitees(
    conference, decisions, chair, professionals, django_capture_on_commit_callbacks, mailoutbox
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    majority_no_plan = {"health": NFA, "school": CP, "police": NFA, "housing": NFA}
    with django_capture_on_commit_callbacks(execute=True):
        for decision in ChildDecision.objects.filter(conference=conference):
            _views(decision, chair, professionals, majority_no_plan)
            decide(decision, by=chair, outcome=NFA)
            services.finalise_decision(decision=decision, by=chair)

    plans = list(ChildProtectionPlan.objects.all())
    assert len(plans) == 2
    for plan in plans:
        assert plan.status == PlanStatus.ENDED
        assert plan.end_reason == PlanEndReason.NO_PLAN_NEEDED
        assert plan.ended_by_conference == conference
        notices = PlanNotice.objects.filter(plan=plan, kind=PlanNoticeKind.INTERIM)
        assert notices.exists()
    subjects = [message.subject for message in mailoutbox]
    assert any(subject.startswith("No child protection plan is needed") for subject in subjects)
    assert not ChildProtectionPlan.objects.reportable().exists()


def test_no_majority_on_the_category_adjourns_like_a_split(
    conference, decisions, chair, professionals
):
    decision = decisions[0]
    _views(
        decision,
        chair,
        professionals,
        {
            "health": (CP, "neglect"),
            "school": (CP, "emotional_abuse"),
            "police": (CP, "neglect"),
            "housing": (CP, "emotional_abuse"),
        },
    )
    decide(decision, by=chair, category="neglect")
    with pytest.raises(DecisionError) as error:
        services.finalise_decision(decision=decision, by=chair)
    assert "no majority on the category" in error.value.message
    assert error.value.field == "category"

    services.adjourn_conference(conference=conference, by=chair, reason="No majority on category")
    assert ChildProtectionPlan.objects.filter(status=PlanStatus.INTERIM).count() == 2
    # Every agency that wanted a plan is asked for its manager's report.
    assert AdjournmentReport.objects.filter(conference=conference).count() == 4


def test_a_category_with_a_majority_is_not_a_split(conference, decisions, chair, professionals):
    decision = decisions[0]
    _views(
        decision,
        chair,
        professionals,
        {"health": (CP, "neglect"), "school": (CP, "neglect"), "police": (CP, "emotional_abuse")},
    )
    decide(decision, by=chair, category="neglect")
    assert services.finalise_decision(decision=decision, by=chair).is_final


# --- The managers' reports -----------------------------------------------------------------------


def test_an_exact_split_asks_every_agency_for_a_managers_report_inside_the_window(
    conference, decisions, chair, professionals, agencies
):
    adjourned = _split_and_adjourn(conference, decisions, chair, professionals)
    reports = AdjournmentReport.objects.filter(conference=conference)
    assert {report.agency for report in reports} == set(agencies.values())
    for report in reports:
        deadline = _deadline(RuleCode.ADJOURN_REPORT, report)
        assert deadline.status == DeadlineStatus.OPEN
        assert deadline.due_on == report.due_on == calendar.add_working_days(WEDNESDAY.date(), 3)
        assert report.due_on < adjourned.reconvene_by  # inside the ADJOURN window
        assert report.status == AdjournmentReportStatus.REQUESTED
        assert "for Amelia" in report.views_summary or "Amelia" in report.views_summary


def test_with_a_majority_only_the_other_side_is_asked(
    conference, decisions, chair, professionals, agencies
):
    for decision in decisions:
        _views(decision, chair, professionals, AGREED)
        decide(decision, by=chair)
    services.adjourn_conference(conference=conference, by=chair, reason="The police report")
    assert [r.agency for r in AdjournmentReport.objects.all()] == [agencies["housing"]]


def test_the_agency_sends_its_managers_report(
    conference, decisions, chair, professionals, agencies
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    report = AdjournmentReport.objects.get(agency=agencies["police"])

    # Someone of another agency may not; a user of the agency with no access to it may not.
    for outsider in (
        professionals["health"],
        UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=agencies["police"]),
    ):
        with pytest.raises(DecisionError):
            adjournment.submit_report(
                report=report, by=outsider, manager_name="Pat Inspector", facts="Facts"
            )
    with pytest.raises(DecisionError) as error:
        adjournment.submit_report(report=report, by=professionals["police"], manager_name=" ")
    assert error.value.field == "manager_name"
    with pytest.raises(DecisionError) as error:
        adjournment.submit_report(
            report=report, by=professionals["police"], manager_name="Pat Inspector"
        )
    assert error.value.field == "facts"
    with pytest.raises(DecisionError) as error:
        adjournment.submit_report(
            report=report,
            by=professionals["police"],
            manager_name="Pat Inspector",
            upload=SimpleUploadedFile("report.pdf", b"not a pdf", content_type="application/pdf"),
        )
    assert error.value.field == "document"

    sent = adjournment.submit_report(
        report=report,
        by=professionals["police"],
        manager_name="Pat Inspector",
        manager_role="Detective inspector",
        facts="No disclosure; the injury was explained by the GP.",
        upload=SimpleUploadedFile(
            "report.pdf", b"%PDF-1.4 manager's report", content_type="application/pdf"
        ),
    )
    assert sent.status == AdjournmentReportStatus.RECEIVED
    assert sent.submitted_by == professionals["police"] and sent.document is not None
    assert _deadline(RuleCode.ADJOURN_REPORT, sent).status == DeadlineStatus.MET_ON_TIME
    assert {r.agency for r in adjournment.reports_for_chair(conference) if r.is_received} == {
        agencies["police"]
    }


def test_a_report_cannot_be_sent_once_the_conference_reconvened_and_decided(
    conference, decisions, chair, professionals, agencies
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    for decision in ChildDecision.objects.filter(conference=conference):
        _views(decision, chair, professionals, AGREED)
        services.finalise_decision(decision=decision, by=chair)
    report = AdjournmentReport.objects.get(agency=agencies["school"])
    with pytest.raises(DecisionError):
        adjournment.submit_report(
            report=report, by=professionals["school"], manager_name="Head", facts="Facts"
        )


# --- A split that continues ----------------------------------------------------------------------


@shareable
def senior_managers(db):
    return [
        UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sasha Service"),
        UserFactory(roles=[RoleCode.HEAD_OF_SERVICE], full_name="Hari Head"),
    ]


def test_a_continued_split_keeps_the_child_on_a_plan_and_escalates(
    conference,
    decisions,
    chair,
    professionals,
    senior_managers,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    with django_capture_on_commit_callbacks(execute=True):
        for decision in ChildDecision.objects.filter(conference=conference):
            services.finalise_decision(decision=decision, by=chair)  # still split 2-2

    escalations = list(DecisionEscalation.objects.all())
    assert len(escalations) == 2
    for escalation in escalations:
        plan = escalation.plan
        assert plan.status == PlanStatus.ACTIVE and plan.interim_from is not None
        assert escalation.reason == EscalationReason.SPLIT_CONTINUES
        assert escalation.status == EscalationStatus.AWAITING_REVIEW
        assert escalation.due_on < plan.next_review_due  # before the first review is due
        deadline = _deadline(RuleCode.ESCALATION_REVIEW, escalation)
        assert deadline.due_on == escalation.due_on and deadline.status == DeadlineStatus.OPEN
        notified = set(
            PlanNotice.objects.filter(plan=plan, kind=PlanNoticeKind.ESCALATED).values_list(
                "user", flat=True
            )
        )
        assert notified == {manager.pk for manager in senior_managers}
    assert {m.to[0] for m in mailoutbox if "escalated" in m.subject} == {
        manager.email for manager in senior_managers
    }


def test_the_chair_who_considers_the_threshold_not_met_still_makes_the_plan_and_escalates(
    conference, decisions, chair, professionals, senior_managers
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    decision = ChildDecision.objects.filter(conference=conference).first()
    decide(decision, by=chair, outcome=NFA)
    services.finalise_decision(decision=decision, by=chair)

    decision.refresh_from_db()
    assert decision.outcome == NFA  # the chair's own decision is kept
    escalation = DecisionEscalation.objects.get(decision=decision)
    assert escalation.reason == EscalationReason.THRESHOLD_NOT_MET
    assert escalation.plan.status == PlanStatus.ACTIVE
    assert escalation.plan.category == "emotional_abuse"  # the interim plan's


def test_only_a_senior_manager_records_the_review(
    conference, decisions, chair, professionals, senior_managers, service_manager
):
    _split_and_adjourn(conference, decisions, chair, professionals)
    decision = ChildDecision.objects.filter(conference=conference).first()
    services.finalise_decision(decision=decision, by=chair)
    escalation = DecisionEscalation.objects.get()
    assert escalation in adjournment.escalations_awaiting_review()

    for not_senior in (chair, professionals["health"]):
        with pytest.raises(DecisionError):
            adjournment.record_escalation_review(
                escalation=escalation, by=not_senior, review="Agreed."
            )
    with pytest.raises(DecisionError) as error:
        adjournment.record_escalation_review(escalation=escalation, by=service_manager, review="")
    assert error.value.field == "review"

    reviewed = adjournment.record_escalation_review(
        escalation=escalation,
        by=senior_managers[1],
        review="The evidence supports the plan: it continues to the first review.",
    )
    assert (
        reviewed.status == EscalationStatus.REVIEWED and reviewed.reviewed_by == senior_managers[1]
    )
    assert _deadline(RuleCode.ESCALATION_REVIEW, reviewed).status == DeadlineStatus.MET_ON_TIME
    assert escalation not in adjournment.escalations_awaiting_review()
    with pytest.raises(DecisionError):
        adjournment.record_escalation_review(escalation=escalation, by=service_manager, review="X")


# --- The admin cannot break the rules ------------------------------------------------------------


def test_the_admin_cannot_change_a_plans_status_or_the_adjournment_records(
    client, conference, decisions, chair, professionals
):
    from django.contrib.admin.sites import site

    _split_and_adjourn(conference, decisions, chair, professionals)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    plan = ChildProtectionPlan.objects.first()
    plan_admin = site._registry[ChildProtectionPlan]
    assert "status" in plan_admin.get_readonly_fields(None, plan)

    client.force_login(admin_user)
    response = client.post(
        f"/admin/plans/childprotectionplan/{plan.pk}/change/",
        {"status": PlanStatus.ACTIVE, "category": "neglect"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INTERIM
    assert response.status_code in (200, 302)

    report = AdjournmentReport.objects.first()
    report_admin = site._registry[AdjournmentReport]
    request = type("Request", (), {"user": admin_user})()
    assert not report_admin.has_change_permission(request, report)
    assert not report_admin.has_add_permission(request)
    assert not site._registry[DecisionEscalation].has_change_permission(request, None)
