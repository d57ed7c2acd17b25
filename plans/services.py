"""Business actions on plans. Keyword-only arguments, one transaction each, and a PlanError with a
plain-English message (and the form field it belongs to) when a rule forbids the action.

A conference decision starts a child protection plan (start_child_protection_plan) or a Child in
Need plan (start_child_in_need_plan); a review continues a plan (continue_plan_at_review). What a
conference set (danger statements and safety goals) is changed only with a conference that is
being held or was held for the plan's child (amend_conference_danger_statement); the core group
adds danger statements and actions (add_core_group_danger_statement, add_action).

Visits. The authority's VISIT policy (10 working days) is the longest a plan may go between visits;
a conference may set a shorter frequency for the plan. timescales.services.open_deadline always
applies the policy, so `_open_visit_deadline` opens VISIT through it and then, when the plan's
frequency is shorter, brings that one deadline's due date forward to the plan's frequency
(computed with timescales.services.compute_due, the same working-day calendar) and records the
frequency as the deadline's policy value, with a history reason. A later `open_deadline(value=)`
in timescales would make this a single call.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from children.models import Child
from conferences.models import Conference, ConferenceChild, ConferenceStatus

from .models import (
    MAX_CONFERENCE_DANGER_STATEMENTS,
    MAX_VISIT_FREQUENCY,
    MIN_VISIT_FREQUENCY,
    ActionStatus,
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanCategory,
    PlanCategoryChange,
    PlanDangerStatement,
    PlanStatus,
    SecondaryFactor,
    Source,
)

REVIEW_RULES = ("RCPC_FIRST", "RCPC_NEXT")


class PlanError(Exception):
    """A rule forbids the action; the message is plain English for the page."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Checks shared by the services ---------------------------------------------------------------


def _saved(instance, by):
    """Save with `by` as the history user: services also run outside a request."""
    instance._history_user = by
    instance.save()
    return instance


def _conference_is_being_held_or_held(conference: Conference) -> bool:
    if conference.status == ConferenceStatus.HELD:
        return True
    return conference.status == ConferenceStatus.BOOKED and conference.started_at is not None


def _require_conference_for_child(conference: Conference, child: Child, action: str) -> None:
    if conference is None:
        raise PlanError(f"Only a conference can {action}", field="conference")
    if not _conference_is_being_held_or_held(conference):
        raise PlanError(
            f"Only a conference that is being held or was held can {action}", field="conference"
        )
    if not ConferenceChild.objects.filter(conference=conference, child=child).exists():
        raise PlanError(f"This conference is not about {child.legal_name}", field="conference")


def _require_chair(conference: Conference, by, action: str) -> None:
    if by is None or conference.chair_id != by.pk:
        raise PlanError(f"Only the conference's chair can {action}")


def _clean_category(category) -> str:
    if category not in PlanCategory.values:
        raise PlanError("Select the category of the plan", field="category")
    return category


def _clean_secondary_factors(factors: Iterable) -> list[str]:
    factors = list(dict.fromkeys(factors or ()))
    unknown = [factor for factor in factors if factor not in SecondaryFactor.values]
    if unknown:
        raise PlanError(
            f"{', '.join(map(str, unknown))} is not a secondary factor", field="secondary_factors"
        )
    return factors


def _clean_danger_statements(danger_statements: Sequence) -> list[tuple[str, str]]:
    cleaned = []
    for statement, goal in danger_statements:
        statement, goal = (statement or "").strip(), (goal or "").strip()
        if not statement:
            raise PlanError("Enter the danger statement", field="danger_statements")
        if not goal:
            raise PlanError(
                "Enter the safety goal for each danger statement", field="danger_statements"
            )
        cleaned.append((statement, goal))
    if len(cleaned) > MAX_CONFERENCE_DANGER_STATEMENTS:
        raise PlanError(
            f"A conference can set at most {MAX_CONFERENCE_DANGER_STATEMENTS} danger statements",
            field="danger_statements",
        )
    return cleaned


def _member_name(member: dict) -> str:
    name = (member.get("name") or "").strip()
    if not name and member.get("user") is not None:
        name = member["user"].full_name
    if not name and member.get("person") is not None:
        name = member["person"].full_name
    if not name:
        raise PlanError("Enter the name of each core group member", field="core_group_members")
    return name


def _may_act_for_core_group(plan: ChildProtectionPlan, by) -> bool:
    """The child's lead social worker (who leads the core group), their team manager, or an
    active member of the plan's core group who signs in."""
    if by is None or not by.is_authenticated:
        return False
    worker = plan.child.lead_social_worker
    if worker is not None and (
        by.pk in (worker.pk, worker.line_manager_id)
        or (worker.team_id and worker.team.manager_id == by.pk)
    ):
        return True
    return plan.core_group_members.filter(user=by, is_active=True).exists()


def _locked_active_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    locked = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.ACTIVE:
        raise PlanError("This plan has ended")
    return locked


# --- Deadlines -------------------------------------------------------------------------------------


