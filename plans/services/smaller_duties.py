"""The smaller duties on a plan (issue 22 item 6): a specialist assessment request (001 §7), in
writing, naming the type and purpose, who will do it and by when, and tracked as an action on the
plan; the conference's recommendation of a Family Group Conference (001 §4, §12, §16, §17) and
whether one was held.

The lead social worker, their manager or the chair of the plan's last conference records a
request and its progress, and whether the Family Group Conference was held; only that chair
records the conference's recommendation."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.line_management import is_worker_or_manager

from ..models import (
    ActionStatus,
    AssessmentStatus,
    ChildProtectionPlan,
    FamilyGroupConference,
    PlanAction,
    Source,
    SpecialistAssessmentRequest,
)
from ._common import PlanError, _locked_active_plan, _saved
from .between_conferences import last_conference_of

SHORT = 200

# The plan action's status for each status of the request.
ACTION_STATUS = {
    AssessmentStatus.REQUESTED: ActionStatus.NOT_STARTED,
    AssessmentStatus.IN_PROGRESS: ActionStatus.IN_PROGRESS,
    AssessmentStatus.COMPLETED: ActionStatus.DONE,
    AssessmentStatus.DECLINED: ActionStatus.NO_LONGER_NEEDED,
}


def is_chair_of_last_conference(plan: ChildProtectionPlan, by, *, last_conference=None) -> bool:
    if by is None or not by.is_authenticated:
        return False
    return (last_conference or last_conference_of(plan)).chair_id == by.pk


def may_record_plan_duties(plan: ChildProtectionPlan, by, *, last_conference=None) -> bool:
    """The child's lead social worker, their manager, or the chair of the plan's last conference,
    while the plan is active."""
    if by is None or not by.is_authenticated or not plan.is_active:
        return False
    worker = plan.child.lead_social_worker
    if is_worker_or_manager(by, worker):
        return True
    return is_chair_of_last_conference(plan, by, last_conference=last_conference)


def _text(value, *, field: str, missing: str, limit: int | None = None, name: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise PlanError(missing, field=field)
    if limit is not None and len(value) > limit:
        raise PlanError(f"{name} must be {limit} characters or fewer", field=field)
    return value


def request_specialist_assessment(
    *,
    plan: ChildProtectionPlan,
    by,
    assessment_type: str,
    purpose: str,
    assessor: str,
    by_when: datetime.date | None,
) -> SpecialistAssessmentRequest:
    """Record a written request for a specialist assessment, and its action on the plan."""
    assessment_type = _text(
        assessment_type,
        field="assessment_type",
        missing="Enter the type of assessment",
        limit=SHORT,
        name="The type of assessment",
    )
    purpose = _text(purpose, field="purpose", missing="Enter what the assessment is for")
    assessor = _text(
        assessor,
        field="assessor",
        missing="Enter who will do the assessment",
        limit=SHORT,
        name="Who will do it",
    )
    if by_when is None:
        raise PlanError("Enter the date the assessment is due by", field="by_when")
    if by_when < timezone.localdate():
        raise PlanError("The date the assessment is due by must be today or later", field="by_when")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if not may_record_plan_duties(locked, by):
            raise PlanError(
                "Only the child's lead social worker, their manager or the conference chair can "
                "request a specialist assessment"
            )
        action = _saved(
            PlanAction(
                plan=locked,
                what=f"Specialist assessment ({assessment_type}): {purpose}",
                who=assessor,
                by_when=by_when,
                source=Source.CORE_GROUP,
                added_by=by,
            ),
            by,
        )
        return _saved(
            SpecialistAssessmentRequest(
                plan=locked,
                assessment_type=assessment_type,
                purpose=purpose,
                assessor=assessor,
                by_when=by_when,
                action=action,
                requested_by=by,
            ),
            by,
        )


def update_specialist_assessment(
    *, request: SpecialistAssessmentRequest, by, status: str, outcome: str = ""
) -> SpecialistAssessmentRequest:
    """Move a request on: in progress, completed (with its outcome) or declined (with why). Its
    action on the plan follows."""
    if status not in AssessmentStatus.values:
        raise PlanError("Select where the assessment has got to", field="status")
    outcome = (outcome or "").strip()
    if status == AssessmentStatus.COMPLETED and not outcome:
        raise PlanError("Enter the outcome of the assessment", field="outcome")
    if status == AssessmentStatus.DECLINED and not outcome:
        raise PlanError("Enter why the assessment was declined", field="outcome")
    with transaction.atomic():
        locked_plan = _locked_active_plan(request.plan)
        if not may_record_plan_duties(locked_plan, by):
            raise PlanError(
                "Only the child's lead social worker, their manager or the conference chair can "
                "update a specialist assessment"
            )
        locked = SpecialistAssessmentRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status in (AssessmentStatus.COMPLETED, AssessmentStatus.DECLINED):
            raise PlanError(f"This assessment is already {locked.get_status_display().lower()}")
        locked.status = status
        locked.outcome = outcome
        locked.updated_by = by
        locked._change_reason = f"Specialist assessment {locked.get_status_display().lower()}"
        _saved(locked, by)
        action = PlanAction.objects.select_for_update().get(pk=locked.action_id)
        action.status = ACTION_STATUS[status]
        action._change_reason = locked._change_reason
        _saved(action, by)
        return locked


# --- Family Group Conference ----------------------------------------------------------------------


def record_fgc_recommendation(
    *, plan: ChildProtectionPlan, by, recommended: bool | None, note: str = ""
) -> FamilyGroupConference:
    """The conference's recommendation whether a Family Group Conference is held, recorded by the
    chair of the plan's last conference. Recorded again, it is changed (history keeps the last)."""
    if recommended is None:
        raise PlanError(
            "Select whether the conference recommended a Family Group Conference",
            field="recommended",
        )
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        conference = last_conference_of(locked)
        if by is None or conference.chair_id != by.pk:
            raise PlanError(
                "Only the chair of the plan's last conference can record its recommendation"
            )
        fgc = FamilyGroupConference.objects.select_for_update().filter(plan=locked).first()
        if fgc is None:
            fgc = FamilyGroupConference(plan=locked)
        elif fgc.held is not None and not recommended:
            raise PlanError(
                "Whether the Family Group Conference was held is already recorded",
                field="recommended",
            )
        fgc.recommended = recommended
        fgc.recommended_by_conference = conference
        fgc.recommendation_note = note
        fgc.recommended_by = by
        fgc.recommended_at = timezone.now()
        return _saved(fgc, by)


