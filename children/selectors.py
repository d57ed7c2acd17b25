"""Reads about children that pages and other apps share, scoped to what the user may see.

`visible_child_q(user)` is the one place the scope is decided, and `children_visible_to(user)`
the children it lets through: every other read here (and in other apps that list children)
starts from one of them, so a record outside the user's scope is never listed and opening one
gives "page not found".
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Agency
from core.presence import may_have

from .models import (
    NAME_AND_AGE_FIELDS,
    PARENT_RELATIONSHIPS,
    ChangeOfWorkerRequest,
    Child,
    ChildSearchToken,
    FamilyLink,
    NamedAccess,
    ProfessionalInvolvement,
    S47Enquiry,
    SearchTokenKind,
    StrategyDiscussion,
    StrategyDiscussionParticipant,
)
from .rules import may_see_authority_children
from .search import ParsedQuery, parse_query, phonetic_key, prefix_upper_bound

SEARCH_LIMIT = 50

# What a search result shows of a child (and the names it is sorted by).
SEARCH_RESULT_FIELDS = (
    *NAME_AND_AGE_FIELDS,
    "is_restricted",
    "nhs_number",
    "local_child_id",
)


def visible_child_q(user, through: str = "child") -> Q:
    """Rows whose child (the foreign key `through`; "" for a Child itself) the user may see: the
    authority's children for staff roles, less restricted records they are not named on. Agency
    professionals and enquirers see none here (their own scopes name their children).

    A condition on the row in hand, not `child__in=<every visible child>`: PostgreSQL then looks
    up one child per row instead of listing the whole authority's children (ADR 33)."""
    if not (user and user.is_authenticated) or not may_see_authority_children(user):
        return Q(pk__in=[])
    prefix = f"{through}__" if through else ""
    named = NamedAccess.objects.filter(
        child=OuterRef(f"{through}_id" if through else "pk"), user=user, revoked_at__isnull=True
    )
    return Q(**{f"{prefix}is_restricted": False}) | Q(Exists(named))


def children_visible_to(user):
    """The children this user may see (`visible_child_q`)."""
    return Child.objects.filter(visible_child_q(user, through=""))


def get_child_for(user, pk, *, annotations: dict | None = None) -> Child:
    """One child the user may see, or Http404; with `annotations` (the child's page asks which
    of its lists have rows: core.presence)."""
    try:
        # get(), not first(): one child needs no ORDER BY (ordering by all the selected
        # columns is much of the cost of building the query).
        return (
            children_visible_to(user)
            .select_related("household", "lead_social_worker", "lead_social_worker__team")
            .annotate(**(annotations or {}))
            .get(pk=pk)
        )
    except Child.DoesNotExist:
        raise Http404("No child found") from None


def siblings_of(user, child: Child, *, parent_ids=None, fields=()) -> list[Child]:
    """Brothers and sisters the user may see: the other children of the household, and children
    who share a parent with this child (a half-brother living with his father, say), each with
    `same_household` (1 or 0). `parent_ids`: the child's current parents, when the caller has
    read them already; `fields`: only these columns, for a page that shows only these."""
    if parent_ids is None:
        parent_ids = FamilyLink.objects.filter(
            child=child, ended_at__isnull=True, relationship__in=PARENT_RELATIONSHIPS
        ).values("person_id")
    parts = []
    if child.household_id:
        parts.append(Child.objects.filter(household_id=child.household_id).values("pk"))
    if isinstance(parent_ids, QuerySet) or parent_ids:
        parts.append(
            FamilyLink.objects.filter(
                ended_at__isnull=True,
                relationship__in=PARENT_RELATIONSHIPS,
                person_id__in=parent_ids,
            ).values("child_id")
        )
    if not parts:
        return []
    # One UNION of two indexed lookups: "household OR shares a parent" as an OR in the WHERE
    # clause made PostgreSQL scan every child (ADR 33, issue 10).
    family_ids = parts[0].order_by()
    if len(parts) == 2:
        family_ids = family_ids.union(parts[1].order_by())
    siblings = children_visible_to(user).filter(pk__in=family_ids).exclude(pk=child.pk)
    if fields:
        siblings = siblings.only("household_id", *fields)
    siblings = list(
        siblings.order_by("date_of_birth", "expected_date_of_delivery", "legal_forename", "pk")
    )
    for sibling in siblings:
        sibling.same_household = int(
            child.household_id is not None and sibling.household_id == child.household_id
        )
    return siblings