def _open_visit_deadline(*, plan: ChildProtectionPlan, start: datetime.date, responsible):
    """VISIT through the policy, brought forward to the plan's own frequency when it is shorter
    (see the module docstring)."""
    from timescales import services as timescale_services
    from timescales.models import DeadlineStatus, RuleCode, Unit

    deadline = timescale_services.open_deadline(
        rule=RuleCode.VISIT, subject=plan, start=start, responsible=responsible, child=plan.child
    )
    frequency = plan.visit_frequency_working_days
    if (
        deadline.status == DeadlineStatus.OPEN
        and deadline.policy_unit == Unit.WORKING_DAYS
        and frequency < deadline.policy_value
    ):
        deadline.due_on, deadline.due_at = timescale_services.compute_due(
            value=frequency,
            unit=Unit.WORKING_DAYS,
            direction=deadline.policy_direction,
            start=start,
        )
        deadline.policy_value = frequency
        deadline._change_reason = f"The plan's visiting frequency: every {frequency} working days"
        deadline.save()
    return deadline


def _open_review_deadline(*, plan, rule: str, start, conference, responsible):
    from timescales import services as timescale_services

    deadline = timescale_services.open_deadline(
        rule=rule,
        subject=plan,
        start=start,
        responsible=responsible,
        child=plan.child,
        chair=conference.chair,
    )
    plan.next_review_due = deadline.due_on
    return deadline


# --- Starting a child protection plan -----------------------------------------------------------


