"""The smaller duties on a plan (issue 22 item 6): a specialist assessment request is in writing
(type, purpose, who, by when), recorded by the lead social worker, their manager or the chair, and
tracked as an action on the plan; the conference's recommendation of a Family Group Conference
(the chair's) and whether one was held (or why not)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import (
    ActionStatus,
    AssessmentStatus,
    FamilyGroupConference,
    SpecialistAssessmentRequest,
)
from plans.services import PlanError
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _request(plan, by, **overrides):
    kwargs = {
        "plan": plan,
        "by": by,
        "assessment_type": "Parenting capacity assessment",
        "purpose": "Whether Sarah can meet Amelia's needs while she stays in the programme.",
        "assessor": "Dr Priya Hollis, clinical psychologist",
        "by_when": TODAY() + datetime.timedelta(weeks=6),
    }
    kwargs.update(overrides)
    return services.request_specialist_assessment(**kwargs)


# --- Specialist assessment requests ------------------------------------------------------------


def test_the_lead_social_worker_requests_an_assessment_and_it_is_an_action_on_the_plan(
    plan, worker
):
    request = _request(plan, worker)
    assert request.status == AssessmentStatus.REQUESTED
    assert request.requested_by == worker
    action = request.action
    assert action.plan_id == plan.pk
    assert action.who == "Dr Priya Hollis, clinical psychologist"
    assert action.by_when == request.by_when
    assert "Parenting capacity assessment" in action.what
    assert action.status == ActionStatus.NOT_STARTED
    assert request.history.count() == 1


def test_the_manager_and_the_chair_may_request_and_others_may_not(plan, manager, chair):
    assert _request(plan, manager).requested_by == manager
    assert _request(plan, chair).requested_by == chair
    for other in (
        UserFactory(roles=[RoleCode.SOCIAL_WORKER]),
        UserFactory(roles=[RoleCode.CHAIR]),
        UserFactory(roles=[RoleCode.TEAM_MANAGER]),
    ):
        with pytest.raises(PlanError, match="Only the child's lead social worker"):
            _request(plan, other)
    assert SpecialistAssessmentRequest.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("assessment_type", " ", "Enter the type of assessment"),
        ("assessment_type", "x" * 201, "The type of assessment must be 200 characters or fewer"),
        ("purpose", "", "Enter what the assessment is for"),
        ("assessor", "", "Enter who will do the assessment"),
        ("by_when", None, "Enter the date the assessment is due by"),
        ("by_when", "yesterday", "The date the assessment is due by must be today or later"),
    ],
)
def test_a_request_names_type_purpose_who_and_when(plan, worker, field, value, message):
    if value == "yesterday":
        value = TODAY() - datetime.timedelta(days=1)
    with pytest.raises(PlanError, match=message) as refused:
        _request(plan, worker, **{field: value})
    assert refused.value.field == field
    assert SpecialistAssessmentRequest.objects.count() == 0


def test_the_request_is_tracked_to_its_outcome_and_its_action_follows(plan, worker, chair):
    request = _request(plan, worker)
    services.update_specialist_assessment(request=request, by=chair, status="in_progress")
    request.refresh_from_db()
    request.action.refresh_from_db()
    assert request.status == AssessmentStatus.IN_PROGRESS
    assert request.action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(PlanError, match="Enter the outcome of the assessment") as refused:
        services.update_specialist_assessment(request=request, by=worker, status="completed")
    assert refused.value.field == "outcome"
    services.update_specialist_assessment(
        request=request, by=worker, status="completed", outcome="Sarah can, with support."
    )
    request.refresh_from_db()
    request.action.refresh_from_db()
    assert request.status == AssessmentStatus.COMPLETED
    assert request.outcome == "Sarah can, with support."
    assert request.action.status == ActionStatus.DONE
    with pytest.raises(PlanError, match="already completed"):
        services.update_specialist_assessment(request=request, by=worker, status="in_progress")


def test_a_declined_request_says_why_and_its_action_is_no_longer_needed(plan, worker):
    request = _request(plan, worker)
    with pytest.raises(PlanError, match="Enter why the assessment was declined"):
        services.update_specialist_assessment(request=request, by=worker, status="declined")
    services.update_specialist_assessment(
        request=request, by=worker, status="declined", outcome="The service has a 9 month wait."
    )
    request.action.refresh_from_db()
    assert request.action.status == ActionStatus.NO_LONGER_NEEDED


def test_only_the_same_people_update_a_request(plan, worker):
    request = _request(plan, worker)
    with pytest.raises(PlanError, match="Only the child's lead social worker"):
        services.update_specialist_assessment(
            request=request, by=UserFactory(roles=[RoleCode.SOCIAL_WORKER]), status="in_progress"
        )


# --- Family Group Conference -------------------------------------------------------------------


def test_the_chair_records_the_recommendation_and_only_the_chair(plan, chair, worker, conference):
    with pytest.raises(PlanError, match="Only the chair of the plan's last conference"):
        services.record_fgc_recommendation(plan=plan, by=worker, recommended=True)
    with pytest.raises(PlanError) as refused:
        services.record_fgc_recommendation(plan=plan, by=chair, recommended=None)
    assert refused.value.field == "recommended"
    fgc = services.record_fgc_recommendation(
        plan=plan, by=chair, recommended=True, note="The wider family want to help."
    )
    assert fgc.recommended is True
    assert fgc.recommended_by_conference_id == conference.pk
    assert fgc.held is None


def test_whether_the_fgc_was_held_is_recorded_with_its_date_or_why_not(plan, chair, worker):
    with pytest.raises(PlanError, match="did not recommend"):
        services.record_fgc_outcome(plan=plan, by=worker, held=True, held_on=TODAY())
    services.record_fgc_recommendation(plan=plan, by=chair, recommended=True)
    with pytest.raises(PlanError) as refused:
        services.record_fgc_outcome(plan=plan, by=worker, held=True, held_on=None)
    assert refused.value.field == "held_on"
    with pytest.raises(PlanError) as refused:
        services.record_fgc_outcome(
            plan=plan, by=worker, held=True, held_on=TODAY() + datetime.timedelta(days=1)
        )
    assert refused.value.field == "held_on"
    with pytest.raises(PlanError) as refused:
        services.record_fgc_outcome(plan=plan, by=worker, held=False)
    assert refused.value.field == "not_held_reason"
    with pytest.raises(PlanError, match="Only the child's lead social worker"):
        services.record_fgc_outcome(
            plan=plan, by=UserFactory(roles=[RoleCode.SOCIAL_WORKER]), held=True, held_on=TODAY()
        )
    fgc = services.record_fgc_outcome(plan=plan, by=worker, held=True, held_on=TODAY())
    assert (fgc.held, fgc.held_on, fgc.outcome_recorded_by) == (True, TODAY(), worker)
    fgc = services.record_fgc_outcome(
        plan=plan, by=worker, held=False, not_held_reason="The family declined."
    )
    assert (fgc.held, fgc.held_on, fgc.not_held_reason) == (False, None, "The family declined.")
    assert FamilyGroupConference.objects.get().history.count() == 3
