"""A family's request for a change of worker (001 §21; issue 22 item 6): a social worker or team
manager who may see the child records the request (who asked, when, why); only the team manager
of the child's lead social worker (their line manager or their team's manager) decides it, with a
reason. Agreed, the lead social worker changes through update_child, so the child's history shows
it."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.line_management import manages
from accounts.models import RoleCode
from core.history import save_as

from ..models import ChangeOfWorkerRequest, Child
from ..rules import may_record_children, may_see_child
from .child_record import update_child
from .errors import ChildRecordError

SHORT = 200


def may_record_worker_change_request(child: Child, by) -> bool:
    return bool(
        by is not None
        and by.is_authenticated
        and may_record_children(by)
        and may_see_child(by, child)
        and child.lead_social_worker_id is not None
    )


def may_decide_worker_change(request: ChangeOfWorkerRequest, by) -> bool:
    """The team manager of the worker the family asked to change."""
    if by is None or not by.is_authenticated or not by.has_role(RoleCode.TEAM_MANAGER):
        return False
    return request.is_open and manages(by, request.current_worker)


def record_worker_change_request(
    *, child: Child, by, requested_by_name: str, requested_on: datetime.date | None, reason: str
) -> ChangeOfWorkerRequest:
    requested_by_name = (requested_by_name or "").strip()
    if not requested_by_name:
        raise ChildRecordError("Enter who asked for a change of worker", field="requested_by_name")
    if len(requested_by_name) > SHORT:
        raise ChildRecordError(
            f"Who asked must be {SHORT} characters or fewer", field="requested_by_name"
        )
    if requested_on is None:
        raise ChildRecordError("Enter the date of the request", field="requested_on")
    if requested_on > timezone.localdate():
        raise ChildRecordError(
            "The date of the request cannot be in the future", field="requested_on"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ChildRecordError("Enter the family's reason for asking", field="reason")
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if not may_record_worker_change_request(locked, by):
            raise ChildRecordError(
                "Only a social worker or team manager can record a request for a change of worker "
                "for a child with a lead social worker"
            )
        if ChangeOfWorkerRequest.objects.filter(child=locked, agreed__isnull=True).exists():
            raise ChildRecordError(
                "A request for a change of worker is already waiting for the team manager's "
                "decision"
            )
        request = ChangeOfWorkerRequest(
            child=locked,
            requested_by_name=requested_by_name,
            requested_on=requested_on,
            reason=reason,
            current_worker=locked.lead_social_worker,
            recorded_by=by,
        )
        save_as(request, by=by)
        return request


def decide_worker_change(
    *, request: ChangeOfWorkerRequest, by, agreed: bool | None, reason: str, new_worker=None
) -> ChangeOfWorkerRequest:
    if agreed is None:
        raise ChildRecordError("Select whether you agree to the change of worker", field="agreed")
    reason = (reason or "").strip()
    if not reason:
        raise ChildRecordError("Enter the reason for your decision", field="decision_reason")
    if agreed:
        if new_worker is None:
            raise ChildRecordError("Select the new lead social worker", field="new_worker")
        if new_worker.pk == request.current_worker_id:
            raise ChildRecordError(
                "Select a different social worker from the one the family asked to change",
                field="new_worker",
            )
        if not new_worker.is_active or not new_worker.has_role(RoleCode.SOCIAL_WORKER):
            raise ChildRecordError(
                "The new lead social worker must be a social worker", field="new_worker"
            )
    else:
        new_worker = None
    with transaction.atomic():
        locked = (
            ChangeOfWorkerRequest.objects.select_for_update()
            .select_related("current_worker", "child")
            .get(pk=request.pk)
        )
        if not locked.is_open:
            raise ChildRecordError("This request has already been decided")
        if not may_decide_worker_change(locked, by):
            raise ChildRecordError(
                "Only the team manager of the child's social worker can decide a request for a "
                "change of worker"
            )
        locked.agreed, locked.decision_reason, locked.new_worker = agreed, reason, new_worker
        locked.decided_by, locked.decided_at = by, timezone.now()
        save_as(locked, by=by)
        if agreed and locked.child.lead_social_worker_id == locked.current_worker_id:
            update_child(child=locked.child, by=by, lead_social_worker=new_worker)
        return locked