def start_child_protection_plan(
    *,
    child: Child,
    conference: Conference,
    started_on: datetime.date,
    category: str,
    secondary_factors: Iterable[str] = (),
    danger_statements: Sequence[tuple[str, str]] = (),
    core_group_members: Sequence[dict] = (),
    outline_actions: Sequence[dict] = (),
    contingency_plan: str = "",
    visit_frequency_working_days: int = MAX_VISIT_FREQUENCY,
    first_review_rule: str = "RCPC_FIRST",
    outcomes_for_child: str = "",
    by,
) -> ChildProtectionPlan:
    """The chair's decision that the child needs a child protection plan: the plan with the
    conference's danger statements and safety goals, core group, outline actions and contingency
    plan. Opens CG_FIRST (10 working days), the review (RCPC_FIRST at 3 months after an initial
    conference, RCPC_NEXT at 6 months after a review), VISIT and LONG_PLAN (24 months), each with
    the plan as subject and the child's lead social worker responsible.

    A child already on an active plan is refused; a child who had a plan before gets a second
    or subsequent plan, with the date the last one ended.
    """
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    action = "start a child protection plan"
    _require_conference_for_child(conference, child, action)
    _require_chair(conference, by, action)
    category = _clean_category(category)
    factors = _clean_secondary_factors(secondary_factors)
    statements = _clean_danger_statements(danger_statements)
    if first_review_rule not in REVIEW_RULES:
        raise PlanError("The first review is RCPC_FIRST or RCPC_NEXT", field="first_review_rule")
    if not (MIN_VISIT_FREQUENCY <= int(visit_frequency_working_days) <= MAX_VISIT_FREQUENCY):
        raise PlanError(
            "Visits are at least every 10 working days: enter a number from 1 to 10",
            field="visit_frequency_working_days",
        )
    if conference.starts_at and started_on < timezone.localdate(conference.starts_at):
        raise PlanError("A plan cannot start before the conference", field="started_on")
    members = [dict(member, name=_member_name(member)) for member in core_group_members]
    for action_row in outline_actions:
        if not (action_row.get("what") or "").strip() or not (action_row.get("who") or "").strip():
            raise PlanError("Enter what is to happen and who does it", field="outline_actions")
        index = action_row.get("danger_statement_index")
        if index is not None and not 0 <= index < len(statements):
            raise PlanError("An action refers to a danger statement that is not there")

    try:
        with transaction.atomic():
            locked_child = (
                Child.objects.select_for_update(of=("self",))
                .select_related("lead_social_worker", "lead_social_worker__team")
                .get(pk=child.pk)
            )
            if ChildProtectionPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} already has an active child protection plan"
                )
            # An interim plan (issue 17) was never a plan: it neither counts as an earlier plan
            # nor is a second record made; the same record becomes the plan (plans.interim).
            interim = (
                ChildProtectionPlan.objects.select_for_update()
                .filter(child=locked_child, status=PlanStatus.INTERIM)
                .first()
            )
            previous_end = (
                ChildProtectionPlan.objects.reportable()
                .filter(child=locked_child, status=PlanStatus.ENDED)
                .aggregate(last=Max("ended_on"))["last"]
            )
            had_plan = (
                previous_end is not None
                or ChildProtectionPlan.objects.reportable().filter(child=locked_child).exists()
            )
            fields = {
                "child": locked_child,
                "started_on": started_on,
                "started_by_conference": conference,
                "category": category,
                "secondary_factors": factors,
                "is_subsequent": had_plan,
                "previous_plan_ended_on": previous_end,
                "contingency_plan": contingency_plan.strip(),
                "outcomes_for_child": (outcomes_for_child or "").strip(),
                "visit_frequency_working_days": int(visit_frequency_working_days),
                "created_by": by,
            }
            if interim is not None:
                from .interim import made_from_interim

                plan = _saved(made_from_interim(interim, conference, **fields), by)
            else:
                plan = _saved(ChildProtectionPlan(**fields), by)
            _saved(
                PlanCategoryChange(
                    plan=plan,
                    to_category=category,
                    conference=conference,
                    changed_on=started_on,
                    recorded_by=by,
                ),
                by,
            )
            now = timezone.now()
            made = [
                _saved(
                    PlanDangerStatement(
                        plan=plan,
                        text=text,
                        safety_goal=goal,
                        position=position,
                        source=Source.CONFERENCE,
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )
                for position, (text, goal) in enumerate(statements, start=1)
            ]
            for member in members:
                _saved(
                    CoreGroupMember(
                        plan=plan,
                        name=member["name"],
                        role=(member.get("role") or "").strip(),
                        user=member.get("user"),
                        person=member.get("person"),
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )
            for row in outline_actions:
                index = row.get("danger_statement_index")
                _saved(
                    PlanAction(
                        plan=plan,
                        danger_statement=made[index] if index is not None else None,
                        what=row["what"].strip(),
                        who=row["who"].strip(),
                        responsible=row.get("responsible"),
                        by_when=row.get("by_when"),
                        source=Source.CONFERENCE,
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )

            worker = locked_child.lead_social_worker
            team = worker.team if worker is not None else None
            timescale_services.open_deadline(
                rule=RuleCode.CG_FIRST,
                subject=plan,
                start=started_on,
                responsible=worker,
                team=team,
                child=locked_child,
            )
            _open_review_deadline(
                plan=plan,
                rule=first_review_rule,
                start=started_on,
                conference=conference,
                responsible=worker,
            )
            _open_visit_deadline(plan=plan, start=started_on, responsible=worker)
            timescale_services.open_deadline(
                rule=RuleCode.LONG_PLAN,
                subject=plan,
                start=started_on,
                responsible=worker,
                team=team,
                child=locked_child,
            )
            # The denormalised review date, without a second history row for the same action.
            ChildProtectionPlan.objects.filter(pk=plan.pk).update(
                next_review_due=plan.next_review_due
            )
            return plan
    except IntegrityError as error:
        # Two requests racing past the check: the partial unique index refuses the second.
        if ChildProtectionPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
            raise PlanError(
                f"{child.legal_name} already has an active child protection plan"
            ) from error
        raise


# --- Reviews ---------------------------------------------------------------------------------------


def continue_plan_at_review(
    *,
    plan: ChildProtectionPlan,
    conference: Conference,
    held_on: datetime.date,
    category: str | None = None,
    secondary_factors: Iterable[str] | None = None,
    contingency_plan: str | None = None,
    outcomes_for_child: str | None = None,
    by,
) -> ChildProtectionPlan:
    """A review conference decides the plan continues (with a new category, if it changes it):
    the review deadline is met on `held_on` (on time or late) and RCPC_NEXT opens, 6 months on.
    Nothing the plan holds is cleared by a blank: no (or a blank) category, no secondary
    factors, and a blank contingency plan or outcomes for the child keep the plan's."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    action = "continue a child protection plan"
    _require_conference_for_child(conference, plan.child, action)
    _require_chair(conference, by, action)
    if conference.pk == plan.started_by_conference_id:
        raise PlanError("A plan is continued by a review conference, not the one that started it")
    category = _clean_category(category) if category not in (None, "") else None
    factors = _clean_secondary_factors(secondary_factors) if secondary_factors is not None else None
    contingency_plan = (contingency_plan or "").strip()
    outcomes_for_child = (outcomes_for_child or "").strip()
    if held_on < plan.started_on:
        raise PlanError("A review cannot be held before the plan started", field="held_on")

    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if category is not None and category != locked.category:
            _saved(
                PlanCategoryChange(
                    plan=locked,
                    from_category=locked.category,
                    to_category=category,
                    conference=conference,
                    changed_on=held_on,
                    recorded_by=by,
                ),
                by,
            )
            locked.category = category
        if factors is not None:
            locked.secondary_factors = factors
        if contingency_plan:
            locked.contingency_plan = contingency_plan
        if outcomes_for_child:
            locked.outcomes_for_child = outcomes_for_child
        for rule in REVIEW_RULES:
            timescale_services.meet_deadline(rule=rule, subject=locked, met_on=held_on)
        _open_review_deadline(
            plan=locked,
            rule=RuleCode.RCPC_NEXT,
            start=held_on,
            conference=conference,
            responsible=locked.child.lead_social_worker,
        )
        locked.reviews_held += 1
        _saved(locked, by)
        # The drift review is raised before the third review, not at it (plans.drift).
        return locked


# --- Child in Need plans ---------------------------------------------------------------------------


def start_child_in_need_plan(
    *,
    child: Child,
    conference: Conference | None = None,
    started_on: datetime.date,
    from_plan: ChildProtectionPlan | None = None,
    by,
) -> ChildInNeedPlan:
    """A Child in Need plan: decided by a conference, or a step down from an ended child
    protection plan. Either way it opens CIN_REVIEW: the first review within 20 working days
    (issue 17 item 9: a conference's Child in Need decision is followed up like a step down)."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    if conference is not None:
        action = "start a Child in Need plan"
        _require_conference_for_child(conference, child, action)
        _require_chair(conference, by, action)
    if from_plan is not None:
        if from_plan.child_id != child.pk:
            raise PlanError("The plan it steps down from is another child's", field="from_plan")
        if from_plan.status != PlanStatus.ENDED:
            raise PlanError(
                "End the child protection plan before stepping down to a Child in Need plan",
                field="from_plan",
            )
        if from_plan.ended_on and started_on < from_plan.ended_on:
            raise PlanError(
                "A step-down plan starts on or after the day the plan ended", field="started_on"
            )

    try:
        with transaction.atomic():
            locked_child = (
                Child.objects.select_for_update(of=("self",))
                .select_related("lead_social_worker", "lead_social_worker__team")
                .get(pk=child.pk)
            )
            if ChildProtectionPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} is on a child protection plan: end it before "
                    "starting a Child in Need plan"
                )
            if ChildInNeedPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} already has an active Child in Need plan"
                )
            plan = _saved(
                ChildInNeedPlan(
                    child=locked_child,
                    started_on=started_on,
                    started_by_conference=conference,
                    from_plan=from_plan,
                    created_by=by,
                ),
                by,
            )
            timescale_services.open_deadline(
                rule=RuleCode.CIN_REVIEW,
                subject=plan,
                start=started_on,
                responsible=locked_child.lead_social_worker,
                child=locked_child,
            )
            return plan
    except IntegrityError as error:
        if ChildInNeedPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
            raise PlanError(
                f"{child.legal_name} already has an active Child in Need plan"
            ) from error
        raise


