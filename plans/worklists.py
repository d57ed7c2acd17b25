"""The QA manager's list of plans ended outside a conference (issue 17), registered in
core.worklists: every ending outside a conference for 30 days after it was recorded, and every plan
ended as "other" before issue 17 (ended outside the procedure) until a manager records the real
reason. One query whatever the number of plans; at most LIMIT rows, the "other" ones first."""

import datetime

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse

from core.templatetags.govuk import govuk_date
from core.worklists import LIMIT, WorkItem, WorkList, _trim

from .ending import QA_LIST_DAYS, may_record_real_end_reason
from .models import PlanEndReason, PlanStatus
from .selectors import plans_visible_to

OUTSIDE_THE_PROCEDURE = "Ended outside the procedure"


def _item(plan, user) -> WorkItem:
    details = []
    if plan.end_reason == PlanEndReason.OTHER:
        details.append(f'{OUTSIDE_THE_PROCEDURE} (reason given: "other")')
        details.append("A manager must record the real reason")
    else:
        details.append(plan.get_end_reason_display())
    details.append(
        f"Recorded by {plan.ended_by.full_name}" if plan.ended_by_id else "Recorded by the sweep"
    )
    if plan.manager_agreement_id:
        details.append(
            f"Agreed by {plan.manager_agreement.full_name} on {govuk_date(plan.manager_agreed_on)}"
        )
    elif plan.ended_by_id:
        details.append("No manager's agreement recorded")
    links = []
    if may_record_real_end_reason(plan, user):
        links.append(("Record the real reason", reverse("plans:real-end-reason", args=[plan.pk])))
    return WorkItem(
        text=plan.child.legal_name,
        href=reverse("plans:detail", args=[plan.pk]),
        details=details,
        due=f"Ended {govuk_date(plan.ended_on)}",
        overdue=plan.end_reason == PlanEndReason.OTHER,
        links=links,
    )


def plans_ended_outside_conference(user, now) -> WorkList:
    since = now - datetime.timedelta(days=QA_LIST_DAYS)
    plans = list(
        plans_visible_to(user)
        .filter(status=PlanStatus.ENDED, ended_by_conference__isnull=True)
        .filter(Q(end_reason=PlanEndReason.OTHER) | Q(ended_at__gte=since))
        .select_related("child", "ended_by", "manager_agreement")
        .order_by(
            Case(
                When(end_reason=PlanEndReason.OTHER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            F("ended_at").desc(nulls_last=True),
            "-pk",
        )[: LIMIT + 1]
    )
    plans, more = _trim(plans)
    return WorkList(
        "plans-ended-outside-conference",
        "Plans ended outside a conference",
        [_item(plan, user) for plan in plans],
        f"No plan ended outside a conference in the last {QA_LIST_DAYS} days.",
        more,
    )
