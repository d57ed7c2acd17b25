"""Adjourning on a split, and what follows (issue 17 items 2 to 4; 001 section 3, ADR 36).

- A split is a 50% split between a plan and no plan (Tally.is_split), or, when the decision is a
  plan, no majority on its category among the professionals who want a plan and gave one. The
  first time, the chair cannot finalise: the conference adjourns for up to 5 working days
  (conferences.services.adjourn_conference). At an initial conference each child whose decision is
  not final is placed on an interim plan (plans.interim).
- Adjourning asks each agency whose view differed for a brief written report from its manager to
  the chair (AdjournmentReport, deadline ADJOURN_REPORT inside the ADJOURN window). Whose view
  differed: on an exact split, or with no majority on the category, every agency on either side
  (there is no majority side); otherwise the agencies on the other side from the chair's recorded
  decision (or, before the chair decides, from the majority).
- When the reconvened conference still splits, the chair finalises: the child remains on a plan
  (the interim plan becomes the plan; at a review the plan continues) and the decision is
  escalated to the service managers and heads of service (DecisionEscalation, deadline
  ESCALATION_REVIEW before the first review is due) until one of them records a review. When the
  chair's own decision is no plan (the chair considers the threshold is not met) the plan is still
  made, or continued, and referred through the same escalation.
"""

import datetime
from collections import Counter
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import RoleCode, User
from core.history import save_as
from core.templatetags.govuk import govuk_date
from plans import interim as interim_plans
from plans.models import PlanCategory, PlanNotice, PlanNoticeKind
from plans.selectors import active_plan_for
from plans.services import _email, _queue_emails
from reports.uploads import store_document
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import RuleCode

from .models import (
    AdjournmentReport,
    AdjournmentReportStatus,
    Attendance,
    ChildDecision,
    Conference,
    ConferenceStatus,
    DecisionEscalation,
    DecisionOutcome,
    DecisionStatus,
    EscalationReason,
    EscalationStatus,
    ProfessionalView,
)
from .services import INITIAL_KINDS, DecisionError, _side, held_on_of, tally

CP = DecisionOutcome.CHILD_PROTECTION_PLAN
SENIOR_MANAGER_ROLES = (RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE)


# --- Splits --------------------------------------------------------------------------------------


def category_counts(decision) -> Counter:
    """The categories given by the professionals whose view is a plan (prefetched views used)."""
    return Counter(
        view.category for view in decision.views.all() if view.view == CP and view.category
    )


def category_has_no_majority(decision) -> bool:
    """The decision is a plan and the professionals who want one (and gave a category) do not
    agree on it by a majority: 1-1, 2-2, 2-1-1..."""
    if decision.outcome != CP:
        return False
    counts = category_counts(decision)
    total = sum(counts.values())
    return total >= 2 and max(counts.values()) * 2 <= total


def majority_category(decision) -> str:
    counts = category_counts(decision)
    total = sum(counts.values())
    if not total:
        return ""
    category, count = counts.most_common(1)[0]
    return category if count * 2 > total else ""


def category_summary(decision) -> str:
    labels = dict(PlanCategory.choices)
    return ", ".join(
        f"{count} for {labels.get(category, category).lower()}"
        for category, count in category_counts(decision).most_common()
    )


def is_split(decision, counts=None) -> bool:
    counts = counts or tally(decision)
    return counts.is_split or category_has_no_majority(decision)


def split_when_finalising(conference: Conference, decision, counts) -> str | None:
    """None when there is no split. A split at the first sitting refuses (adjourn instead); a
    split that continues after the conference reconvened is escalated: the reason is returned."""
    plan_split = counts.is_split
    category_split = category_has_no_majority(decision)
    if not (plan_split or category_split):
        return None
    name = decision.child.legal_name
    if conference.adjourned_at is None:
        if plan_split:
            raise DecisionError(
                f"The professionals' views for {name} are split "
                f"{counts.plan}-{counts.no_plan} between a plan and no plan: adjourn the "
                "conference (for up to 5 working days)"
            )
        raise DecisionError(
            f"There is no majority on the category of the plan for {name} "
            f"({category_summary(decision)}): adjourn the conference (for up to 5 working days)",
            field="category",
        )
    if decision.outcome == CP:
        return EscalationReason.SPLIT_CONTINUES
    return EscalationReason.THRESHOLD_NOT_MET