# --- What a conference set, and what the core group adds ----------------------------------------


def amend_conference_danger_statement(
    *, statement: PlanDangerStatement, conference: Conference, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """A conference changes a danger statement or its safety goal. Nothing else may: without a
    conference that is being held or was held for the plan's child (not before the plan
    started), recorded by its chair or minute taker, this is refused whatever
    the user's role."""
    plan = statement.plan
    _require_conference_for_child(conference, plan.child, "change a danger statement")
    if by is None or by.pk not in {conference.chair_id, conference.minute_taker_id} - {None}:
        raise PlanError("Only the conference's chair or minute taker can record the change")
    if conference.starts_at and timezone.localdate(conference.starts_at) < plan.started_on:
        raise PlanError("A conference held before the plan started cannot change it")
    text, safety_goal = (text or "").strip(), (safety_goal or "").strip()
    if not text:
        raise PlanError("Enter the danger statement", field="text")
    if not safety_goal:
        raise PlanError("Enter the safety goal", field="safety_goal")

    with transaction.atomic():
        _locked_active_plan(plan)
        locked = PlanDangerStatement.objects.select_for_update().get(pk=statement.pk)
        locked.text, locked.safety_goal = text, safety_goal
        if locked.source == Source.CONFERENCE:
            locked.set_by_conference = conference
        locked._amending_conference = conference
        locked._change_reason = f"Changed by the conference {conference.pk}"
        try:
            return _saved(locked, by)
        finally:
            # The permission is for this one save: the instance handed back carries none.
            del locked._amending_conference


def _require_core_group(plan: ChildProtectionPlan, by) -> None:
    if not _may_act_for_core_group(plan, by):
        raise PlanError(
            "Only the lead social worker, their team manager or a member of the core group can "
            "add to the plan"
        )


def add_core_group_danger_statement(
    *, plan: ChildProtectionPlan, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """The core group adds a danger statement with its safety goal (numbered after the
    conference's four places); it never changes or removes what a conference set."""
    text, safety_goal = (text or "").strip(), (safety_goal or "").strip()
    if not text:
        raise PlanError("Enter the danger statement", field="text")
    if not safety_goal:
        raise PlanError("Enter the safety goal", field="safety_goal")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_core_group(locked, by)
        last = locked.danger_statements.aggregate(last=Max("position"))["last"] or 0
        return _saved(
            PlanDangerStatement(
                plan=locked,
                text=text,
                safety_goal=safety_goal,
                position=max(last, MAX_CONFERENCE_DANGER_STATEMENTS) + 1,
                source=Source.CORE_GROUP,
                added_by=by,
            ),
            by,
        )


def add_action(
    *,
    plan: ChildProtectionPlan,
    what: str,
    who: str,
    by_when: datetime.date | None = None,
    danger_statement: PlanDangerStatement | None = None,
    responsible=None,
    by,
) -> PlanAction:
    """The core group adds an action: who does what by when, linked to a danger statement."""
    what, who = (what or "").strip(), (who or "").strip()
    if not what:
        raise PlanError("Enter what is to happen", field="what")
    if not who:
        raise PlanError("Enter who will do it", field="who")
    if danger_statement is not None and danger_statement.plan_id != plan.pk:
        raise PlanError("Select a danger statement of this plan", field="danger_statement")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_core_group(locked, by)
        return _saved(
            PlanAction(
                plan=locked,
                danger_statement=danger_statement,
                what=what,
                who=who,
                by_when=by_when,
                responsible=responsible,
                status=ActionStatus.NOT_STARTED,
                source=Source.CORE_GROUP,
                added_by=by,
            ),
            by,
        )


# --- Ending a plan (issue 7 part 6) ---------------------------------------------------------------
# Only a review conference ends a plan because the child is no longer at risk, and the authority's
# policy holds there: a neglect plan is not ended at its first review; ending at the first review
# needs the service manager's agreement. The first review is the plan's first review conference:
# no review deadline of the plan (RCPC_FIRST, RCPC_NEXT) has been met yet. The other endings
# (moved away after the receiving authority's transfer-in conference, reached 18, died, left the
# UK, other) need no conference. Ending withdraws the plan's live deadlines (a review ending meets
# the review first), emails everyone invited to the initial conference (PlanNotice rows say who),
# and records what follows: a step-down Child in Need plan (CIN_REVIEW, 20 working days) or Early
# Help. The social worker's end recommendation meets END_NOTICE on the review conference (opened
# from its booked time, 10 days before; see conferences.services "Reviews").

ENDED_BY_A_REVIEW_ONLY = "no_longer_at_risk"
# Issue 17 changed the endings outside a conference: "other" is no longer a reason, and the
# ending needs a manager's agreement. Their rules are in plans.ending. Who records one: the
# child's lead social worker or the conference service; a team or service manager agrees it.
ENDER_ROLES = ("social_worker", "conference_coordinator")


def _review_kinds():
    from conferences.models import ConferenceKind

    return (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)


def is_first_review(plan: ChildProtectionPlan) -> bool:
    """No review of the plan has been held yet: none of its review deadlines is met."""
    from django.contrib.contenttypes.models import ContentType

    from timescales.models import Deadline, DeadlineStatus

    return not Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
        rule__in=REVIEW_RULES,
        status__in=(DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE),
    ).exists()


def may_end_plan_outside_conference(plan: ChildProtectionPlan, by) -> bool:
    """The child's lead social worker or the conference service record the endings that need no
    conference (plans.ending; a manager's agreement is checked when the plan ends)."""
    from .ending import may_record_ending_outside_conference

    return may_record_ending_outside_conference(plan, by)


def _live_plan_deadlines(plan: ChildProtectionPlan) -> list:
    from django.contrib.contenttypes.models import ContentType

    from timescales.models import LIVE_STATUSES, Deadline

    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
            status__in=LIVE_STATUSES,
        ).order_by("pk")
    )


