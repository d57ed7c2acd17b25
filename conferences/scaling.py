"""Scaling as the procedure asks (issue 17 item 11; 004 chairs' item 8, social workers' item 6): a
safety scale for each danger statement and its safety goal, for each child of the conference.
Every participant gives one score (0 to 10) against a danger statement for a child; giving it
again is a correction, which only the chair may make, and history keeps the score it replaced.
Once the chair finalises a child's decision, that child's scores are locked.

Danger statements belong to the conference's Signs of Safety record and apply to every child it
decides for (each child's plan takes a copy), so a score names both the danger statement and the
child. Scores recorded before this change have neither: they are shown, as recorded, as an
overall score for the conference.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.history import save_as

from .models import (
    SAFETY_SCALE_MAX,
    SAFETY_SCALE_MIN,
    ChildDecision,
    Conference,
    DangerStatement,
    DecisionStatus,
    SafetyScaleScore,
)
from .services import HoldingError, _locked_for_recording, _record_of

CORRECTED_REASON = "Corrected by the chair"
OVERALL_LABEL = "Overall score (recorded before per-danger scaling)"


def score_field_name(child_id, danger_statement_id) -> str:
    """The form field (and error field) of one child's score against one danger statement."""
    return f"score_{child_id}_{danger_statement_id}"


