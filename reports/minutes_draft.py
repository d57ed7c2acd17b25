"""The draft minutes start from the conference's record (issue 18 item 4).

When the minute taker (or the chair) starts the minutes, each section is written from what the
conference recorded: who attended, the Signs of Safety record, the danger statements with their
safety goals and every participant's scores (per danger statement, per child), the social
worker's recommendation and each professional's view, any dissent, the chair's decision with its
rationale, the plan (the outcomes for the child, the outline actions, the contingency plan) and
the dates already set (the first core group, the review, the visits, or the date an adjourned
conference reconvenes).

A section the record says nothing about reads "To be completed": the minute taker writes it, or
clears it. The minutes are not sent to the chair while any section still reads so
(`incomplete_sections`, used by reports.services.submit_minutes_to_chair and approve_minutes).

This module only reads; the writes stay in reports.services.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from conferences.models import (
    ATTENDED_STATUSES,
    AttendanceStatus,
    ChairDecisionKind,
    ChildDecision,
    Conference,
    DangerStatement,
    DecisionOutcome,
    DecisionStatus,
    SignsOfSafetyRecord,
)
from conferences.scaling import minutes_scale_text
from core.templatetags.govuk import govuk_date, govuk_datetime
from coreGroups.models import CoreGroupMeeting, MeetingStatus
from timescales.models import Deadline, RuleCode
from voice.models import ChildVoice

TO_BE_COMPLETED = "To be completed"

ATTENDANCE = "Attendance and apologies"
WORRIES = "The worries"
WORKING_WELL = "What is working well"
DANGERS = "Danger statements and safety goals"
SCALE = "Safety scale"
CHILDS_VIEWS = "The child's views"
VIEWS = "Views"
DISSENT = "Dissent"
DECISION = "Decision"
PLAN = "The plan"
DATES = "Dates"
PROFESSIONAL_SLOT_HEADING = "Professionals-only discussion"

MINUTES_HEADINGS = (
    ATTENDANCE,
    WORRIES,
    WORKING_WELL,
    DANGERS,
    SCALE,
    CHILDS_VIEWS,
    VIEWS,
    DISSENT,
    DECISION,
    PLAN,
    DATES,
)
# The professionals-only discussion (when the chair agreed a slot) comes before the views.
SLOT_BEFORE = VIEWS


def _join(*parts, sep: str = "\n\n") -> str:
    return sep.join(part for part in parts if part)


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --- Reading the record ------------------------------------------------------------------------


@dataclass
class ConferenceRecord:
    """Everything the draft is written from, read once."""

    conference: Conference
    record: SignsOfSafetyRecord | None
    dangers: list
    decisions: list
    deadlines: dict  # (content type id, object id, rule) -> due date
    meetings: dict  # plan id -> first planned or held core group meeting


def _deadlines_for(plans, child_in_need_plans) -> dict:
    wanted = []
    if plans:
        wanted.append(
            (
                ContentType.objects.get_for_model(type(plans[0])),
                [plan.pk for plan in plans],
                [RuleCode.CG_FIRST, RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT],
            )
        )
    if child_in_need_plans:
        wanted.append(
            (
                ContentType.objects.get_for_model(type(child_in_need_plans[0])),
                [plan.pk for plan in child_in_need_plans],
                [RuleCode.CIN_REVIEW],
            )
        )
    found = {}
    for content_type, ids, rules in wanted:
        rows = Deadline.objects.filter(
            subject_type=content_type, subject_id__in=ids, rule__in=rules
        ).order_by("due_on", "pk")
        for row in rows:
            found.setdefault((content_type.pk, row.subject_id, row.rule), row.due_on)
    return found


def _first_meetings(plans) -> dict:
    first = {}
    meetings = CoreGroupMeeting.objects.filter(
        plan__in=plans, status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD]
    ).order_by("held_at", "pk")
    for meeting in meetings:
        first.setdefault(meeting.plan_id, meeting)
    return first


def read_record(conference: Conference) -> ConferenceRecord:
    record = SignsOfSafetyRecord.objects.filter(conference=conference).first()
    dangers = list(
        DangerStatement.objects.filter(record__conference=conference)
        .select_related("safety_goal")
        .order_by("position")
    )
    decisions = list(
        ChildDecision.objects.filter(conference=conference)
        .select_related(
            "child",
            "child_protection_plan",
            "child_protection_plan__next_review_conference",
            "child_in_need_plan",
        )
        .prefetch_related("views", "actions")
        .order_by("child__date_of_birth", "child_id")
    )
    plans = [d.child_protection_plan for d in decisions if d.child_protection_plan_id]
    child_in_need_plans = [d.child_in_need_plan for d in decisions if d.child_in_need_plan_id]
    return ConferenceRecord(
        conference=conference,
        record=record,
        dangers=dangers,
        decisions=decisions,
        deadlines=_deadlines_for(plans, child_in_need_plans),
        meetings=_first_meetings(plans) if plans else {},
    )


# --- The sections --------------------------------------------------------------------------------


def attendance_text(conference) -> str:
    groups = {"attended": [], "apologies": [], "did_not_attend": []}
    for row in conference.attendance.select_related("agency").order_by("pk"):
        described = ", ".join(p for p in (row.name, row.capacity, row.agency_name) if p)
        if row.status == AttendanceStatus.PART:
            described += " (not the professionals-only part)"
        if row.status in ATTENDED_STATUSES:
            groups["attended"].append(described)
        elif row.status == AttendanceStatus.APOLOGIES:
            groups["apologies"].append(described)
        elif row.status == AttendanceStatus.DID_NOT_ATTEND:
            groups["did_not_attend"].append(described)
    parts = []
    for key, title in (
        ("attended", "Present"),
        ("apologies", "Apologies"),
        ("did_not_attend", "Did not attend"),
    ):
        if groups[key]:
            parts.append(title + ":\n" + _bullets(groups[key]))
    return "\n\n".join(parts)


def _worries_text(record) -> str:
    if record is None:
        return ""
    return _join(
        record.worried_about_harm,
        f"Complicating factors: {record.complicating_factors}"
        if record.complicating_factors
        else "",
    )


def _dangers_text(dangers) -> str:
    lines = []
    for danger in dangers:
        lines.append(f"Danger statement {danger.position}: {danger.statement}")
        goal = getattr(danger, "safety_goal", None)
        if goal is not None:
            lines.append(f"Safety goal {danger.position}: {goal.goal}")
    return "\n".join(lines)


def _childs_views_text(conference) -> str:
    """Each child's views in their own words, or why they were not sought, and how the child
    took part (issue 21: a section of its own, per child)."""
    voices = {voice.child_id: voice for voice in ChildVoice.objects.filter(conference=conference)}
    parts = []
    for link in conference.conference_children.select_related("child").order_by(
        "child__date_of_birth", "child_id"
    ):
        child, voice = link.child, voices.get(link.child_id)
        if child.is_unborn:
            continue
        if voice is None or not voice.has_views:
            return ""  # a child's views are missing: to be completed
        lines = [
            f"{child.legal_name}: {voice.views}"
            if voice.views
            else f"{child.legal_name}'s views were not sought because: "
            f"{voice.views_not_sought_reason}"
        ]
        if voice.participation:
            took_part = voice.get_participation_display()
            if voice.participation_reason:
                took_part += f" ({voice.participation_reason})"
            lines.append(f"How {child.legal_name} took part: {took_part}.")
        if voice.advocate_name:
            lines.append(
                f"Advocate: {voice.advocate_name}, {voice.advocate_organisation} "
                f"({voice.get_advocate_part_display().lower()})."
            )
        parts.append("\n".join(lines))
    if not parts:
        return "The child is not born yet."
    return "\n\n".join(parts)


def _view_line(view) -> str:
    who = f"{view.name} ({view.role})" if view.role else view.name
    what = view.get_view_display()
    if view.view == DecisionOutcome.CHILD_PROTECTION_PLAN and view.category:
        what += f" under the category of {view.get_category_display().lower()}"
    return f"{who}: {what}" + (" (dissents from the decision)" if view.dissent else "")


def _views_text(decisions) -> str:
    parts = []
    for decision in decisions:
        lines = []
        if decision.recommendation:
            # recommendation_by is who recorded it (the chair or minute taker), not who gave it.
            lines.append(f"The social worker recommended: {decision.get_recommendation_display()}")
        lines += [_view_line(view) for view in decision.views.all()]
        if lines:
            parts.append(f"{decision.child.legal_name}:\n" + _bullets(lines))
    return "\n\n".join(parts)


def _dissent_text(decisions) -> str:
    """Each dissent with its reason, and an overruled majority; a plain statement that nobody
    dissented once views were recorded; nothing (to be completed) when none were."""
    if not any(decision.views.all() for decision in decisions):
        return ""
    parts = []
    for decision in decisions:
        lines = [
            f"{view.name}{f' ({view.role})' if view.role else ''}: {view.dissent_reason}"
            for view in decision.views.all()
            if view.dissent
        ]
        if decision.overrode_majority:
            lines.append(f"The chair overruled the majority: {decision.overrule_reason}")
        if lines:
            parts.append(f"{decision.child.legal_name}:\n" + _bullets(lines))
    return "\n\n".join(parts) or "Nobody dissented from the decision."


def _outcome_text(decision) -> str:
    text = decision.get_outcome_display()
    if decision.outcome == DecisionOutcome.CHILD_PROTECTION_PLAN and decision.category:
        text += f" under the category of {decision.get_category_display().lower()}"
    return text


def _decision_text(conference, decisions) -> str:
    parts = []
    for decision in decisions:
        if not decision.outcome:
            continue
        state = "" if decision.status == DecisionStatus.FINALISED else " (not finalised)"
        lines = [f"{decision.child.legal_name}: {_outcome_text(decision)}{state}."]
        if decision.secondary_factor_labels:
            lines.append("Other factors: " + ", ".join(decision.secondary_factor_labels) + ".")
        if decision.rationale:
            lines.append(f"The chair's reasons: {decision.rationale}")
        if decision.interim_plan:
            lines.append("The child is on an interim plan until the conference reconvenes.")
        parts.append("\n".join(lines))
    if conference.adjourned_at is not None and conference.adjourned_reason:
        parts.append(f"The conference adjourned: {conference.adjourned_reason}")
    return "\n\n".join(parts)


def _action_line(action) -> str:
    line = f"{action.who}: {action.what}"
    if action.by_when:
        line += f", by {govuk_date(action.by_when)}"
    if action.danger_statement_position:
        line += f" (towards danger statement {action.danger_statement_position})"
    return line


def _plan_text(record, decisions) -> str:
    parts = []
    for decision in decisions:
        if not decision.outcome:
            continue
        name = decision.child.legal_name
        if decision.outcome != DecisionOutcome.CHILD_PROTECTION_PLAN:
            parts.append(f"{name}: no child protection plan ({_outcome_text(decision).lower()}).")
            continue
        plan = decision.child_protection_plan
        outcomes = decision.outcomes_for_child or (plan.outcomes_for_child if plan else "")
        contingency = decision.contingency_plan or (plan.contingency_plan if plan else "")
        lines = [f"{name}:"]
        if outcomes:
            lines.append(f"Outcomes for the child: {outcomes}")
        actions = list(decision.actions.all())
        if actions:
            lines.append("Actions:\n" + _bullets(_action_line(action) for action in actions))
        if contingency:
            lines.append(f"Contingency plan: {contingency}")
        parts.append("\n".join(lines))
    if not any(decision.outcome for decision in decisions):
        parts.append(TO_BE_COMPLETED)  # the conference has not decided on a plan yet
    if record is not None:
        parts.append(
            _join(
                f"Next steps: {record.next_steps}" if record.next_steps else "",
                f"What needs to happen: {record.needs_to_happen}" if record.needs_to_happen else "",
                f"Contingency plan agreed at the conference: {record.contingency_plan}"
                if record.contingency_plan
                else "",
            )
        )
    return _join(*parts)


def _plan_dates(read: ConferenceRecord, decision) -> list[str]:
    plan = decision.child_protection_plan
    plan_type = ContentType.objects.get_for_model(type(plan)).pk
    lines = []
    meeting = read.meetings.get(plan.pk)
    due = read.deadlines.get((plan_type, plan.pk, RuleCode.CG_FIRST))
    if meeting is not None:
        lines.append(f"First core group meeting: {govuk_datetime(meeting.held_at)}")
    elif due:
        lines.append(f"First core group meeting: by {govuk_date(due)}")
    review = plan.next_review_conference
    review_due = plan.next_review_due or read.deadlines.get(
        (plan_type, plan.pk, RuleCode.RCPC_NEXT)
    )
    review_due = review_due or read.deadlines.get((plan_type, plan.pk, RuleCode.RCPC_FIRST))
    if review is not None and review.starts_at and review.pk != read.conference.pk:
        lines.append(f"Review conference: {govuk_datetime(review.starts_at)}")
    elif review_due:
        lines.append(f"Review conference: by {govuk_date(review_due)}")
    lines.append(
        f"Social work visits: at least every {plan.visit_frequency_working_days} working days"
    )
    return lines


def _dates_text(read: ConferenceRecord) -> str:
    conference = read.conference
    parts = []
    if conference.starts_at:
        parts.append(f"The conference: {govuk_date(timezone.localdate(conference.starts_at))}")
    if conference.adjourned_at is not None and conference.reconvene_by:
        parts.append(f"The conference reconvenes by {govuk_date(conference.reconvene_by)}")
    for decision in read.decisions:
        name = decision.child.legal_name
        if decision.child_protection_plan_id:
            parts.append(f"{name}:\n" + _bullets(_plan_dates(read, decision)))
        elif decision.child_in_need_plan_id:
            plan = decision.child_in_need_plan
            plan_type = ContentType.objects.get_for_model(type(plan)).pk
            due = read.deadlines.get((plan_type, plan.pk, RuleCode.CIN_REVIEW))
            if due:
                parts.append(f"{name}:\n- First Child in Need review: by {govuk_date(due)}")
    decided = [d for d in read.decisions if d.status == DecisionStatus.FINALISED]
    if len(parts) <= 1 and not (decided and len(decided) == len(read.decisions)):
        return ""  # nothing set yet beyond the conference's own date: to be completed
    return "\n\n".join(parts)


def draft_sections(conference: Conference) -> list[dict]:
    """The sections of new minutes, in order: heading, text and whether the family may see it.
    Text comes from the record; a section the record says nothing about reads "To be
    completed"."""
    read = read_record(conference)
    record, decisions = read.record, read.decisions
    texts = {
        ATTENDANCE: attendance_text(conference),
        WORRIES: _worries_text(record),
        WORKING_WELL: record.working_well if record is not None else "",
        DANGERS: _dangers_text(read.dangers),
        SCALE: minutes_scale_text(record),
        CHILDS_VIEWS: _childs_views_text(conference),
        VIEWS: _views_text(decisions),
        DISSENT: _dissent_text(decisions),
        DECISION: _decision_text(conference, decisions),
        PLAN: _plan_text(record, decisions),
        DATES: _dates_text(read),
    }
    sections = [
        {"heading": heading, "text": texts[heading].strip() or TO_BE_COMPLETED}
        for heading in MINUTES_HEADINGS
    ]
    for section in sections:
        section["family_may_see"] = True
    slots = [
        decision
        for decision in conference.chair_decisions.all()
        if decision.kind == ChairDecisionKind.PROFESSIONAL_SLOT and decision.agreed
    ]
    if slots:
        about = "; ".join(d.about for d in slots if d.about)
        sections.insert(
            MINUTES_HEADINGS.index(SLOT_BEFORE),
            {
                "heading": PROFESSIONAL_SLOT_HEADING,
                "text": f"{about}\n\n{TO_BE_COMPLETED}" if about else TO_BE_COMPLETED,
                "family_may_see": False,
            },
        )
    return sections


# --- Completeness --------------------------------------------------------------------------------


def incomplete_sections(sections) -> list[tuple[int, str]]:
    """(index, heading) of each section (in order) whose text still reads "To be completed"."""
    return [
        (index, section.heading)
        for index, section in enumerate(sections)
        if TO_BE_COMPLETED.lower() in (section.text or "").lower()
    ]


def incomplete_message(heading: str) -> str:
    return f"Complete the section “{heading}”: it still says “{TO_BE_COMPLETED}”"


def refilled_text(stored: str, fresh: str) -> str | None:
    """The text an untouched section takes now the record holds more: `fresh` when `stored`
    still says "To be completed", `fresh` no longer does, and nothing the minute taker wrote
    would be lost (everything else in `stored` is in `fresh`). Otherwise None: leave it."""
    if TO_BE_COMPLETED not in stored or TO_BE_COMPLETED in fresh:
        return None
    rest = [part.strip() for part in stored.split(TO_BE_COMPLETED) if part.strip()]
    if all(part in fresh for part in rest):
        return fresh
    return None
