"""The dashboard's numbers: overdue and due-soon deadlines by timescale, team, person responsible,
chair and agency (ADR 30), all from one grouped scan of the deadlines (ADR 33).

The scan groups by ids only and the names come from small lookups (`Names`): joining the team,
two people and three agencies to every overdue deadline and grouping by their names cost more
than the scan itself at a regional authority's size, and a second scan for the numbers by
timescale as much again (issue 25).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Case, Count, F, Value, When

from accounts.models import Agency, Team, User

from .models import RuleCode

BREAKDOWN_ROWS_SHOWN = 10
BREAKDOWN_CSV_HEADER = ["Overdue", "Due in the next 5 working days"]

# slug: (title, first column, what to call an empty one)
BREAKDOWNS = {
    "team": ("By team", "Team", "Team not recorded"),
    "worker": ("By person responsible", "Person responsible", "Not allocated"),
    "chair": ("By chair", "Chair", "No chair"),
    "agency": ("By agency", "Agency", "Agency not recorded"),
}

# The ids a group of deadlines is counted by, in the order of each group's tuple.
GROUP_KEYS = ("rule", "team_id", "responsible_id", "chair_id", "agency_id")


def counted_groups(queryset, window, *, count_live: bool = False) -> list[tuple]:
    """(rule, team id, responsible id, chair id, agency id, overdue, overdue or due soon[, live])
    for the overdue and due-soon deadlines of `queryset`: one grouped query.

    With `count_live` every live deadline is counted too (the "All open" choice shows how many),
    in the same scan: those neither overdue nor due soon make one group a timescale, ids None."""
    urgent = window.urgent
    if not count_live:
        return list(
            queryset.filter(urgent)
            .order_by()
            .values_list(*GROUP_KEYS)
            .annotate(overdue=Count("pk", filter=window.overdue), urgent=Count("pk"))
        )
    only_urgent = {f"urgent_{key}": Case(When(urgent, then=F(key))) for key in GROUP_KEYS[1:]}
    return list(
        queryset.order_by()
        .annotate(**only_urgent)
        .values_list("rule", *only_urgent)
        .annotate(
            overdue=Count("pk", filter=window.overdue),
            urgent=Count("pk", filter=urgent),
            live=Count("pk"),
        )
    )


def team_lookup() -> dict[int, tuple[str, bool, str]]:
    """Every team, in name order, as id: (name, active, agency's name): the filter's choices and
    the names of the teams a deadline is with (a team closed since still answers for its own)."""
    return {
        pk: (name, active, agency)
        for pk, name, active, agency in Team.objects.order_by("name").values_list(
            "pk", "name", "is_active", "agency__name"
        )
    }


@dataclass
class Names:
    """The names the dashboard shows for the ids it counted and listed."""

    teams: dict  # team_lookup()
    people: dict  # user id: (full name, their agency's name or "")
    agencies: dict  # agency id: name, for the agencies named on deadlines

    @classmethod
    def read(cls, teams: dict, agency_ids) -> "Names":
        """Everyone's name and the named agencies' in one query. Every user, not those counted:
        a list of a thousand ids costs more to send and plan than the users' names to read."""
        people = User.objects.order_by().values_list(
            Value(False), "pk", "full_name", "agency__name"
        )
        agency_ids = {pk for pk in agency_ids if pk is not None}
        if agency_ids:
            people = people.union(
                Agency.objects.filter(pk__in=agency_ids)
                .order_by()
                .values_list(Value(True), "pk", "name", "name"),
                all=True,
            )
        names, agencies = {}, {}
        for is_agency, pk, name, agency in people:
            if is_agency:
                agencies[pk] = name
            else:
                names[pk] = (name, agency or "")
        return cls(teams, names, agencies)

    def team(self, pk) -> str:
        return self.teams[pk][0] if pk in self.teams else ""

    def person(self, pk) -> str:
        return self.people[pk][0] if pk in self.people else ""

    def agency(self, agency_id, team_id, responsible_id) -> str:
        """The agency answerable when it is named, else the team's or the person's own agency."""
        if agency_id is not None:
            return self.agencies.get(agency_id, "")
        if team_id in self.teams:
            return self.teams[team_id][2]
        if responsible_id in self.people:
            return self.people[responsible_id][1]
        return ""


@dataclass(frozen=True)
class RuleCount:
    rule: str
    name: str
    overdue: int
    due_soon: int


class GroupCount(NamedTuple):
    """One row of a breakdown. A named tuple: a regional authority has a thousand of them on
    every dashboard, and a frozen dataclass took five times as long to make (issue 25)."""

    name: str
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class Breakdown:
    """Overdue and due-soon numbers grouped by who or what answers for them (ADR 30)."""

    slug: str
    title: str
    heading: str  # the first column's header
    rows: list[GroupCount]

    @property
    def top(self) -> list[GroupCount]:
        """The rows the page shows; the CSV has them all. A regional deployment has a thousand
        people with something overdue, and the page is for seeing where it gathers."""
        return self.rows[:BREAKDOWN_ROWS_SHOWN]

    @property
    def more(self) -> int:
        return max(len(self.rows) - BREAKDOWN_ROWS_SHOWN, 0)


@dataclass(frozen=True)
class Totals:
    """Each timescale's numbers and the whole's."""

    counts: list[RuleCount]  # the timescales with any overdue or due soon, most overdue first
    overdue: int
    due_soon: int
    live: int | None  # counted only with count_live


def rule_totals(groups: list[tuple], *, count_live: bool = False) -> Totals:
    """From counted_groups (with the same `count_live`)."""
    names = dict(RuleCode.choices)
    by_rule = defaultdict(lambda: [0, 0])
    live = 0
    for group in groups:
        tally = by_rule[group[0]]
        tally[0] += group[5]
        tally[1] += group[6]
        if count_live:
            live += group[7]
    counts = [
        RuleCount(rule, names.get(rule, rule), overdue, urgent - overdue)
        for rule, (overdue, urgent) in by_rule.items()
        if urgent
    ]
    counts.sort(key=lambda c: (-c.overdue, -c.due_soon, c.name))
    overdue = sum(c.overdue for c in counts)
    return Totals(
        counts,
        overdue,
        sum(c.due_soon for c in counts),
        live if count_live else None,
    )


def breakdowns(groups: list[tuple], names: Names) -> list[Breakdown]:
    """The overdue and due-soon deadlines of each team, person, chair and agency that has any,
    most overdue first; people with the same name stay apart (by id), agencies go by name."""
    totals = {slug: defaultdict(lambda: [0, 0]) for slug in BREAKDOWNS}
    teams, workers, chairs, agencies = (totals[slug] for slug in BREAKDOWNS)
    for _, team_id, responsible_id, chair_id, agency_id, overdue, urgent, *_ in groups:
        if not urgent:
            continue
        for tally in (
            teams[team_id],
            workers[responsible_id],
            chairs[chair_id],
            agencies[names.agency(agency_id, team_id, responsible_id)],
        ):
            tally[0] += overdue
            tally[1] += urgent
    name_of = {
        "team": names.team,
        "worker": names.person,
        "chair": names.person,
        "agency": lambda name: name,
    }
    result = []
    for slug, (title, heading, empty) in BREAKDOWNS.items():
        counts = [
            GroupCount(
                (name_of[slug](key) if key is not None else "") or empty,
                overdue,
                urgent - overdue,
            )
            for key, (overdue, urgent) in totals[slug].items()
        ]
        counts.sort(key=lambda c: (-c.overdue, -c.due_soon, c.name))
        result.append(Breakdown(slug, title, heading, counts))
    return result
