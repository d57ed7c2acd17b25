"""Child in Need plans: decided by a conference, or a step down from an ended child protection
plan (start_child_in_need_plan)."""

import datetime

from django.db import IntegrityError, transaction

from children.models import Child
from conferences.models import Conference
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import ChildInNeedPlan, ChildProtectionPlan, PlanStatus
from ._common import PlanError, _require_chair, _require_conference_for_child, _saved

# --- Child in Need plans ---------------------------------------------------------------------------


def start_child_in_need_plan(
    *,
    child: Child,
    conference: Conference | None = None,
    started_on: datetime.date,
    from_plan: ChildProtectionPlan | None = None,
    by,
) -> ChildInNeedPlan:
    """A Child in Need plan: decided by a conference, or a step down from an ended child
    protection plan. Either way it opens CIN_REVIEW: the first review within 20 working days
    (issue 17 item 9: a conference's Child in Need decision is followed up like a step down)."""
    if conference is not None:
        action = "start a Child in Need plan"
        _require_conference_for_child(conference, child, action)
        _require_chair(conference, by, action)
    if from_plan is not None:
        if from_plan.child_id != child.pk:
            raise PlanError("The plan it steps down from is another child's", field="from_plan")
        if from_plan.status != PlanStatus.ENDED:
            raise PlanError(
                "End the child protection plan before stepping down to a Child in Need plan",
                field="from_plan",
            )
        if from_plan.ended_on and started_on < from_plan.ended_on:
            raise PlanError(
                "A step-down plan starts on or after the day the plan ended", field="started_on"
            )

    try:
        with transaction.atomic():
            locked_child = (
                Child.objects.select_for_update(of=("self",))
                .select_related("lead_social_worker", "lead_social_worker__team")
                .get(pk=child.pk)
            )
            if ChildProtectionPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} is on a child protection plan: end it before "
                    "starting a Child in Need plan"
                )
            if ChildInNeedPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} already has an active Child in Need plan"
                )
            plan = _saved(
                ChildInNeedPlan(
                    child=locked_child,
                    started_on=started_on,
                    started_by_conference=conference,
                    from_plan=from_plan,
                    created_by=by,
                ),
                by,
            )
            timescale_services.open_deadline(
                rule=RuleCode.CIN_REVIEW,
                subject=plan,
                start=started_on,
                responsible=locked_child.lead_social_worker,
                child=locked_child,
            )
            return plan
    except IntegrityError as error:
        if ChildInNeedPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
            raise PlanError(
                f"{child.legal_name} already has an active Child in Need plan"
            ) from error
        raise