# --- Adjourning ----------------------------------------------------------------------------------


def _agency_of_name(conference: Conference, name: str):
    row = (
        Attendance.objects.filter(conference=conference, name__iexact=name, agency__isnull=False)
        .select_related("agency")
        .first()
    )
    return row.agency if row else None


def agency_for_view(decision, name: str, agency):
    """The agency a professional's view is given for: the one chosen, or the agency they
    attended for."""
    if agency is not None:
        return agency
    return _agency_of_name(decision.conference, name)


def _differing_views(decision) -> list:
    """The views whose agency's manager is asked for a report (see the module's docstring)."""
    views = list(decision.views.all())
    counts = tally(decision)
    if counts.is_split:
        return views
    if category_has_no_majority(decision) or (
        decision.outcome == CP and majority_category(decision) == "" and category_counts(decision)
    ):
        return [view for view in views if view.view == CP]
    side = _side(decision.outcome) if decision.outcome else counts.majority
    if side is None:
        return []
    return [view for view in views if _side(view.view) != side]


def _report_requests(conference: Conference, decisions) -> dict:
    """agency -> lines naming who gave which view, for which child."""
    requests = {}
    for decision in decisions:
        for view in _differing_views(decision):
            if view.agency_id is None:
                continue
            line = (
                f"{view.name} ({view.role or view.agency.name}): {view.get_view_display().lower()}"
                f"{' (' + view.get_category_display().lower() + ')' if view.category else ''}"
                f" for {decision.child.legal_name}"
            )
            requests.setdefault(view.agency_id, (view.agency, []))[1].append(line)
    return requests


def _report_due_on(deadline, reconvene_by: datetime.date) -> datetime.date:
    """Inside the ADJOURN window: at the latest the working day before the conference must
    reconvene (the chair reads the reports first)."""
    latest = calendar.add_working_days(reconvene_by, -1)
    start = timezone.localdate(deadline.starts_at)
    return max(min(deadline.due_on, latest), start)


def after_adjourning(*, conference: Conference, by) -> None:
    """Inside adjourn_conference's transaction, after the decisions are marked adjourned: the
    interim plans (an initial conference) and the managers' reports."""
    decisions = list(
        ChildDecision.objects.filter(conference=conference, status=DecisionStatus.ADJOURNED)
        .select_related("child", "conference")
        .prefetch_related(
            Prefetch(
                "views", queryset=ProfessionalView.objects.select_related("agency").order_by("pk")
            )
        )
        .order_by("pk")
    )
    today = timezone.localdate()
    if conference.kind in INITIAL_KINDS:
        for decision in decisions:
            plan = interim_plans.place_on_interim_plan(
                child=decision.child,
                conference=conference,
                on=today,
                category=decision.category or majority_category(decision),
                secondary_factors=decision.secondary_factors,
                by=by,
            )
            decision.interim_plan = plan is not None
            if plan is not None:
                decision.child_protection_plan = plan
            save_as(decision, by=by, update_fields=["interim_plan", "child_protection_plan"])
    for agency, lines in _report_requests(conference, decisions).values():
        if AdjournmentReport.objects.filter(conference=conference, agency=agency).exists():
            continue
        report = AdjournmentReport(
            conference=conference,
            agency=agency,
            views_summary="\n".join(lines),
            requested_by=by,
            requested_at=timezone.now(),
            due_on=conference.reconvene_by or today,
        )
        save_as(report, by=by)
        responsible = (
            Attendance.objects.filter(conference=conference, agency=agency, user__isnull=False)
            .select_related("user")
            .first()
        )
        deadline = timescale_services.open_deadline(
            rule=RuleCode.ADJOURN_REPORT,
            subject=report,
            start=today,
            responsible=responsible.user if responsible else None,
            chair=conference.chair,
            agency=agency,
        )
        due_on = _report_due_on(deadline, conference.reconvene_by or deadline.due_on)
        timescale_services.move_due_day(
            deadline, due_on, reason="Inside the adjournment: before the conference reconvenes"
        )
        report.due_on = due_on
        report.save(update_fields=["due_on"])


# --- The managers' reports -----------------------------------------------------------------------


