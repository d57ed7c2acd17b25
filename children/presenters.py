"""The child's page: everything it shows, read with a fixed number of queries.

A presenter of its own (not a selector) because it reads across apps: the child's deadlines come
from `timescales`, whose selectors in turn ask `children.selectors` who may see a child.
"""

from dataclasses import dataclass, field

from timescales.selectors import open_deadlines_for_child

from .models import (
    Child,
    FamilyLink,
    LookedAfterPeriod,
    ProfessionalInvolvement,
    S47Enquiry,
    StrategyDiscussion,
)
from .selectors import get_child_for, siblings_of
from .summary import next_conferences_for, plans_for, sections_for


@dataclass
class ChildPage:
    """Everything the child's page shows, read with a fixed number of queries."""

    child: Child
    siblings: list[Child]
    family_links: list[FamilyLink]
    professionals: list[ProfessionalInvolvement]
    enquiries: list[S47Enquiry]
    strategy_discussions: list[StrategyDiscussion]
    open_deadlines: list
    plan: object = None
    next_conference: object = None
    enquiries_needing_request: list[S47Enquiry] = field(default_factory=list)
    looked_after_periods: list[LookedAfterPeriod] = field(default_factory=list)
    sections: list = field(default_factory=list)  # other apps' sections (summary.sections_for)


def child_page(user, pk) -> ChildPage:
    child = get_child_for(user, pk)
    siblings = list(siblings_of(user, child))
    family_links = list(
        FamilyLink.objects.filter(child=child, ended_at__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__surname", "person__forename", "pk")
    )
    professionals = list(
        ProfessionalInvolvement.objects.filter(child=child, ended_on__isnull=True)
        .select_related("user", "user__agency", "agency")
        .order_by("role", "pk")
    )
    enquiries = list(
        S47Enquiry.objects.filter(child=child).select_related(
            "strategy_discussion", "outcome_recorded_by"
        )
    )
    discussions = list(
        StrategyDiscussion.objects.filter(children=child)
        .select_related("recorded_by", "signed_off_by")
        .order_by("-held_at", "-pk")
    )
    open_deadlines = list(open_deadlines_for_child(child))
    looked_after = list(
        LookedAfterPeriod.objects.filter(child=child).order_by("-started_on", "-pk")
    )
    plans = plans_for([child], user)
    conferences = next_conferences_for([child], user)
    return ChildPage(
        child=child,
        siblings=siblings,
        family_links=family_links,
        professionals=professionals,
        enquiries=enquiries,
        strategy_discussions=discussions,
        open_deadlines=open_deadlines,
        plan=plans.get(child.pk),
        next_conference=conferences.get(child.pk),
        looked_after_periods=looked_after,
        sections=sections_for(child, user),
    )
