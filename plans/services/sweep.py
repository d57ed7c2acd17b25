"""What the nightly timescales sweep does to plans: ends the plans of children who turned 18
(end_plans_of_adults) and tells the head of service and QA manager about plans that reached 2
years (notify_long_plans)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import RoleCode, User
from core.outbox import child_in_email
from timescales.models import Deadline, DeadlineStatus, RuleCode

from ..models import ChildProtectionPlan, PlanEndReason, PlanNotice, PlanNoticeKind, PlanStatus
from ._common import _email, _queue_emails, _saved
from .ending_a_plan import end_plan


def _eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: 1 March in a year that is not a leap year
        return datetime.date(born.year + 18, 3, 1)


def end_plans_of_adults(today: datetime.date) -> int:
    """The sweep ends every active plan whose child turned 18 on or before `today` (reason
    reached 18, ended on the birthday or the plan's start, whichever is later), and emails the
    lead social worker. Returns how many plans ended."""
    ended = 0
    for plan in (
        ChildProtectionPlan.objects.filter(
            status=PlanStatus.ACTIVE, child__date_of_birth__year__lte=today.year - 18
        )
        .select_related("child", "child__lead_social_worker")
        .order_by("pk")
    ):
        birthday = _eighteenth_birthday(plan.child.date_of_birth)
        if birthday > today:
            continue
        with transaction.atomic():
            ended_plan = end_plan(
                plan=plan,
                reason=PlanEndReason.REACHED_18,
                ended_on=max(birthday, plan.started_on),
                by=None,
                step_down=None,
            )
            worker = plan.child.lead_social_worker
            if worker is not None and worker.email and worker.is_active:
                _saved(
                    PlanNotice(
                        plan=ended_plan,
                        kind=PlanNoticeKind.REACHED_18,
                        name=worker.full_name,
                        email=worker.email,
                        user=worker,
                    ),
                    None,
                )
                _queue_emails(
                    [
                        _email(
                            f"Child protection plan ended at 18: child {plan.child.reference}",
                            f"Dear {worker.full_name or 'colleague'},\n\n"
                            f"The {child_in_email(plan.child)} turned 18, so their child "
                            "protection plan "
                            f"ended on {ended_plan.ended_on:%d %B %Y}. The timescales of the plan "
                            "are closed. Please arrange any support they need as an adult.",
                            worker.email,
                        )
                    ],
                    kind="plan-ended-at-18",
                )
        ended += 1
    return ended


def notify_long_plans(now: datetime.datetime) -> int:
    """Plans whose LONG_PLAN deadline the sweep marked breached (2 years): email every active
    head of service and QA manager, once per plan (recorded on the plan and in PlanNotice rows).
    Returns how many plans were notified."""
    plan_ids = Deadline.objects.filter(
        rule=RuleCode.LONG_PLAN,
        status=DeadlineStatus.BREACHED,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
    ).values("subject_id")
    plans = list(
        ChildProtectionPlan.objects.filter(
            pk__in=plan_ids, status=PlanStatus.ACTIVE, long_plan_notified_at__isnull=True
        ).select_related("child")
    )
    if not plans:
        return 0
    recipients = list(
        User.objects.filter(
            is_active=True, roles__code__in=[RoleCode.HEAD_OF_SERVICE, RoleCode.QA_MANAGER]
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    notified = 0
    for plan in plans:
        with transaction.atomic():
            locked = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
            if locked.long_plan_notified_at is not None:
                continue
            messages = []
            for person in recipients:
                _saved(
                    PlanNotice(
                        plan=locked,
                        kind=PlanNoticeKind.LONG_PLAN,
                        name=person.full_name,
                        email=person.email,
                        user=person,
                        sent_at=now,
                    ),
                    None,
                )
                messages.append(
                    _email(
                        f"Child protection plan reaching 2 years: child {plan.child.reference}",
                        f"Dear {person.full_name or 'colleague'},\n\n"
                        f"The child protection plan for the {child_in_email(plan.child)}, "
                        "started on "
                        f"{locked.started_on:%d %B %Y}, has reached 2 years. Please review "
                        "whether the plan is working.",
                        person.email,
                    )
                )
            locked.long_plan_notified_at = now
            locked._change_reason = "Head of service and QA manager told: 2 years"
            _saved(locked, None)
            _queue_emails(messages, kind="plan-long")
        notified += 1
    return notified
