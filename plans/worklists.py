"""Plans' work lists, added to core.worklists with register_work_list (core.worklists does not
import this module):
- the QA manager's list of plans ended outside a conference (issue 17 item 1): every ending outside
  a conference for 30 days after it was recorded, and every plan ended as "other" before issue 17
  (ended outside the procedure) until a manager records the real reason; one query, at most LIMIT
  rows, the "other" ones first;
- the team manager's list of plans to review for drift before their third review conference (issue
  17 item 7); two queries whatever the number of plans;
- the chair's mid-way reviews between conferences (issue 22);
- the social worker's early reviews to consider (issue 22): children on a plan who became looked
  after or returned home; one query."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse

from accounts.line_management import managed_by_q
from accounts.models import RoleCode
from core.links import url_maker
from core.templatetags.govuk import govuk_date
from core.worklists import LIMIT, WorkItem, WorkList, _due, _trim, register_work_list, rows_when
from core.worklists._common import _DUE_FIELDS, CHILD_NAME_COLUMNS, _child_name, _legal_name
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from .ending import QA_LIST_DAYS, may_record_real_end_reason
from .models import (
    ChildProtectionPlan,
    DriftFlag,
    EarlyReviewPrompt,
    PlanEndReason,
    PlanStatus,
    PromptReason,
    PromptStatus,
)
from .selectors import plans_visible_to

OUTSIDE_THE_PROCEDURE = "Ended outside the procedure"

# What each reason for an early review is called (get_reason_display without a lookup per row).
PROMPT_REASONS = dict(PromptReason.choices)


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


def drift_reviews_due(user, now) -> WorkList:
    """Open drift flags on plans of children whose lead social worker the user manages (as line
    manager or their team's manager): most urgent first."""
    managed = managed_by_q(user, "plan__child__lead_social_worker")
    deadline = Deadline.objects.filter(
        rule=RuleCode.DRIFT_REVIEW,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=OuterRef("plan_id"),
        status__in=LIVE_STATUSES,
    ).order_by("-pk")
    flags = list(
        DriftFlag.objects.filter(reviewed_at__isnull=True, plan__in=plans_visible_to(user))
        .filter(managed)
        .annotate(
            deadline_id=Subquery(deadline.values("pk")[:1]),
            due_at=Subquery(deadline.values("due_at")[:1]),
        )
        .select_related("plan__child")
        .order_by(F("due_at").asc(nulls_last=True), "raised_on", "pk")[: LIMIT + 1]
    )
    flags, more = _trim(flags)
    deadlines = Deadline.objects.in_bulk([flag.deadline_id for flag in flags if flag.deadline_id])
    items = []
    for flag in flags:
        due, overdue = _due(deadlines.get(flag.deadline_id), now)
        items.append(
            WorkItem(
                text=flag.plan.child.legal_name,
                href=reverse("plans:drift-review", args=[flag.plan_id]),
                details=["Review the plan for drift before its third review conference"],
                due=due,
                overdue=overdue,
                links=[("Plan", reverse("plans:detail", args=[flag.plan_id]))],
            )
        )
    return WorkList(
        "drift-reviews",
        "Plans to review for drift before the third review",
        items,
        "No plans are waiting for your drift review.",
        more,
    )


@rows_when(
    "SELECT 1 FROM {timescales.Deadline} x WHERE x.rule = 'MIDWAY_REVIEW' "
    "AND x.status IN ('open', 'breached') AND (x.responsible_id = {user} OR x.chair_id = {user})"
)
def midway_reviews_due(user, now, *, empty: bool = False) -> WorkList:
    """The chair's mid-way reviews between conferences (issue 22, ADR 56): live MIDWAY_REVIEW
    deadlines of plans the user chaired the last conference of, soonest first. One query, of
    the columns shown (none when `empty`: rows_when)."""
    deadlines = (
        []
        if empty
        else list(
            Deadline.objects.filter(
                rule=RuleCode.MIDWAY_REVIEW,
                subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
                subject_id__in=plans_visible_to(user).filter(status=PlanStatus.ACTIVE).values("pk"),
                status__in=LIVE_STATUSES,
            )
            .filter(Q(responsible=user) | Q(chair=user))
            .order_by("due_at", "pk")
            .values_list(
                "subject_id",
                *_DUE_FIELDS,
                "child_id",
                *CHILD_NAME_COLUMNS,
                named=True,
            )[: LIMIT + 1]
        )
    )
    deadlines, more = _trim(deadlines)
    midway_note_url = url_maker("plans:midway-note")
    plan_url = url_maker("plans:detail")
    items = []
    for deadline in deadlines:
        due, overdue = _due(deadline, now)
        items.append(
            WorkItem(
                text=_child_name(deadline) if deadline.child_id else "A child's plan",
                href=midway_note_url(deadline.subject_id),
                details=["Review the plan half way between conferences"],
                due=due,
                overdue=overdue,
                links=[("Plan", plan_url(deadline.subject_id))],
            )
        )
    return WorkList(
        "midway-reviews",
        "Mid-way reviews between conferences",
        items,
        "No plans are waiting for your mid-way review.",
        more,
    )


@rows_when(
    "SELECT 1 FROM {plans.EarlyReviewPrompt} x JOIN {plans.ChildProtectionPlan} p "
    "ON p.id = x.plan_id JOIN {children.Child} c ON c.id = p.child_id "
    "WHERE x.status = 'open' AND c.lead_social_worker_id = {user}"
)
def early_review_prompts(user, now, *, empty: bool = False) -> WorkList:
    """The social worker's open prompts to consider an early review (issue 22): their children
    on a plan who became looked after or returned home. One query, of the columns shown (none
    when `empty`: rows_when)."""
    prompts = (
        []
        if empty
        else list(
            EarlyReviewPrompt.objects.filter(
                status=PromptStatus.OPEN,
                plan__status=PlanStatus.ACTIVE,
                plan__child__lead_social_worker=user,
                plan__in=plans_visible_to(user),
            )
            .order_by("raised_at", "pk")
            .values_list(
                "plan_id",
                "reason",
                "happened_on",
                "plan__child__is_unborn",
                "plan__child__legal_forename",
                "plan__child__legal_surname",
            )[: LIMIT + 1]
        )
    )
    prompts, more = _trim(prompts)
    plan_url = url_maker("plans:detail")
    early_review_url = url_maker("plans:early-review")
    items = []
    for plan_id, reason, happened_on, is_unborn, forename, surname in prompts:
        happened = govuk_date(happened_on)
        items.append(
            WorkItem(
                text=_legal_name(is_unborn, forename, surname),
                href=plan_url(plan_id),
                details=[
                    f"{PROMPT_REASONS.get(reason, reason).capitalize()} on {happened}: "
                    "consider an early review"
                ],
                due=f"Since {happened}",
                overdue=False,
                links=[("Ask for an early review", early_review_url(plan_id))],
            )
        )
    return WorkList(
        "early-review-prompts",
        "Early reviews to consider",
        items,
        "No child on a plan has become looked after or returned home.",
        more,
    )


# The QA manager's list, last after plans reaching 2 years. plans.apps imports this module when the
# app is ready (for the drift reviews it registers), so the list is registered then.
register_work_list(RoleCode.QA_MANAGER, plans_ended_outside_conference)