def _initial_invitees(plan: ChildProtectionPlan) -> list:
    """Everyone invited to the conference that started the plan, with an email address."""
    from conferences.models import Invitation

    seen, people = set(), []
    for invitation in Invitation.objects.filter(
        conference_id=plan.started_by_conference_id, is_active=True
    ).order_by("pk"):
        email = (invitation.email or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            people.append(invitation)
    return people


def _send_after_commit(messages: list) -> None:
    from django.core import mail

    if messages:
        transaction.on_commit(lambda: mail.get_connection().send_messages(messages))


def _email(subject: str, body: str, to: str):
    from django.conf import settings
    from django.core.mail import EmailMessage

    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def _ending_message(plan: ChildProtectionPlan, name: str) -> str:
    from core.templatetags.govuk import govuk_date

    lines = [
        f"Dear {name or 'colleague'},",
        "",
        f"The child protection plan for {plan.child.legal_name} ended on "
        f"{govuk_date(plan.ended_on)}.",
        f"Reason: {plan.get_end_reason_display()}.",
    ]
    if plan.step_down:
        lines.append(f"What follows: {plan.get_step_down_display()}.")
    lines += [
        "",
        "You are told because you were invited to the initial child protection conference.",
        "Please update your agency's records.",
    ]
    return "\n".join(lines)


def end_plan(
    *,
    plan: ChildProtectionPlan,
    reason: str,
    ended_on: datetime.date,
    by,
    conference: Conference | None = None,
    service_manager_agreement=None,
    step_down: str | None = None,
    receiving_authority: str = "",
    transfer_in_conference_on: datetime.date | None = None,
    note: str = "",
    manager_agreement=None,
    manager_agreed_on: datetime.date | None = None,
    significant_change: bool = False,
    significant_change_description: str = "",
) -> ChildProtectionPlan:
    """End the child protection plan (see the section comment for the rules). `step_down` is
    StepDown.CHILD_IN_NEED (starts the step-down plan, CIN_REVIEW in 20 working days),
    StepDown.EARLY_HELP, StepDown.NONE or None. `by` is None only for the sweep (reached 18).
    Outside a conference, `manager_agreement` (a team manager or service manager other than `by`)
    and `manager_agreed_on` record the agreement plans.ending asks for."""
    from accounts.models import RoleCode
    from timescales import services as timescale_services

    from . import ending
    from .models import PlanEndReason, PlanNotice, PlanNoticeKind, StepDown

    if reason not in PlanEndReason.values:
        raise PlanError("Select why the plan ends", field="reason")
    if step_down not in (None, "", *StepDown.values):
        raise PlanError("Select what follows the plan", field="step_down")
    note = (note or "").strip()
    receiving_authority = (receiving_authority or "").strip()
    if ended_on is None:
        raise PlanError("Enter the date the plan ends", field="ended_on")
    if ended_on < plan.started_on:
        raise PlanError("A plan cannot end before it started", field="ended_on")
    if by is not None and ended_on > timezone.localdate():
        raise PlanError("The date the plan ends cannot be in the future", field="ended_on")

    at_review = False
    if reason == PlanEndReason.NO_LONGER_AT_RISK:
        if conference is None or conference.kind not in _review_kinds():
            raise PlanError(
                "Only a review conference can end a plan because the child is no longer at risk",
                field="reason",
            )
        _require_conference_for_child(conference, plan.child, "end a child protection plan")
        _require_chair(conference, by, "end the plan at the review")
        if conference.pk == plan.started_by_conference_id:
            raise PlanError("A plan is ended by a review conference, not the one that started it")
        at_review = True
    elif conference is not None:
        raise PlanError(
            "A conference ends a plan only because the child is no longer at risk", field="reason"
        )
    else:
        # Outside a conference (issue 17): who records, the reason, the manager's agreement.
        ending.check_ending_outside_conference(
            plan=plan,
            reason=reason,
            ended_on=ended_on,
            by=by,
            receiving_authority=receiving_authority,
            transfer_in_conference_on=transfer_in_conference_on,
            manager_agreement=manager_agreement,
            manager_agreed_on=manager_agreed_on,
        )

    with transaction.atomic():
        locked = _locked_active_plan(plan)
        first_review = at_review and is_first_review(locked)
        significant_change = at_review and _significant_change(
            significant_change, significant_change_description
        )
        if first_review and locked.category == PlanCategory.NEGLECT and not significant_change:
            raise PlanError(
                "A neglect plan cannot end at its first review on improvement alone: the "
                "authority's policy asks for 6 months of sustained change. It may end there only "
                "on a significant change of circumstances (for example, the child now lives with "
                "a different family), recorded as such. The plan continues",
                field="significant_change",
            )
        if first_review:
            if service_manager_agreement is None:
                raise PlanError(
                    "Ending a plan at its first review needs the service manager's agreement: "
                    "select the service manager who agreed",
                    field="service_manager_agreement",
                )
            if not service_manager_agreement.has_role(RoleCode.SERVICE_MANAGER):
                raise PlanError(
                    f"{service_manager_agreement.full_name} is not a service manager",
                    field="service_manager_agreement",
                )
        now = timezone.now()
        locked.status = PlanStatus.ENDED
        locked.ended_on, locked.end_reason = ended_on, reason
        locked.ended_at, locked.ended_by = now, by
        locked.ended_by_conference = conference if at_review else None
        locked.end_note = note
        locked.service_manager_agreement = service_manager_agreement if first_review else None
        locked.ended_on_significant_change = bool(significant_change)
        locked.significant_change_description = (
            (significant_change_description or "").strip() if significant_change else ""
        )
        locked.receiving_authority = receiving_authority if reason == "moved_away" else ""
        locked.transfer_in_conference_on = (
            transfer_in_conference_on if reason == "moved_away" else None
        )
        locked.step_down = step_down or ""
        agreed = not at_review and by is not None
        locked.manager_agreement = manager_agreement if agreed else None
        locked.manager_agreed_on = manager_agreed_on if agreed else None
        locked.next_review_due = None
        locked._change_reason = f"Ended: {locked.get_end_reason_display()}"
        _saved(locked, by)

        if at_review:
            for rule in REVIEW_RULES:
                timescale_services.meet_deadline(rule=rule, subject=locked, met_on=ended_on)
        why = f"The plan ended on {ended_on:%d %B %Y}: {locked.get_end_reason_display()}"
        for deadline in _live_plan_deadlines(locked):
            timescale_services.withdraw_deadline(
                rule=deadline.rule, subject=locked, reason=why, by=by
            )

        if step_down == StepDown.CHILD_IN_NEED:
            start_child_in_need_plan(
                child=locked.child,
                conference=conference if at_review else None,
                started_on=ended_on,
                from_plan=locked,
                by=by,
            )

        messages = []
        for invitation in _initial_invitees(locked):
            notice = PlanNotice(
                plan=locked,
                kind=PlanNoticeKind.ENDED,
                name=invitation.name,
                email=invitation.email,
                user=invitation.user,
                invitation=invitation,
                sent_at=now,
            )
            _saved(notice, by)
            messages.append(
                _email(
                    f"Child protection plan ended: {locked.child.legal_name}",
                    _ending_message(locked, invitation.name),
                    invitation.email,
                )
            )
        if not at_review:
            messages += ending.tell_chair_and_conference_service(locked, by=by, now=now)
        _send_after_commit(messages)
        return locked


def _significant_change(flag: bool, description: str) -> bool:
    """A significant change of circumstances at a review is recorded with what changed."""
    if flag and not (description or "").strip():
        raise PlanError(
            "Describe the significant change of circumstances (for example, the child now "
            "lives with a different family)",
            field="significant_change_description",
        )
    return bool(flag)


def _eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: 1 March in a year that is not a leap year
        return datetime.date(born.year + 18, 3, 1)


def end_plans_of_adults(today: datetime.date) -> int:
    """The sweep ends every active plan whose child turned 18 on or before `today` (reason
    reached 18, ended on the birthday or the plan's start, whichever is later), and emails the
    lead social worker. Returns how many plans ended."""
    from .models import PlanEndReason, PlanNotice, PlanNoticeKind

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
                _send_after_commit(
                    [
                        _email(
                            f"Child protection plan ended at 18: {plan.child.legal_name}",
                            f"Dear {worker.full_name or 'colleague'},\n\n"
                            f"{plan.child.legal_name} turned 18, so their child protection plan "
                            f"ended on {ended_plan.ended_on:%d %B %Y}. The timescales of the plan "
                            "are closed. Please arrange any support they need as an adult.",
                            worker.email,
                        )
                    ]
                )
        ended += 1
    return ended


def notify_long_plans(now: datetime.datetime) -> int:
    """Plans whose LONG_PLAN deadline the sweep marked breached (2 years): email every active
    head of service and QA manager, once per plan (recorded on the plan and in PlanNotice rows).
    Returns how many plans were notified."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import RoleCode, User
    from timescales.models import Deadline, DeadlineStatus, RuleCode

    from .models import PlanNotice, PlanNoticeKind

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
                        f"Child protection plan reaching 2 years: {plan.child.legal_name}",
                        f"Dear {person.full_name or 'colleague'},\n\n"
                        f"The child protection plan for {plan.child.legal_name}, started on "
                        f"{locked.started_on:%d %B %Y}, has reached 2 years. Please review "
                        "whether the plan is working.",
                        person.email,
                    )
                )
            locked.long_plan_notified_at = now
            locked._change_reason = "Head of service and QA manager told: 2 years"
            _saved(locked, None)
            _send_after_commit(messages)
        notified += 1
    return notified


def record_end_recommendation(*, plan: ChildProtectionPlan, by, review_conference: Conference):
    """The social worker tells the conference service the plan may end at the review: END_NOTICE
    on the review conference (10 days before it) is met now, on time or late. Told before the
    review is booked, END_NOTICE is opened and met when it is booked."""
    from conferences.models import ConferenceStatus as Status

    from .models import PlanEndRecommendation

    if review_conference.kind not in _review_kinds():
        raise PlanError("Select the review conference", field="review_conference")
    if not ConferenceChild.objects.filter(
        conference=review_conference, child_id=plan.child_id
    ).exists():
        raise PlanError(f"This review is not about {plan.child.legal_name}")
    if review_conference.status not in (Status.ALLOCATED, Status.BOOKED, Status.POSTPONED):
        raise PlanError("The review conference has already been held or was cancelled")
    worker = plan.child.lead_social_worker
    if by is None or not (
        (worker is not None and by.pk in (worker.pk, worker.line_manager_id))
        or by.has_role("team_manager")
    ):
        raise PlanError("Only the lead social worker or their manager can recommend ending a plan")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        recommendation = PlanEndRecommendation.objects.filter(
            plan=locked, review_conference=review_conference
        ).first()
        if recommendation is None:
            recommendation = _saved(
                PlanEndRecommendation(
                    plan=locked, review_conference=review_conference, recommended_by=by
                ),
                by,
            )
        meet_end_notice(conference=review_conference)
        return recommendation


def meet_end_notice(*, conference: Conference):
    """END_NOTICE for a booked review with an end recommendation: opened from the booked time
    (10 days before) and met at the first recommendation's time. Called by
    record_end_recommendation and by booking; does nothing otherwise."""
    from django.contrib.contenttypes.models import ContentType

    from timescales import services as timescale_services
    from timescales.models import Deadline, RuleCode

    from .models import PlanEndRecommendation

    conference = Conference.objects.get(pk=conference.pk)
    first = (
        PlanEndRecommendation.objects.filter(review_conference=conference)
        .select_related("recommended_by")
        .order_by("recommended_at")
        .first()
    )
    if first is None or conference.starts_at is None or conference.status != "booked":
        return None
    if Deadline.objects.filter(
        rule=RuleCode.END_NOTICE,
        subject_type=ContentType.objects.get_for_model(Conference),
        subject_id=conference.pk,
    ).exists():
        # Told once: a re-booking moves an open one; one already met stays met.
        return timescale_services.meet_deadline(
            rule=RuleCode.END_NOTICE, subject=conference, met_on=first.recommended_at
        )
    timescale_services.open_deadline(
        rule=RuleCode.END_NOTICE,
        subject=conference,
        start=conference.starts_at,
        responsible=first.recommended_by,
        child=first.plan.child,
        chair=conference.chair,
    )
    return timescale_services.meet_deadline(
        rule=RuleCode.END_NOTICE, subject=conference, met_on=first.recommended_at
    )


# --- Between conferences (issue 7 part 5) ----------------------------------------------------------
# The chair of the plan's last conference writes a mid-way review note between conferences (a QA
# manager may too). Before the third review conference a drift flag asks the child's team manager
# to review the plan (raised by plans.drift); their review (a note) clears it.


def last_conference_of(plan: ChildProtectionPlan) -> Conference:
    """The plan's most recent conference that was held or is being held about its child: the
    conference that started the plan, or a later review."""
    later = (
        Conference.objects.filter(
            conference_children__child_id=plan.child_id,
            starts_at__gte=plan.started_by_conference.starts_at,
        )
        .filter(
            Q(status=ConferenceStatus.HELD)
            | Q(status=ConferenceStatus.BOOKED, started_at__isnull=False)
        )
        .select_related("chair")
        .order_by("-starts_at", "-pk")
        .first()
    )
    return later or plan.started_by_conference


def may_write_midway_note(plan: ChildProtectionPlan, by, *, last_conference=None) -> bool:
    """The chair of the plan's last conference, or a QA manager, while the plan is active."""
    from accounts.models import RoleCode

    if by is None or not by.is_authenticated or not plan.is_active:
        return False
    if by.has_role(RoleCode.QA_MANAGER):
        return True
    last_conference = last_conference or last_conference_of(plan)
    return last_conference.chair_id == by.pk


def write_midway_note(
    *,
    plan: ChildProtectionPlan,
    by,
    is_progressing: bool | None,
    review_date_right: bool | None,
    note: str,
    escalation: str = "",
):
    """Record the chair's mid-way review note on the plan."""
    from .models import MidwayReviewNote

    if is_progressing is None:
        raise PlanError("Select whether the plan is progressing", field="is_progressing")
    if review_date_right is None:
        raise PlanError("Select whether the review date is right", field="review_date_right")
    note = (note or "").strip()
    if not note:
        raise PlanError("Enter your mid-way review note", field="note")
    escalation = (escalation or "").strip()
    if not review_date_right and not escalation:
        raise PlanError("Say what you have escalated about the review date", field="escalation")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        last_conference = last_conference_of(locked)
        if not may_write_midway_note(locked, by, last_conference=last_conference):
            raise PlanError(
                "Only the chair of the plan's last conference or a QA manager can write the "
                "mid-way review note"
            )
        return _saved(
            MidwayReviewNote(
                plan=locked,
                conference=last_conference,
                is_progressing=is_progressing,
                review_date_right=review_date_right,
                note=note,
                escalation=escalation,
                written_by=by,
            ),
            by,
        )


def may_review_drift(plan: ChildProtectionPlan, by) -> bool:
    """The team manager of the child's lead social worker (their line manager or their team's
    manager, holding the team manager role)."""
    from accounts.models import RoleCode

    if by is None or not by.is_authenticated or not by.has_role(RoleCode.TEAM_MANAGER):
        return False
    worker = plan.child.lead_social_worker
    if worker is None:
        return False
    return by.pk == worker.line_manager_id or (
        worker.team_id is not None and worker.team.manager_id == by.pk
    )


def record_drift_review(*, plan: ChildProtectionPlan, by, note: str):
    """The team manager's review of a plan flagged for drift: the note clears the flag and meets
    the DRIFT_REVIEW deadline (due before the third review conference; plans.drift)."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    from .models import DriftFlag

    note = (note or "").strip()
    if not note:
        raise PlanError("Enter your review of the plan", field="note")
    with transaction.atomic():
        locked_plan = _locked_active_plan(plan)
        if not may_review_drift(locked_plan, by):
            raise PlanError("Only the child's team manager can review the plan for drift")
        flag = DriftFlag.objects.select_for_update().filter(plan=locked_plan).first()
        if flag is None or not flag.is_open:
            raise PlanError("The plan has no drift flag waiting for a review")
        flag.reviewed_by, flag.reviewed_at, flag.review_note = by, timezone.now(), note
        flag._change_reason = "The team manager reviewed the plan for drift"
        _saved(flag, by)
        timescale_services.meet_deadline(
            rule=RuleCode.DRIFT_REVIEW, subject=locked_plan, met_on=flag.reviewed_at
        )
        return flag


# --- Transfer-in (issue 7 part 7) ----------------------------------------------------------------
# A child who moves in on another authority's plan is recorded by a social worker: TRANSFER_IN
# (15 working days from notice of the move) opens on the record, and is met on the day a
# transfer-in conference about the child is held (conferences.services._conclude calls
# meet_transfer_in).

TRANSFER_IN_ROLES = ("social_worker", "team_manager", "service_manager")


def may_record_transfer_in(child: Child, by) -> bool:
    from children.rules import may_see_child

    if by is None or not by.is_authenticated or not by.has_role(*TRANSFER_IN_ROLES):
        return False
    return bool(may_see_child(by, child))


def waiting_transfer_in(child: Child):
    from .models import TransferIn

    return TransferIn.objects.filter(child=child, conference__isnull=True).first()


def record_transfer_in(
    *,
    child: Child,
    by,
    previous_authority: str,
    previous_plan_started_on: datetime.date,
    previous_plan_category: str,
    moved_in_on: datetime.date,
    notified_on: datetime.date,
):
    """Record that the child moved in on another authority's plan; TRANSFER_IN opens from the day
    the authority was told of the move, with the child's lead social worker (or the recorder)
    responsible."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    from .models import TransferIn

    if not may_record_transfer_in(child, by):
        raise PlanError("Only a social worker or manager can record a transfer-in")
    previous_authority = (previous_authority or "").strip()
    if not previous_authority:
        raise PlanError(
            "Enter the local authority the child moved from", field="previous_authority"
        )
    if previous_plan_category not in PlanCategory.values:
        raise PlanError(
            "Select the category of the previous authority's plan",
            field="previous_plan_category",
        )
    today = timezone.localdate()
    for value, field, what in (
        (previous_plan_started_on, "previous_plan_started_on", "The date the plan started"),
        (moved_in_on, "moved_in_on", "The date the child moved in"),
        (notified_on, "notified_on", "The date you were told of the move"),
    ):
        if value is None:
            raise PlanError(f"Enter {what[0].lower()}{what[1:]}", field=field)
        if value > today:
            raise PlanError(f"{what} must be today or in the past", field=field)
    if previous_plan_started_on > moved_in_on:
        raise PlanError(
            "The previous authority's plan must have started on or before the child moved in",
            field="previous_plan_started_on",
        )
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if ChildProtectionPlan.objects.filter(child=locked, status=PlanStatus.ACTIVE).exists():
            raise PlanError(f"{locked.legal_name} already has a child protection plan here")
        if waiting_transfer_in(locked) is not None:
            raise PlanError(f"{locked.legal_name}'s transfer-in is already recorded")
        transfer = _saved(
            TransferIn(
                child=locked,
                previous_authority=previous_authority,
                previous_plan_started_on=previous_plan_started_on,
                previous_plan_category=previous_plan_category,
                moved_in_on=moved_in_on,
                notified_on=notified_on,
                recorded_by=by,
            ),
            by,
        )
        timescale_services.open_deadline(
            rule=RuleCode.TRANSFER_IN,
            subject=transfer,
            start=notified_on,
            responsible=locked.lead_social_worker or by,
            child=locked,
        )
        return transfer


def meet_transfer_in(*, conference: Conference, held_on: datetime.date, by) -> list:
    """A transfer-in conference was held: each of its children's waiting transfer-in records it,
    and TRANSFER_IN is met on the day (on time or late)."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    from .models import TransferIn

    met = []
    with transaction.atomic():
        transfers = TransferIn.objects.select_for_update().filter(
            child__in=conference.conference_children.values("child_id"),
            conference__isnull=True,
        )
        for transfer in transfers:
            transfer.conference, transfer.conference_held_on = conference, held_on
            _saved(transfer, by)
            timescale_services.meet_deadline(
                rule=RuleCode.TRANSFER_IN, subject=transfer, met_on=held_on
            )
            met.append(transfer)
    return met
