"""The team manager's drift review, due before the plan's third review conference (issue 17 item
7; 004 social workers' item 12: "the case should be reviewed prior to that conference with the
Team Manager in supervision and discussed at the 3rd review conference").

A plan that has had two review conferences gets a drift flag and a DRIFT_REVIEW deadline (due the
policy's working days before the third review, the child's team manager responsible) as soon as
the third review conference is scheduled or booked (conferences.services calls
`raise_for_review_conference`), or when it is 6 weeks from being due (the sweep calls
`raise_drift_reviews_due`), whichever is first. Booking or re-booking the third review moves an
open deadline to count back from the booked date. The team manager's review
(plans.services.record_drift_review) clears the flag and meets the deadline. Raising is
idempotent: the flag is one per plan (a unique key) and the plan row is locked first, so booking
twice or two sweeps raise one flag and one deadline. ADR 39.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.line_management import manager_of
from accounts.models import RoleCode
from conferences.models import Conference, ConferenceChild, ConferenceKind, ConferenceStatus
from core.history import save_as
from timescales import services as timescale_services
from timescales.models import Deadline, RuleCode

from .models import ChildProtectionPlan, DriftFlag, PlanStatus

THIRD_REVIEW = 3
# A plan with this many reviews held is waiting for its third review.
REVIEWS_BEFORE_THIRD = THIRD_REVIEW - 1
# The review is raised this long before the third review is due, if it was not booked earlier.
RAISED_BEFORE_DUE = datetime.timedelta(weeks=6)
REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
SCHEDULED_STATUSES = (
    ConferenceStatus.ALLOCATED,
    ConferenceStatus.BOOKED,
    ConferenceStatus.POSTPONED,
)


def team_manager_of(child):
    """The team manager of the child's lead social worker: their line manager, else their team's
    manager, holding the team manager role (as plans.services.may_review_drift)."""
    return manager_of(child.lead_social_worker, role=RoleCode.TEAM_MANAGER)


def _third_review_on(plan: ChildProtectionPlan, conference: Conference | None):
    """The date the third review is held on if booked, else the date it is due."""
    if conference is not None and conference.status == ConferenceStatus.BOOKED:
        return timezone.localdate(conference.starts_at)
    return plan.next_review_due


def _locked(plan) -> ChildProtectionPlan:
    return (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related(
            "child__lead_social_worker__line_manager", "child__lead_social_worker__team__manager"
        )
        .get(pk=plan.pk)
    )


def raise_drift_review(
    *, plan: ChildProtectionPlan, conference: Conference | None = None, by=None
) -> DriftFlag | None:
    """Raise the plan's drift flag and DRIFT_REVIEW deadline if it is waiting for its third review
    (once); with a booked third review conference, the open deadline counts back from its date.
    Returns the flag, or None when the plan is not waiting for its third review."""
    with transaction.atomic():
        locked = _locked(plan)
        if locked.status != PlanStatus.ACTIVE or locked.reviews_held != REVIEWS_BEFORE_THIRD:
            return None
        review_on = _third_review_on(locked, conference)
        flag = DriftFlag.objects.select_for_update().filter(plan=locked).first()
        if flag is None:
            flag = DriftFlag(
                plan=locked, raised_by_conference=conference, raised_on=timezone.localdate()
            )
            flag._history_user = by
            flag._change_reason = (
                "The third review conference was booked"
                if conference is not None
                else "The third review conference is due within 6 weeks"
            )
            flag.save()
            if review_on is not None:
                timescale_services.open_deadline(
                    rule=RuleCode.DRIFT_REVIEW,
                    subject=locked,
                    start=review_on,
                    responsible=team_manager_of(locked.child),
                    child=locked.child,
                    chair=conference.chair if conference is not None else None,
                )
            return flag
        if flag.is_open and review_on is not None:
            timescale_services.move_deadline(
                rule=RuleCode.DRIFT_REVIEW,
                subject=locked,
                start=review_on,
                reason="The third review conference was booked",
            )
            if conference is not None and flag.raised_by_conference_id is None:
                flag.raised_by_conference = conference
                save_as(flag, by=by, reason="The third review conference was booked")
        return flag


def raise_for_review_conference(*, conference: Conference, by=None) -> list:
    """A review conference was scheduled or booked: raise the drift review of each of its
    children's active plans waiting for their third review."""
    if conference.kind not in REVIEW_KINDS:
        return []
    plans = ChildProtectionPlan.objects.filter(
        status=PlanStatus.ACTIVE,
        reviews_held=REVIEWS_BEFORE_THIRD,
        child__conference_links__conference=conference,
    ).order_by("pk")
    raised = [raise_drift_review(plan=plan, conference=conference, by=by) for plan in plans]
    return [flag for flag in raised if flag is not None]


def raise_drift_reviews_due(now: datetime.datetime) -> int:
    """The sweep's step: plans waiting for their third review with no drift flag, whose review is
    due within 6 weeks or already scheduled. A few rows a day; each raised on its own."""
    today = timezone.localdate(now)
    # Scheduled and not yet started (the second review is still "booked" while it is held).
    scheduled = ConferenceChild.objects.filter(
        child_id=OuterRef("child_id"),
        conference__kind__in=REVIEW_KINDS,
        conference__status__in=SCHEDULED_STATUSES,
        conference__started_at__isnull=True,
    )
    plans = list(
        ChildProtectionPlan.objects.filter(
            status=PlanStatus.ACTIVE, reviews_held=REVIEWS_BEFORE_THIRD, drift_flag__isnull=True
        )
        .annotate(is_scheduled=Exists(scheduled))
        .filter(Q(next_review_due__lte=today + RAISED_BEFORE_DUE) | Q(is_scheduled=True))
        .order_by("pk")
    )
    raised = 0
    for plan in plans:
        conference = (
            Conference.objects.filter(
                kind__in=REVIEW_KINDS,
                status__in=SCHEDULED_STATUSES,
                started_at__isnull=True,
                conference_children__child_id=plan.child_id,
            )
            .select_related("chair")
            .order_by("pk")
            .first()
            if plan.is_scheduled
            else None
        )
        if raise_drift_review(plan=plan, conference=conference) is not None:
            raised += 1
    return raised


def drift_deadline_for(plan: ChildProtectionPlan):
    """The plan's DRIFT_REVIEW deadline (the latest), for the plan page. One query."""
    return (
        Deadline.objects.filter(
            rule=RuleCode.DRIFT_REVIEW,
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
        )
        .order_by("-pk")
        .first()
    )
