"""The child's page: everything it shows, read with a fixed number of queries.

A presenter of its own (not a selector) because it reads across apps: the child's deadlines come
from `timescales`, whose selectors in turn ask `children.selectors` who may see a child.

Each list reads only the columns the page shows: building the SQL for every column of a joined
user or child, and ordering by them, cost more than running the queries (issue 25).
"""

from dataclasses import dataclass, field

from core.links import url_for
from core.presence import may_have, presence
from core.templatetags.govuk import govuk_date
from timescales.selectors import open_deadlines_on_child_page

from .links import child_links
from .models import (
    NAME_AND_AGE_FIELDS,
    PARENT_RELATIONSHIPS,
    ChangeOfWorkerRequest,
    Child,
    FamilyLink,
    LookedAfterPeriod,
    ProfessionalInvolvement,
    S47Enquiry,
    StrategyDiscussion,
)
from .selectors import get_child_for, siblings_of, worker_change_requests
from .summary import next_conferences_for, plans_for, section_presence, sections_for

# What the deadlines table (timescales/includes/deadlines_table.html) shows of a deadline.
DEADLINE_FIELDS = (
    "rule",
    "child_id",
    "due_on",
    "due_at",
    "status",
    "met_at",
    "responsible__full_name",
)


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
    worker_changes: list[ChangeOfWorkerRequest] = field(default_factory=list)
    links: dict = field(default_factory=dict)  # the child's own pages (links.CHILD_LINKS)

    @property
    def waiting_worker_change(self) -> ChangeOfWorkerRequest | None:
        """The request for a change of worker waiting for the team manager, if any."""
        return next((change for change in self.worker_changes if change.is_open), None)


# The child's page's lists that are empty for most children: asked with the child (ADR 80).
CHILD_PAGE_LISTS = {
    "looked_after_periods": (
        "SELECT 1 FROM {children.LookedAfterPeriod} x WHERE x.child_id = {self}.id"
    ),
    "worker_changes": (
        "SELECT 1 FROM {children.ChangeOfWorkerRequest} x WHERE x.child_id = {self}.id"
    ),
}


def child_page(user, pk) -> ChildPage:
    child = get_child_for(
        user, pk, annotations=presence(Child, {**CHILD_PAGE_LISTS, **section_presence()})
    )
    family_links = list(
        FamilyLink.objects.filter(child=child, ended_at__isnull=True)
        .select_related("person")
        .order_by("relationship", "person__surname", "person__forename", "pk")
    )
    parent_ids = [
        link.person_id for link in family_links if link.relationship in PARENT_RELATIONSHIPS
    ]
    siblings = siblings_of(user, child, parent_ids=parent_ids, fields=NAME_AND_AGE_FIELDS)
    professionals = list(
        ProfessionalInvolvement.objects.filter(child=child, ended_on__isnull=True)
        .select_related("user", "user__agency", "agency")
        .only(
            "role",
            "user_id",
            "agency_id",
            "name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "user__full_name",
            "user__email",
            "user__phone",
            "user__agency__name",
            "agency__name",
        )
        .order_by("role", "pk")
    )
    # Newest first (the model's order); the page shows the enquiry's own dates and outcome.
    enquiries = list(
        S47Enquiry.objects.filter(child=child).only(
            "started_on", "outcome", "outcome_reason", "concluded_on"
        )
    )
    discussions = list(
        StrategyDiscussion.objects.filter(children=child)
        .select_related("signed_off_by")
        .only("held_at", "decision", "signed_off_at", "signed_off_by__full_name")
        .order_by("-held_at", "-pk")
    )
    # The deadlines table shows each deadline's rule, dates, status and who is responsible;
    # its child is the page's own, so the child's record is not read again with each one.
    open_deadlines = list(open_deadlines_on_child_page(child, DEADLINE_FIELDS))
    for deadline in open_deadlines:
        deadline.child = child
    looked_after = (
        list(
            LookedAfterPeriod.objects.filter(child=child)
            .only("started_on", "ended_on", "legal_basis", "independent_reviewing_officer")
            .order_by("-started_on", "-pk")
        )
        if may_have(child, "looked_after_periods")
        else []
    )
    _link_rows(child, siblings, family_links, professionals, enquiries, discussions, looked_after)
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
        worker_changes=worker_change_requests(child),
        links=child_links(child.pk),
    )


def _link_rows(child, siblings, family_links, professionals, enquiries, discussions, periods):
    """Each row's link (`url`, or `end_url` and `outcome_url` for what a row's action does)."""
    for sibling in siblings:
        sibling.url = url_for("children:detail", sibling.pk)
    for link in family_links:
        link.end_url = url_for("children:end-family-link", child.pk, link.pk)
    for involvement in professionals:
        involvement.end_url = url_for("children:end-professional", child.pk, involvement.pk)
    for enquiry in enquiries:
        enquiry.outcome_url = url_for("children:record-s47-outcome", enquiry.pk)
    for discussion in discussions:
        discussion.url = url_for("children:strategy-discussion", discussion.pk)
    for period in periods:
        period.end_url = url_for("plans:looked-after-end", period.pk)


def search_rows(children) -> list[tuple]:
    """The search results table, a row a child: (link, name, restricted, date of birth or due
    date, NHS number, child ID, lead social worker). Built here once, so the template does not
    reverse a URL and look up seven attributes of a model for each of up to 50 rows."""
    rows = []
    for child in children:
        if child.is_unborn:
            born = f"Unborn, due {govuk_date(child.expected_date_of_delivery)}"
        else:
            born = govuk_date(child.date_of_birth)
        rows.append(
            (
                url_for("children:detail", child.pk),
                child.display_name,
                child.is_restricted,
                born,
                child.nhs_number_display or "Not recorded",
                child.local_child_id or "Not recorded",
                child.lead_social_worker_name or "Not allocated",
            )
        )
    return rows