def _clean_score(value, field_name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if (
        number is None
        or isinstance(value, bool)
        or str(value).strip() != str(number)
        or not (SAFETY_SCALE_MIN <= number <= SAFETY_SCALE_MAX)
    ):
        raise HoldingError(
            f"Enter a score from {SAFETY_SCALE_MIN} to {SAFETY_SCALE_MAX}", field=field_name
        )
    return number


def _pk(value):
    return getattr(value, "pk", value)


def record_scale_scores(
    *,
    conference: Conference,
    by,
    participant: str,
    role: str = "",
    scores: Sequence[dict],
    comment: str = "",
) -> list[SafetyScaleScore]:
    """One participant's scores, each `{"danger_statement", "child", "score"}`: a danger statement
    of this conference's record, for a child of this conference whose decision is not finalised.
    A score the participant already gave for that danger statement and child is corrected, by the
    chair only (the earlier score stays in history). All or nothing, in one transaction."""
    participant = (participant or "").strip()
    role, comment = (role or "").strip(), (comment or "").strip()
    if not participant:
        raise HoldingError("Enter who gave the score", field="participant")
    if not scores:
        raise HoldingError(
            "Enter a score for at least one danger statement", field="danger_statement"
        )
    wanted = []
    for entry in scores:
        danger_id, child_id = _pk(entry.get("danger_statement")), _pk(entry.get("child"))
        if danger_id is None:
            raise HoldingError(
                "Select the danger statement the score is for", field="danger_statement"
            )
        if child_id is None:
            raise HoldingError("Select the child the score is for", field="child")
        name = score_field_name(child_id, danger_id)
        wanted.append((danger_id, child_id, _clean_score(entry.get("score"), name), name))

    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        record = _record_of(locked, by)
        dangers = {row.pk: row for row in DangerStatement.objects.filter(record=record)}
        children = {
            link.child_id: link.child for link in locked.conference_children.select_related("child")
        }
        finalised = set(
            ChildDecision.objects.filter(
                conference=locked, status=DecisionStatus.FINALISED
            ).values_list("child_id", flat=True)
        )
        saved, seen = [], set()
        for danger_id, child_id, value, name in wanted:
            danger, child = dangers.get(danger_id), children.get(child_id)
            if danger is None:
                raise HoldingError(
                    "Select a danger statement of this conference", field="danger_statement"
                )
            if child is None:
                raise HoldingError("Select a child of this conference", field="child")
            if (danger_id, child_id) in seen:
                raise HoldingError(
                    f"Give one score for danger statement {danger.position} for {child.legal_name}",
                    field=name,
                )
            seen.add((danger_id, child_id))
            if child_id in finalised:
                raise HoldingError(
                    f"The decision for {child.legal_name} is finalised: their safety scale "
                    "scores can no longer be changed",
                    field=name,
                )
            row = (
                SafetyScaleScore.objects.select_for_update()
                .filter(danger_statement=danger, child_id=child_id, participant__iexact=participant)
                .first()
            )
            if row is None:
                row = SafetyScaleScore(
                    record=record,
                    danger_statement=danger,
                    child_id=child_id,
                    participant=participant,
                    role=role,
                    score=value,
                    comment=comment,
                    recorded_by=by,
                    recorded_at=timezone.now(),
                )
            else:
                if row.score == value and (not comment or comment == row.comment):
                    saved.append(row)  # the same score again: nothing to correct
                    continue
                if by.pk != locked.chair_id:
                    raise HoldingError(
                        f"{row.participant} has already given a score for danger statement "
                        f"{danger.position} for {child.legal_name}. Only the chair can correct it",
                        field=name,
                    )
                row.score = value
                if comment:
                    row.comment = comment
                if role:
                    row.role = role
                row.corrected_by, row.corrected_at = by, timezone.now()
                row._change_reason = CORRECTED_REASON
            save_as(row, by=by)
            saved.append(row)
    return saved


def record_scale_score(
    *,
    conference: Conference,
    by,
    participant: str,
    role: str = "",
    score,
    danger_statement=None,
    child=None,
    comment: str = "",
) -> SafetyScaleScore:
    """A participant's score against one danger statement for one child (see
    record_scale_scores): a second score from them is the chair's correction."""
    _clean_score(score, "score")
    return record_scale_scores(
        conference=conference,
        by=by,
        participant=participant,
        role=role,
        scores=[{"danger_statement": danger_statement, "child": child, "score": score}],
        comment=comment,
    )[0]


# --- Reading the scores: the holding page and the minutes ----------------------------------------


@dataclass
class DangerScale:
    """One danger statement's scale for one child: each participant's score."""

    danger_statement: DangerStatement
    scores: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"danger statement {self.danger_statement.position}"


@dataclass
class ParticipantScores:
    """One participant's row in a child's table: their score (or None) for each danger
    statement, in order."""

    participant: str
    role: str
    cells: list
    comment: str = ""

    @property
    def corrected(self) -> bool:
        return any(cell is not None and cell.corrected_by_id for cell in self.cells)


@dataclass
class ChildScales:
    child: object
    scales: list[DangerScale]
    finalised: bool = False

    @property
    def has_scores(self) -> bool:
        return any(scale.scores for scale in self.scales)

    @property
    def rows(self) -> list[ParticipantScores]:
        people: dict = {}
        for index, scale in enumerate(self.scales):
            for row in scale.scores:
                person = people.setdefault(
                    row.participant.lower(),
                    ParticipantScores(row.participant, row.role, [None] * len(self.scales)),
                )
                person.cells[index] = row
                if row.comment and row.comment not in person.comment:
                    person.comment = f"{person.comment} {row.comment}".strip()
        return list(people.values())


@dataclass
class ConferenceScales:
    children: list[ChildScales]
    overall: list  # scores recorded before per-danger scaling


def conference_scales(record, children: Sequence, dangers: Sequence) -> ConferenceScales:
    """The scales of the conference: for each child (in the order given), each danger statement
    (in order) with its scores, and the overall scores recorded before per-danger scaling. Two
    queries whatever the number of scores."""
    scores = []
    finalised: set = set()
    if record is not None:
        scores = list(
            SafetyScaleScore.objects.filter(record=record)
            .select_related("corrected_by")
            .order_by("pk")
        )
        finalised = set(
            ChildDecision.objects.filter(
                conference_id=record.conference_id, status=DecisionStatus.FINALISED
            ).values_list("child_id", flat=True)
        )
    for row in scores:
        row.percent = row.score * 10
    result = []
    for child in children:
        scales = [
            DangerScale(
                danger_statement=danger,
                scores=[
                    row
                    for row in scores
                    if row.child_id == child.pk and row.danger_statement_id == danger.pk
                ],
            )
            for danger in dangers
        ]
        result.append(ChildScales(child=child, scales=scales, finalised=child.pk in finalised))
    return ConferenceScales(
        children=result, overall=[row for row in scores if row.danger_statement_id is None]
    )


def _score_line(row) -> str:
    return f"- {row.participant}{f' ({row.role})' if row.role else ''}: {row.score}" + (
        f". {row.comment}" if row.comment else ""
    )


def minutes_scale_text(record) -> str:
    """The minutes' "Safety scale" section: for each child, each danger statement's scores, and
    any overall scores recorded before per-danger scaling."""
    if record is None:
        return ""
    conference = record.conference
    children = [
        link.child for link in conference.conference_children.select_related("child").order_by("pk")
    ]
    dangers = list(
        DangerStatement.objects.filter(record=record)
        .select_related("safety_goal")
        .order_by("position")
    )
    scales = conference_scales(record, children, dangers)
    parts = []
    for entry in scales.children:
        if not entry.has_scores:
            continue
        lines = [f"{entry.child.legal_name}:"]
        for scale in entry.scales:
            if scale.scores:
                lines.append(
                    f"Danger statement {scale.danger_statement.position} "
                    f"({scale.danger_statement.statement}):"
                )
                lines += [_score_line(row) for row in scale.scores]
        parts.append("\n".join(lines))
    if scales.overall:
        parts.append(f"{OVERALL_LABEL}:\n" + "\n".join(_score_line(row) for row in scales.overall))
    return "\n\n".join(parts)