def record_fgc_outcome(
    *,
    plan: ChildProtectionPlan,
    by,
    held: bool | None,
    held_on: datetime.date | None = None,
    not_held_reason: str = "",
) -> FamilyGroupConference:
    """Whether the recommended Family Group Conference was held (and when) or why not."""
    if held is None:
        raise PlanError("Select whether the Family Group Conference was held", field="held")
    not_held_reason = (not_held_reason or "").strip()
    if held:
        if held_on is None:
            raise PlanError("Enter the date the Family Group Conference was held", field="held_on")
        if held_on > timezone.localdate():
            raise PlanError(
                "The date the Family Group Conference was held cannot be in the future",
                field="held_on",
            )
        not_held_reason = ""
    else:
        if not not_held_reason:
            raise PlanError(
                "Enter why the Family Group Conference was not held", field="not_held_reason"
            )
        held_on = None
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if not may_record_plan_duties(locked, by):
            raise PlanError(
                "Only the child's lead social worker, their manager or the conference chair can "
                "record whether the Family Group Conference was held"
            )
        fgc = FamilyGroupConference.objects.select_for_update().filter(plan=locked).first()
        if fgc is None or not fgc.recommended:
            raise PlanError("The conference did not recommend a Family Group Conference")
        if held_on is not None and held_on < timezone.localdate(
            fgc.recommended_by_conference.starts_at
        ):
            raise PlanError(
                "The Family Group Conference cannot be held before the conference recommended it",
                field="held_on",
            )
        fgc.held, fgc.held_on, fgc.not_held_reason = held, held_on, not_held_reason
        fgc.outcome_recorded_by, fgc.outcome_recorded_at = by, timezone.now()
        return _saved(fgc, by)