def household_children_for(user, child: Child) -> list[Child]:
    """The child and the brothers and sisters the user may see, youngest last: the children a
    strategy discussion or conference would consider together."""
    return [child, *siblings_of(user, child)]


def strategy_discussion_for(user, pk) -> StrategyDiscussion:
    """A strategy discussion, if the user may see every child it was about."""
    hidden_child = StrategyDiscussion.children.through.objects.filter(
        discussion=OuterRef("pk")
    ).exclude(visible_child_q(user))
    discussion = (
        StrategyDiscussion.objects.filter(pk=pk)
        .exclude(Exists(hidden_child))
        .select_related("recorded_by", "signed_off_by")
        .prefetch_related(
            Prefetch("children", queryset=Child.objects.order_by("date_of_birth", "pk")),
            Prefetch(
                "participants",
                queryset=StrategyDiscussionParticipant.objects.select_related("agency"),
            ),
            Prefetch(
                "s47_enquiries",
                queryset=S47Enquiry.objects.select_related("child").order_by("child_id"),
            ),
        )
        .first()
    )
    if discussion is None or not may_see_authority_children(user):
        raise Http404("No strategy discussion found")
    return discussion


def strategy_discussions_awaiting_sign_off(user):
    """Strategy discussion records not yet signed off, oldest first, that the user may see."""
    if not may_see_authority_children(user):
        return StrategyDiscussion.objects.none()
    hidden_child = StrategyDiscussion.children.through.objects.filter(
        discussion=OuterRef("pk")
    ).exclude(visible_child_q(user))
    return (
        StrategyDiscussion.objects.filter(signed_off_at__isnull=True)
        .exclude(Exists(hidden_child))
        .select_related("recorded_by", "recorded_by__team")
        .prefetch_related(Prefetch("children", queryset=Child.objects.order_by("pk")))
        .order_by("held_at", "pk")
    )


def s47_enquiry_for(user, pk) -> S47Enquiry:
    enquiry = (
        S47Enquiry.objects.filter(visible_child_q(user), pk=pk)
        .select_related("child", "strategy_discussion", "outcome_recorded_by")
        .first()
    )
    if enquiry is None:
        raise Http404("No enquiry found")
    return enquiry


# --- Search ---------------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: ParsedQuery
    children: list[Child]
    has_more: bool

    @property
    def count(self) -> int:
        return len(self.children)


def _as_results(children):
    """What a search result shows of each child, with its lead social worker's name as
    `lead_social_worker_name` (one object a row, not two)."""
    return children.only(*SEARCH_RESULT_FIELDS).annotate(
        lead_social_worker_name=F("lead_social_worker__full_name")
    )


def _term_conditions(term: str) -> tuple[Q, Q, Q]:
    exact = Q(kind=SearchTokenKind.NAME, token=term)
    bound = prefix_upper_bound(term)
    if len(term) >= 2:
        prefix = Q(kind=SearchTokenKind.NAME, token__gte=term)
        if bound:
            prefix &= Q(token__lt=bound)
    else:
        prefix = exact
    sound = Q(kind=SearchTokenKind.SOUND, token=phonetic_key(term))
    return exact, prefix, sound


