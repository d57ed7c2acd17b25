"""The dashboard's numbers: overdue and due-soon deadlines by timescale, team, person responsible,
chair and agency (ADR 30), all from one grouped scan of the deadlines (ADR 33).

The scan groups by ids only and the names come from small lookups (`Names`): joining the team,
two people and three agencies to every overdue deadline and grouping by their names cost more
than the scan itself at a regional authority's size, and a second scan for the numbers by
timescale as much again (issue 25).
"""

import heapq
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
    def read(cls, teams: dict, agency_ids, people=None) -> "Names":
        """The named agencies' names and the people's (everyone's when `people` is None), in one
        query. Everyone, for a spreadsheet of every row: a list of a thousand ids costs more to
        send and plan than the users' names to read. The page names only those it shows."""
        users = User.objects.order_by()
        if people is not None:
            users = users.filter(pk__in={pk for pk in people if pk is not None})
        rows = users.values_list(Value(False), "pk", "full_name", "agency__name")
        agency_ids = {pk for pk in agency_ids if pk is not None}
        if agency_ids:
            rows = rows.union(
                Agency.objects.filter(pk__in=agency_ids)
                .order_by()
                .values_list(Value(True), "pk", "name", "name"),
                all=True,
            )
        names, agencies = {}, {}
        for is_agency, pk, name, agency in rows:
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
    rows: list[GroupCount]  # every row; on the page, only those it shows (`top`)
    counted: int | None = None  # how many rows there are, when `rows` holds only the top

    @property
    def top(self) -> list[GroupCount]:
        """The rows the page shows; the CSV has them all. A regional deployment has a thousand
        people with something overdue, and the page is for seeing where it gathers."""
        return self.rows[:BREAKDOWN_ROWS_SHOWN]

    @property
    def count(self) -> int:
        return len(self.rows) if self.counted is None else self.counted

    @property
    def more(self) -> int:
        return max(self.count - BREAKDOWN_ROWS_SHOWN, 0)


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


# How a deadline's agency is known before any name is read, as Names.agency's arguments: the
# agency named on it; else its team (whose agency team_lookup knows); else the person responsible.
def _agency_key(agency_id, team_id, responsible_id) -> tuple:
    if agency_id is not None:
        return (agency_id, None, None)
    if team_id is not None:
        return (None, team_id, None)
    return (None, None, responsible_id)


def tally(groups: list[tuple]) -> dict[str, dict]:
    """Each breakdown's [overdue, overdue or due soon] by id (by team, person, chair) or by
    `_agency_key`, from counted_groups: the groups left out are neither."""
    totals = {slug: defaultdict(lambda: [0, 0]) for slug in BREAKDOWNS}
    teams, workers, chairs, agencies = (totals[slug] for slug in BREAKDOWNS)
    for _, team_id, responsible_id, chair_id, agency_id, overdue, urgent, *_ in groups:
        if not urgent:
            continue
        for tally_ in (
            teams[team_id],
            workers[responsible_id],
            chairs[chair_id],
            agencies[_agency_key(agency_id, team_id, responsible_id)],
        ):
            tally_[0] += overdue
            tally_[1] += urgent
    return totals


def _rank(tally_: list) -> tuple:
    """A row's place by its numbers (most overdue, then most due soon); its name comes after."""
    overdue, urgent = tally_
    return (-overdue, overdue - urgent)


def _may_be_first(counts: dict, limit: int | None) -> list:
    """The (key, tally) rows that can be among the first `limit` once named: the `limit` best
    by their numbers and every row tied with the last of them (a name then decides)."""
    if limit is None or len(counts) <= limit:
        return list(counts.items())
    last = heapq.nsmallest(limit, map(_rank, counts.values()))[-1]
    return [(key, tally_) for key, tally_ in counts.items() if _rank(tally_) <= last]


def shown_people(totals: dict[str, dict], limit: int = BREAKDOWN_ROWS_SHOWN) -> set:
    """The people whose names the page's breakdowns need (tally()'s totals): those who can be
    among the `limit` first of the people's breakdowns, and those by whom an agency is known."""
    people = {pk for slug in ("worker", "chair") for pk, _ in _may_be_first(totals[slug], limit)}
    people.update(responsible_id for _, _, responsible_id in totals["agency"])
    people.discard(None)
    return people


def breakdowns(groups: list[tuple], names: Names) -> list[Breakdown]:
    """The overdue and due-soon deadlines of each team, person, chair and agency that has any,
    most overdue first; people with the same name stay apart (by id), agencies go by name."""
    return breakdowns_from(tally(groups), names)


def breakdowns_from(totals: dict[str, dict], names: Names, *, limit=None) -> list[Breakdown]:
    """breakdowns() from tally()'s totals. With `limit`, each breakdown keeps only its `limit`
    first rows (and how many there are): `names` then need only the people `shown_people` lists."""
    by_agency = defaultdict(lambda: [0, 0])
    for key, (overdue, urgent) in totals["agency"].items():
        tally_ = by_agency[names.agency(*key)]
        tally_[0] += overdue
        tally_[1] += urgent
    totals = {**totals, "agency": by_agency}
    name_of = {
        "team": names.team,
        "worker": names.person,
        "chair": names.person,
        "agency": lambda name: name,
    }
    result = []
    for slug, (title, heading, empty) in BREAKDOWNS.items():
        rows = _may_be_first(totals[slug], limit)
        counts = [
            GroupCount(
                (name_of[slug](key) if key is not None else "") or empty,
                overdue,
                urgent - overdue,
            )
            for key, (overdue, urgent) in rows
        ]
        counts.sort(key=lambda c: (-c.overdue, -c.due_soon, c.name))
        if limit is None:
            result.append(Breakdown(slug, title, heading, counts))
        else:
            result.append(Breakdown(slug, title, heading, counts[:limit], len(totals[slug])))
    return result
