"""Reads for holding the conference: the Signs of Safety record with its danger statements, and
for a review what has happened since the last conference."""

from dataclasses import dataclass

from django.db.models import Avg, F, Q
from django.shortcuts import get_object_or_404

from coreGroups.models import DangerStatementScaling
from plans.models import ChildProtectionPlan, PlanAction, PlanStatus

from ..models import DangerStatement, SafetyScaleScore, SignsOfSafetyRecord


def signs_of_safety_record_of(conference) -> SignsOfSafetyRecord | None:
    """The conference's Signs of Safety record, if it is started."""
    return SignsOfSafetyRecord.objects.filter(conference=conference).first()


def danger_statements_of(record) -> list[DangerStatement]:
    """The record's danger statements in order, each with its safety goal: one query."""
    return list(
        DangerStatement.objects.filter(record=record)
        .select_related("safety_goal")
        .order_by("position")
    )


def danger_statement_at(conference, position) -> DangerStatement:
    """The conference's danger statement at that position, with its safety goal (else page not
    found)."""
    return get_object_or_404(
        DangerStatement.objects.select_related("safety_goal"),
        record__conference=conference,
        position=position,
    )


@dataclass
class PlanSinceLastConference:
    plan: object
    scale_history: list  # (when, what, average score or scores) oldest first
    actions: list  # the plan's actions with their current status


def since_last_conference(conference) -> list[PlanSinceLastConference]:
    """For a review: each child's plan with its safety scale history (the average score for the
    child against each danger statement at each earlier conference, or the overall average
    recorded before per-danger scaling, and the scores against each danger statement at each
    core group) and the progress on its actions. Four queries whatever the history's length."""

    child_ids = [link.child_id for link in conference.conference_children.all()]
    plans = list(
        ChildProtectionPlan.objects.filter(child_id__in=child_ids, status=PlanStatus.ACTIVE)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )
    if not plans:
        return []
    # Per child and danger statement since issue 17 item 11; earlier scores (no child) are the
    # whole conference's, for each of its children.
    conference_averages = list(
        SafetyScaleScore.objects.filter(
            Q(child__isnull=True)
            | Q(child_id=F("record__conference__conference_children__child_id")),
            record__conference__conference_children__child_id__in=child_ids,
        )
        .exclude(record__conference=conference)
        .values(
            "record__conference_id",
            "record__conference__starts_at",
            "record__conference__conference_children__child_id",
            "danger_statement__position",
        )
        .annotate(average=Avg("score"))
        .order_by("record__conference__starts_at", "danger_statement__position")
    )
    core_group_scores = list(
        DangerStatementScaling.objects.filter(meeting__plan__in=plans)
        .select_related("meeting", "danger_statement")
        .order_by("meeting__held_at", "danger_statement__position")
    )
    actions = list(PlanAction.objects.filter(plan__in=plans).order_by("plan_id", "by_when", "pk"))
    result = []
    for plan in plans:
        history, per_danger = [], {}
        for row in conference_averages:
            if row["record__conference__conference_children__child_id"] != plan.child_id:
                continue
            when, position = row["record__conference__starts_at"], row["danger_statement__position"]
            if position is None:
                history.append(
                    (when, "Conference (average of everyone's scores)", round(row["average"], 1))
                )
            else:
                per_danger.setdefault(when, []).append(
                    f"danger statement {position}: {round(row['average'], 1):g}"
                )
        history += [
            (
                when,
                "Conference (average of everyone's scores for each danger statement)",
                ", ".join(scores),
            )
            for when, scores in per_danger.items()
        ]
        meetings: dict = {}
        for scaling in core_group_scores:
            if scaling.meeting.plan_id == plan.pk:
                meetings.setdefault(scaling.meeting, []).append(
                    f"danger statement {scaling.danger_statement.position}: {scaling.score}"
                )
        history += [
            (meeting.held_at, "Core group", ", ".join(scores))
            for meeting, scores in meetings.items()
        ]
        history.sort(key=lambda entry: entry[0])
        result.append(
            PlanSinceLastConference(
                plan=plan,
                scale_history=history,
                actions=[action for action in actions if action.plan_id == plan.pk],
            )
        )
    return result