def search_children(*, user, query: str, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Find children by name (any order, sound-alike spellings, the start of a name), date of
    birth (or expected date of delivery), NHS number, child ID or UPN, all from one box.

    At most two queries, each using an index: the token table (or the identifier columns)
    finds and ranks at most `limit` + 1 children, then those children are read.
    """
    parsed = parse_query(query)
    if parsed.is_empty or not may_see_authority_children(user):
        return SearchResults(query=parsed, children=[], has_more=False)
    visible = children_visible_to(user)

    filters = Q()
    if parsed.dates:
        filters &= Q(date_of_birth__in=parsed.dates) | Q(expected_date_of_delivery__in=parsed.dates)
    if parsed.nhs_number or parsed.identifiers:
        identifier_match = Q()
        if parsed.nhs_number:
            identifier_match |= Q(nhs_number=parsed.nhs_number)
        for identifier in parsed.identifiers:
            identifier_match |= Q(local_child_id=identifier) | Q(upn=identifier)
            if identifier.isdigit() and len(identifier) == 10:
                identifier_match |= Q(nhs_number=identifier)
        filters &= identifier_match

    if not parsed.names:
        found = list(
            _as_results(visible.filter(filters)).order_by("legal_surname", "legal_forename", "pk")[
                : limit + 1
            ]
        )
        return SearchResults(query=parsed, children=found[:limit], has_more=len(found) > limit)

    # Rank by how well each term matched: the whole name 3, the start of a name 2, sounds like 1.
    # Every term must match something, in any order.
    conditions = [_term_conditions(term) for term in parsed.names]
    scores = {}
    for index, (exact, prefix, sound) in enumerate(conditions):
        scores[f"term_{index}"] = Max(
            Case(
                When(exact, then=3),
                When(prefix, then=2),
                When(sound, then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
    any_term = reduce(or_, (exact | prefix | sound for exact, prefix, sound in conditions))
    tokens = ChildSearchToken.objects.filter(any_term, child__in=visible.filter(filters))
    ranked = tokens.values("child_id").annotate(**scores)
    if len(scores) > 1:
        # One term needs no such check: every token row matched it, so its score is at least 1.
        ranked = ranked.filter(**{f"{name}__gt": 0 for name in scores})
    ranked = list(
        ranked.annotate(score=reduce(lambda a, b: a + b, (F(name) for name in scores)))
        .order_by("-score", "child_id")
        .values_list("child_id", "score")[: limit + 1]
    )
    score_of = dict(ranked[:limit])
    found = list(_as_results(Child.objects.filter(pk__in=list(score_of))).order_by())
    found.sort(
        key=lambda c: (-score_of[c.pk], c.legal_surname.lower(), c.legal_forename.lower(), c.pk)
    )
    return SearchResults(query=parsed, children=found, has_more=len(ranked) > limit)


def open_family_link_of(child: Child, pk) -> FamilyLink:
    """One of the child's current family links (404 if it ended or is another child's)."""
    return get_object_or_404(
        FamilyLink.objects.select_related("person"), pk=pk, child=child, ended_at__isnull=True
    )


def open_involvement_of(child: Child, pk) -> ProfessionalInvolvement:
    """One of the professionals currently involved with the child."""
    return get_object_or_404(
        ProfessionalInvolvement.objects.select_related("user", "agency"),
        pk=pk,
        child=child,
        ended_on__isnull=True,
    )


def active_agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


# --- Requests for a change of worker (issue 22 item 6) -------------------------------------------


def worker_change_requests(child) -> list:
    """The child's requests for a change of worker, newest first: one query (none when the
    child was read knowing there are none), with what the child's page shows of them (and the
    worker's managers, who may decide the open one)."""
    if not may_have(child, "worker_changes"):
        return []
    return list(
        ChangeOfWorkerRequest.objects.filter(child=child)
        .select_related("current_worker", "decided_by", "new_worker")
        .only(
            "requested_by_name",
            "requested_on",
            "reason",
            "agreed",
            "decision_reason",
            "decided_at",
            "current_worker__full_name",
            "current_worker__line_manager_id",
            "current_worker__team_id",
            "decided_by__full_name",
            "new_worker__full_name",
        )
        .order_by("-requested_on", "-pk")
    )


def open_worker_change_request(child):
    """The child's request waiting for the team manager's decision, or None."""
    return (
        ChangeOfWorkerRequest.objects.filter(child=child, agreed__isnull=True)
        .select_related("current_worker", "child")
        .first()
    )
