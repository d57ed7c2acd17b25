"""Page data for the Contextual Safeguarding Conference pages, with the permission flags that
decide which links show (never a link to a page the user may not open)."""

from dataclasses import dataclass

from django.urls import reverse

from children.rules import may_see_authority_children
from children.summary import ChildSection
from core.presence import may_have
from core.templatetags.govuk import govuk_date, govuk_datetime
from timescales.models import LIVE_STATUSES
from timescales.selectors import deadlines_for

from . import selectors
from .models import CscStatus, ViewKind


@dataclass
class ConferencePage:
    conference: object
    child: object
    professionals_views: list
    parents_views: list
    young_person_views: list
    invited: list
    deadlines: list
    may_book: bool
    may_hold: bool
    may_view_plan: bool
    show_deadlines: bool


def conference_page(user, conference) -> ConferencePage:
    views = selectors.views_of(conference)
    staff = bool(may_see_authority_children(user))  # the deadline pages are the staff's
    return ConferencePage(
        conference=conference,
        child=conference.child,
        professionals_views=[v for v in views if v.kind == ViewKind.PROFESSIONAL],
        parents_views=[v for v in views if v.kind == ViewKind.PARENT],
        young_person_views=[v for v in views if v.kind == ViewKind.YOUNG_PERSON],
        invited=selectors.invited_professionals(conference),
        deadlines=list(deadlines_for(conference)) if staff else [],
        may_book=user.has_perm("contextual.book_conference", conference),
        may_hold=user.has_perm("contextual.hold_conference", conference),
        may_view_plan=conference.plan_id is not None
        and user.has_perm("contextual.view_plan", conference.plan),
        show_deadlines=staff,
    )


@dataclass
class PlanPage:
    plan: object
    child: object
    outcomes: list
    conferences: list
    deadlines: list
    next_review: object
    may_keep: bool
    may_book_review: bool
    show_deadlines: bool


def plan_page(user, plan) -> PlanPage:
    staff = bool(may_see_authority_children(user))
    deadlines = list(deadlines_for(plan))
    conferences = list(
        selectors.conferences_visible_to(user)
        .filter(plan=plan)
        .select_related("chair")
        .order_by("-starts_at", "-pk")
    )
    return PlanPage(
        plan=plan,
        child=plan.child,
        outcomes=list(plan.outcomes.order_by("due_on", "pk")),
        conferences=conferences,
        deadlines=deadlines,
        next_review=next(
            (d for d in deadlines if d.status in LIVE_STATUSES and d.rule.startswith("CSC_REVIEW")),
            None,
        ),
        may_keep=user.has_perm("contextual.keep_plan", plan),
        may_book_review=user.has_perm("contextual.book_review", plan),
        show_deadlines=staff,
    )


# The young person's conferences and plan, asked with the child on the child's page (ADR 80):
# most children have neither.
CHILD_PAGE_LISTS = {
    "contextual_conferences": (
        "SELECT 1 FROM {contextual.ContextualConference} x WHERE x.child_id = {self}.id"
    ),
    "contextual_plans": (
        "SELECT 1 FROM {contextual.ContextualSafeguardingPlan} x WHERE x.child_id = {self}.id"
    ),
}


def child_section(child, user) -> ChildSection | None:
    """The child's page: the young person's Contextual Safeguarding Conferences and plan, and
    the link to ask for one when the user may and none is open. The child is one the user may
    see (the child's page read it through children.selectors.get_child_for)."""
    conferences = (
        selectors.conferences_of_child(child) if may_have(child, "contextual_conferences") else []
    )
    plan = selectors.active_plan_of(child) if may_have(child, "contextual_plans") else None
    rows = []
    if plan is not None:
        rows.append(
            (
                "Contextual safeguarding plan",
                reverse("contextual:plan", args=[plan.pk]),
                f"since {govuk_date(plan.started_on)}",
            )
        )
    for conference in conferences:
        when = (
            govuk_datetime(conference.starts_at)
            if conference.starts_at
            else f"requested {govuk_date(conference.requested_at)}"
        )
        rows.append(
            (
                conference.get_kind_display(),
                reverse("contextual:detail", args=[conference.pk]),
                f"{conference.get_status_display().lower()}, {when}",
            )
        )
    links = []
    open_one = any(c.status in (CscStatus.REQUESTED, CscStatus.BOOKED) for c in conferences)
    if plan is None and not open_one and user.has_perm("contextual.request_conference", child):
        links.append(
            (
                "Ask for a Contextual Safeguarding Conference",
                reverse("contextual:request", args=[child.pk]),
            )
        )
    return ChildSection(
        slug="contextual-safeguarding",
        title="Contextual safeguarding",
        rows=tuple(rows),
        links=tuple(links),
        empty=f"No Contextual Safeguarding Conference for {child.legal_name}.",
    )
