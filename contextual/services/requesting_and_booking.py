"""Asking for a Contextual Safeguarding Conference and booking it (002; ADR 61).

The social worker (or team manager) asks, naming the harm outside the family and the concerns:
the request opens CSC_DUE (held within the policy's working days of the request). The conference
service allocates the chair, books the time and place and invites the professionals; a review
conference is booked from the plan in the same way.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import (
    OPEN_STATUSES,
    ContextualConference,
    ContextualSafeguardingPlan,
    CscInvitation,
    CscKind,
    CscStatus,
    HarmOutsideFamily,
)
from ._common import ContextualError, may_book, may_request, saved, text


def request_conference(*, child, harms, concerns: str, by) -> ContextualConference:
    """The social worker asks for a Contextual Safeguarding Conference for a young person at
    risk of harm outside the family; CSC_DUE starts from the request."""
    harms = list(dict.fromkeys(harms or ()))
    if not harms:
        raise ContextualError(
            "Select the harm outside the family the young person is at risk of", field="harms"
        )
    if any(harm not in HarmOutsideFamily.values for harm in harms):
        raise ContextualError("Select the harm from the list", field="harms")
    concerns = text(concerns, "concerns", "Enter the concerns about the young person")
    if not may_request(child, by):
        raise ContextualError(
            "Only a social worker or team manager who works with the young person can ask"
        )
    if child.is_unborn:
        raise ContextualError(
            "A Contextual Safeguarding Conference is for a young person, not an unborn baby"
        )
    with transaction.atomic():
        type(child).objects.select_for_update().get(pk=child.pk)
        if ContextualConference.objects.filter(child=child, status__in=OPEN_STATUSES).exists():
            raise ContextualError(
                "A conference for this young person is already requested or booked"
            )
        if ContextualSafeguardingPlan.objects.filter(child=child, status="active").exists():
            raise ContextualError(
                "This young person already has a contextual safeguarding plan: the conference "
                "service books its review conference from the plan"
            )
        conference = saved(
            ContextualConference(
                child=child,
                kind=CscKind.INITIAL,
                harms=harms,
                concerns=concerns,
                requested_by=by,
                requested_at=timezone.now(),
            ),
            by,
        )
        timescale_services.open_deadline(
            rule=RuleCode.CSC_DUE,
            subject=conference,
            start=conference.requested_at,
            responsible=by,
            child=child,
        )
        return conference


def withdraw_request(*, conference: ContextualConference, reason: str, by) -> ContextualConference:
    """The request is no longer needed (before it is held): kept, with why; its clock stops."""
    reason = text(reason, "reason", "Enter why the conference is no longer needed")
    if not (may_request(conference.child, by) or may_book(by)):
        raise ContextualError("Only the social worker or the conference service can withdraw it")
    with transaction.atomic():
        locked = ContextualConference.objects.select_for_update().get(pk=conference.pk)
        if locked.status not in OPEN_STATUSES:
            raise ContextualError("Only a conference not yet held can be withdrawn")
        locked.status, locked.withdrawn_reason = CscStatus.WITHDRAWN, reason
        saved(locked, by)
        timescale_services.withdraw_deadline(
            rule=RuleCode.CSC_DUE, subject=locked, reason=f"Withdrawn: {reason}", by=by
        )
        return locked


def _check_booking(*, chair, starts_at: datetime.datetime, venue: str, professionals, by):
    if not may_book(by):
        raise ContextualError(
            "Only the conference service books Contextual Safeguarding Conferences"
        )
    if chair is None or not chair.is_active or not chair.has_role(RoleCode.CHAIR):
        raise ContextualError("Select an independent chair", field="chair")
    if starts_at is None:
        raise ContextualError("Enter the date of the conference", field="date")
    if timezone.localdate(starts_at) < timezone.localdate():
        raise ContextualError("The date of the conference cannot be in the past", field="date")
    venue = text(venue, "venue", "Enter where the conference is held, or that it is online")
    not_agency = [p for p in professionals if not p.has_role(RoleCode.AGENCY_PROFESSIONAL)]
    if not_agency:
        raise ContextualError("Select professionals from the list", field="professionals")
    return venue


def _invite(conference, professionals, by) -> None:
    for professional in professionals:
        invitation, created = CscInvitation.objects.get_or_create(
            conference=conference, user=professional, defaults={"invited_by": by}
        )
        if not created and not invitation.is_active:
            invitation.is_active = True
            saved(invitation, by)


def book_conference(
    *, conference: ContextualConference, chair, starts_at, venue: str, professionals=(), by
) -> ContextualConference:
    """Allocate the chair, book the time and place and invite the professionals (or change the
    booking before it is held). CSC_DUE keeps counting from the request."""
    professionals = list(professionals or ())
    venue = _check_booking(
        chair=chair, starts_at=starts_at, venue=venue, professionals=professionals, by=by
    )
    with transaction.atomic():
        locked = ContextualConference.objects.select_for_update().get(pk=conference.pk)
        if locked.status not in OPEN_STATUSES:
            raise ContextualError("Only a conference not yet held can be booked")
        locked.chair, locked.starts_at, locked.venue = chair, starts_at, venue
        locked.status, locked.booked_by, locked.booked_at = CscStatus.BOOKED, by, timezone.now()
        saved(locked, by)
        _invite(locked, professionals, by)
        deadline = timescale_services.live_deadline(RuleCode.CSC_DUE, locked)
        if deadline is not None and deadline.chair_id != chair.pk:
            deadline.chair = chair
            deadline.save(update_fields=["chair"])
        return locked


def book_review(
    *, plan: ContextualSafeguardingPlan, chair, starts_at, venue: str, professionals=(), by
) -> ContextualConference:
    """The conference service books the plan's review conference (no request needed: the plan's
    review deadline is the reason)."""
    professionals = list(professionals or ())
    venue = _check_booking(
        chair=chair, starts_at=starts_at, venue=venue, professionals=professionals, by=by
    )
    with transaction.atomic():
        locked = ContextualSafeguardingPlan.objects.select_for_update().get(pk=plan.pk)
        if not locked.is_active:
            raise ContextualError("This plan has ended")
        if ContextualConference.objects.filter(
            child_id=locked.child_id, status__in=OPEN_STATUSES
        ).exists():
            raise ContextualError("A conference for this young person is already booked")
        last = locked.conferences.filter(status=CscStatus.HELD).order_by("-held_on").first()
        review = saved(
            ContextualConference(
                child_id=locked.child_id,
                kind=CscKind.REVIEW,
                plan=locked,
                harms=last.harms if last else [],
                status=CscStatus.BOOKED,
                requested_by=by,
                requested_at=timezone.now(),
                chair=chair,
                starts_at=starts_at,
                venue=venue,
                booked_by=by,
                booked_at=timezone.now(),
            ),
            by,
        )
        _invite(review, professionals, by)
        return review