def may_submit_report(report: AdjournmentReport, user) -> bool:
    """A user of the report's agency who was at the conference or is invited to it."""
    if not (user and user.is_authenticated) or user.agency_id != report.agency_id:
        return False
    conference = report.conference
    return (
        Attendance.objects.filter(conference=conference, user=user).exists()
        or conference.invitations.filter(user=user, is_active=True).exists()
    )


def submit_report(
    *,
    report: AdjournmentReport,
    by,
    manager_name: str,
    manager_role: str = "",
    facts: str = "",
    upload=None,
) -> AdjournmentReport:
    """The agency's manager's report to the chair, sent by the professional who gave the view
    or another user of the agency with access to the conference, naming the manager; the facts
    or evidence as text, an uploaded PDF or Word document (reports.uploads), or both. Meets
    ADJOURN_REPORT. Sending again before the conference reconvenes replaces it (history keeps
    the earlier one)."""
    from django.core.exceptions import ValidationError

    manager_name = (manager_name or "").strip()
    manager_role = (manager_role or "").strip()
    facts = (facts or "").strip()
    if not may_submit_report(report, by):
        raise DecisionError(
            "Only someone from the agency who was at the conference or is invited to it can "
            "send its manager's report"
        )
    if not manager_name:
        raise DecisionError(
            "Enter the name of the manager whose report this is", field="manager_name"
        )
    if not facts and upload is None:
        raise DecisionError(
            "Enter the facts or evidence, or upload the manager's report", field="facts"
        )
    with transaction.atomic():
        locked = AdjournmentReport.objects.select_for_update().get(pk=report.pk)
        conference = Conference.objects.get(pk=locked.conference_id)
        if (
            conference.status != ConferenceStatus.BOOKED
            or not ChildDecision.objects.filter(
                conference=conference, status=DecisionStatus.ADJOURNED
            ).exists()
        ):
            raise DecisionError("The conference has reconvened: the report can no longer be sent")
        document = locked.document
        if upload is not None:
            try:
                document = store_document(upload=upload, by=by)
            except ValidationError as error:
                raise DecisionError(error.messages[0], field="document") from error
        now = timezone.now()
        locked.manager_name, locked.manager_role = manager_name, manager_role
        locked.facts, locked.document = facts, document
        locked.submitted_by, locked.submitted_at = by, now
        locked.status = AdjournmentReportStatus.RECEIVED
        save_as(locked, by=by)
        timescale_services.meet_deadline(rule=RuleCode.ADJOURN_REPORT, subject=locked, met_on=now)
    return locked


def reports_for_chair(conference: Conference) -> list:
    return list(
        AdjournmentReport.objects.filter(conference=conference)
        .select_related("agency", "document", "submitted_by")
        .order_by("agency__name", "pk")
    )


# --- Finalising at the reconvened conference -----------------------------------------------------


@contextmanager
def _as_a_plan(decision, category: str, secondary_factors):
    """The chair's decision is no plan but the plan is made (or continued) pending escalation:
    what creates the plan reads the decision as a plan with this category; the chair's own
    decision is kept as it was."""
    kept = (decision.outcome, decision.category, decision.secondary_factors)
    decision.outcome, decision.category = CP, category
    decision.secondary_factors = list(secondary_factors or [])
    try:
        yield
    finally:
        decision.outcome, decision.category, decision.secondary_factors = kept


def create_what_was_decided(create, conference: Conference, decision, reason, by) -> None:
    """`create` is conferences.services._create_what_was_decided. With THRESHOLD_NOT_MET the plan
    is made from the interim plan (its category, else the professionals' majority category), or
    at a review the current plan continues unchanged."""
    if reason != EscalationReason.THRESHOLD_NOT_MET:
        create(conference, decision, by)
    else:
        current = active_plan_for(decision.child) or interim_plans.interim_plan_for(decision.child)
        category = (current.category if current else "") or majority_category(decision)
        if not category:
            counts = category_counts(decision)
            category = counts.most_common(1)[0][0] if counts else ""
        if not category:
            raise DecisionError(
                f"The child remains on a plan pending escalation, but no category was given for "
                f"{decision.child.legal_name}: record a child protection plan with its category",
                field="outcome",
            )
        factors = current.secondary_factors if current else []
        with _as_a_plan(decision, category, factors):
            create(conference, decision, by)
    interim = interim_plans.interim_plan_for(decision.child)
    if interim is not None and interim.started_by_conference_id == conference.pk:
        interim_plans.end_interim_plan(
            plan=interim, conference=conference, ended_on=held_on_of(conference), by=by
        )


