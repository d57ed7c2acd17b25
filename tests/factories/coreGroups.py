"""Core group meetings and visits, made through coreGroups.services so their deadlines move as in
the service, and set-based helpers (moving a plan back in time; many members and actions) for the
timescale and query-count tests. Synthetic data only."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coreGroups import services
from coreGroups.models import AttendanceStatus
from plans.models import ActionStatus, ChildProtectionPlan, CoreGroupMember
from timescales import calendar
from timescales.models import LIVE_STATUSES, Deadline
from timescales.services import compute_due


def backdate_plan(plan, *, working_days: int):
    """Move the plan's start (and every live deadline of the plan, recomputed with the policy value
    it was opened with) `working_days` working days into the past, set-based: no service starts a
    plan before its conference, and a test cannot wait ten days."""
    start = calendar.add_working_days(plan.started_on, -working_days)
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(started_on=start)
    deadlines = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
        status__in=LIVE_STATUSES,
    )
    for deadline in deadlines:
        due_on, due_at = compute_due(
            value=deadline.policy_value,
            unit=deadline.policy_unit,
            direction=deadline.policy_direction,
            start=start,
        )
        Deadline.objects.filter(pk=deadline.pk).update(
            starts_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time())),
            due_on=due_on,
            due_at=due_at,
        )
    plan.refresh_from_db()
    return plan


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """10am (or `hour`) on `day`, aware."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def held_meeting(*, plan, by, held_at=None, chaired_by=None, decisions="Keep going", **record):
    """A meeting planned and recorded as held (five minutes ago unless told), with everyone
    active attending and every action in progress unless told otherwise."""
    held_at = held_at or timezone.now() - datetime.timedelta(minutes=5)
    meeting = services.plan_meeting(plan=plan, held_at=held_at, by=by, chaired_by=chaired_by)
    record.setdefault(
        "attendance",
        [
            {"member": member, "status": AttendanceStatus.ATTENDED}
            for member in CoreGroupMember.objects.filter(plan=plan, is_active=True)
        ],
    )
    record.setdefault(
        "progress",
        [{"action": action, "status": ActionStatus.IN_PROGRESS} for action in plan.actions.all()],
    )
    record.setdefault(
        "scaling",
        [
            {"danger_statement": statement, "score": 5}
            for statement in plan.danger_statements.filter(is_active=True)
        ],
    )
    return services.record_meeting(meeting=meeting, by=by, decisions=decisions, **record)
