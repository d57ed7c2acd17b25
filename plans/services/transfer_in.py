"""Transfer-in (issue 7 part 7): a child who moved in on another authority's child protection
plan, and the transfer-in conference that meets TRANSFER_IN."""

import datetime

from django.db import transaction
from django.utils import timezone

from children.models import Child
from children.rules import may_see_child
from conferences.models import Conference
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import ChildProtectionPlan, PlanCategory, PlanStatus, TransferIn
from ._common import PlanError, _saved

# --- Transfer-in (issue 7 part 7) ----------------------------------------------------------------
# A child who moves in on another authority's plan is recorded by a social worker: TRANSFER_IN
# (15 working days from notice of the move) opens on the record, and is met on the day a
# transfer-in conference about the child is held (conferences.services._conclude calls
# meet_transfer_in).

TRANSFER_IN_ROLES = ("social_worker", "team_manager", "service_manager")


def may_record_transfer_in(child: Child, by) -> bool:
    if by is None or not by.is_authenticated or not by.has_role(*TRANSFER_IN_ROLES):
        return False
    return bool(may_see_child(by, child))


def waiting_transfer_in(child: Child):
    return TransferIn.objects.filter(child=child, conference__isnull=True).first()


def record_transfer_in(
    *,
    child: Child,
    by,
    previous_authority: str,
    previous_plan_started_on: datetime.date,
    previous_plan_category: str,
    moved_in_on: datetime.date,
    notified_on: datetime.date,
):
    """Record that the child moved in on another authority's plan; TRANSFER_IN opens from the day
    the authority was told of the move, with the child's lead social worker (or the recorder)
    responsible."""
    if not may_record_transfer_in(child, by):
        raise PlanError("Only a social worker or manager can record a transfer-in")
    previous_authority = (previous_authority or "").strip()
    if not previous_authority:
        raise PlanError(
            "Enter the local authority the child moved from", field="previous_authority"
        )
    if previous_plan_category not in PlanCategory.values:
        raise PlanError(
            "Select the category of the previous authority's plan",
            field="previous_plan_category",
        )
    today = timezone.localdate()
    for value, field, what in (
        (previous_plan_started_on, "previous_plan_started_on", "The date the plan started"),
        (moved_in_on, "moved_in_on", "The date the child moved in"),
        (notified_on, "notified_on", "The date you were told of the move"),
    ):
        if value is None:
            raise PlanError(f"Enter {what[0].lower()}{what[1:]}", field=field)
        if value > today:
            raise PlanError(f"{what} must be today or in the past", field=field)
    if previous_plan_started_on > moved_in_on:
        raise PlanError(
            "The previous authority's plan must have started on or before the child moved in",
            field="previous_plan_started_on",
        )
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if ChildProtectionPlan.objects.filter(child=locked, status=PlanStatus.ACTIVE).exists():
            raise PlanError(f"{locked.legal_name} already has a child protection plan here")
        if waiting_transfer_in(locked) is not None:
            raise PlanError(f"{locked.legal_name}'s transfer-in is already recorded")
        transfer = _saved(
            TransferIn(
                child=locked,
                previous_authority=previous_authority,
                previous_plan_started_on=previous_plan_started_on,
                previous_plan_category=previous_plan_category,
                moved_in_on=moved_in_on,
                notified_on=notified_on,
                recorded_by=by,
            ),
            by,
        )
        timescale_services.open_deadline(
            rule=RuleCode.TRANSFER_IN,
            subject=transfer,
            start=notified_on,
            responsible=locked.lead_social_worker or by,
            child=locked,
        )
        return transfer


def meet_transfer_in(*, conference: Conference, held_on: datetime.date, by) -> list:
    """A transfer-in conference was held: each of its children's waiting transfer-in records it,
    and TRANSFER_IN is met on the day (on time or late)."""
    met = []
    with transaction.atomic():
        transfers = TransferIn.objects.select_for_update().filter(
            child__in=conference.conference_children.values("child_id"),
            conference__isnull=True,
        )
        for transfer in transfers:
            transfer.conference, transfer.conference_held_on = conference, held_on
            _saved(transfer, by)
            timescale_services.meet_deadline(
                rule=RuleCode.TRANSFER_IN, subject=transfer, met_on=held_on
            )
            met.append(transfer)
    return met
