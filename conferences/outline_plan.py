"""The draft outline plan for the family, one per child, at the end of the conference: plain
English, marked draft, a tagged PDF made by core.pdf like every other (nothing is fetched from
outside). Generating it never meets OUTLINE_PLAN: the plan is circulated when it has reached
the family and the core group (conferences.outline_circulation, issue 18 item 3)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from timescales.models import Deadline, RuleCode
from timescales.services import compute_due, policy_for

from .letters import conference_reference
from .models import DecisionOutcome
from .services import REVIEW_KINDS, _danger_statements_of, held_on_of


def _first_dates(decision, held_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first core group and the review: the plan's deadlines once it exists, otherwise what
    the authority's timescales would give from the conference date."""
    from django.contrib.contenttypes.models import ContentType

    review_rule = (
        RuleCode.RCPC_NEXT if decision.conference.kind in REVIEW_KINDS else RuleCode.RCPC_FIRST
    )
    plan = decision.child_protection_plan
    if plan is not None:
        due = dict(
            Deadline.objects.filter(
                subject_type=ContentType.objects.get_for_model(type(plan)),
                subject_id=plan.pk,
                rule__in=[RuleCode.CG_FIRST, review_rule],
            ).values_list("rule", "due_on")
        )
        if RuleCode.CG_FIRST in due and review_rule in due:
            return due[RuleCode.CG_FIRST], plan.next_review_due or due[review_rule]
    dates = []
    for rule in (RuleCode.CG_FIRST, review_rule):
        policy = policy_for(rule)
        dates.append(
            compute_due(
                value=policy.value, unit=policy.unit, direction=policy.direction, start=held_on
            )[0]
        )
    return dates[0], dates[1]


def outline_plan_context(decision) -> dict:
    conference = decision.conference
    held_on = (
        timezone.localdate(conference.starts_at) if conference.starts_at else held_on_of(conference)
    )
    is_plan = decision.outcome == DecisionOutcome.CHILD_PROTECTION_PLAN
    dangers = _danger_statements_of(conference) if is_plan else []
    actions = list(decision.actions.all()) if is_plan else []
    by_position = {danger.position: danger for danger in dangers}
    for action in actions:
        action.danger = by_position.get(action.danger_statement_position)
    first_core_group = first_review = None
    if is_plan:
        first_core_group, first_review = _first_dates(decision, held_on)
    return {
        "decision": decision,
        "child": decision.child,
        "conference": conference,
        "reference": conference_reference(conference),
        "held_on": held_on,
        "is_plan": is_plan,
        "dangers": dangers,
        "actions": actions,
        "first_core_group": first_core_group,
        "first_review": first_review,
        "generated_on": timezone.localdate(),
    }


def outline_plan_html(decision) -> str:
    return render_to_string(
        "conferences/decision/outline_plan_pdf.html", outline_plan_context(decision)
    )


def render_outline_plan(decision) -> bytes:
    return render_pdf(outline_plan_html(decision))


def outline_plan_filename(decision) -> str:
    return f"draft-outline-plan-{conference_reference(decision.conference)}-{decision.child_id}.pdf"


def outline_plan_for_family(*, decision, by) -> bytes:
    """The PDF, to send or hand to the family and the core group. Generating it records nothing
    and meets no deadline: who was given it is recorded in conferences.outline_circulation."""
    return render_outline_plan(decision)