def _senior_managers() -> list:
    return list(
        User.objects.filter(is_active=True, roles__code__in=SENIOR_MANAGER_ROLES)
        .exclude(email="")
        .distinct()
        .order_by("full_name", "pk")
    )


def _escalation_message(escalation: DecisionEscalation, name: str) -> str:
    return "\n".join(
        [
            f"Dear {name or 'colleague'},",
            "",
            f"The {escalation.conference.get_kind_display().lower()} reconvened on "
            f"{govuk_date(timezone.localdate(escalation.raised_at))} and the professionals' views "
            "were still split. The child remains on a child protection plan pending escalation "
            "to senior managers.",
            f"Why: {escalation.get_reason_display()}.",
            f"Please record a review of the decision by {govuk_date(escalation.due_on)}, before "
            "the plan's next review conference.",
            f"Reference: escalation {escalation.pk}, plan {escalation.plan_id}.",
        ]
    )


def escalate(*, conference: Conference, decision, reason: str, counts, by) -> DecisionEscalation:
    """Inside finalise_decision's transaction, once the plan exists: the escalation, its
    deadline (ESCALATION_REVIEW, counted back from the plan's next review), and a notice and an
    email (after commit) to each service manager and head of service."""
    plan = decision.child_protection_plan
    if plan is None:
        plan = active_plan_for(decision.child)
    summary = counts.summary
    if category_counts(decision):
        summary += f"; categories: {category_summary(decision)}"
    review_due = plan.next_review_due or calendar.add_working_days(timezone.localdate(), 60)
    escalation = DecisionEscalation(
        decision=decision,
        conference=conference,
        child=decision.child,
        plan=plan,
        reason=reason,
        views_summary=summary,
        chair_rationale=decision.rationale,
        raised_by=by,
        raised_at=timezone.now(),
        due_on=review_due,
    )
    save_as(escalation, by=by)
    deadline = timescale_services.open_deadline(
        rule=RuleCode.ESCALATION_REVIEW,
        subject=escalation,
        start=review_due,
        child=decision.child,
        chair=conference.chair,
    )
    escalation.due_on = min(deadline.due_on, calendar.add_working_days(review_due, -1))
    # An authority's policy of 0 days before: due the working day before the review.
    timescale_services.move_due_day(
        deadline, escalation.due_on, reason="Before the plan's first review is due"
    )
    escalation.save(update_fields=["due_on"])
    messages = []
    now = timezone.now()
    for manager in _senior_managers():
        notice = PlanNotice(
            plan=plan,
            kind=PlanNoticeKind.ESCALATED,
            name=manager.full_name,
            email=manager.email,
            user=manager,
            sent_at=now,
        )
        save_as(notice, by=by)
        messages.append(
            _email(
                "A child protection conference decision is escalated to you",
                _escalation_message(escalation, manager.full_name),
                manager.email,
            )
        )
    _queue_emails(messages, kind="decision-escalated")
    return escalation


def is_senior_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*SENIOR_MANAGER_ROLES))


def record_escalation_review(*, escalation: DecisionEscalation, by, review: str):
    """A service manager or head of service records their review of the escalated decision;
    ESCALATION_REVIEW is met."""
    review = (review or "").strip()
    if not is_senior_manager(by):
        raise DecisionError("Only a service manager or head of service can review the decision")
    if not review:
        raise DecisionError("Enter your review of the decision", field="review")
    with transaction.atomic():
        locked = DecisionEscalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.status != EscalationStatus.AWAITING_REVIEW:
            raise DecisionError("This decision has already been reviewed")
        now = timezone.now()
        locked.status = EscalationStatus.REVIEWED
        locked.review, locked.reviewed_by, locked.reviewed_at = review, by, now
        save_as(locked, by=by)
        timescale_services.meet_deadline(
            rule=RuleCode.ESCALATION_REVIEW, subject=locked, met_on=now
        )
    return locked


def escalations_awaiting_review():
    return (
        DecisionEscalation.objects.filter(status=EscalationStatus.AWAITING_REVIEW)
        .select_related("child", "conference", "plan")
        .order_by("due_on", "pk")
    )


def escalations_of(conference: Conference) -> list:
    return list(
        DecisionEscalation.objects.filter(conference=conference)
        .select_related("child")
        .order_by("pk")
    )
