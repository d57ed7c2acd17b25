"""What other apps add to the child's page at a glance: the current plan and category (the plans
app) and the next conference (the conferences app).

The children app cannot import those apps (they depend on it), so each registers a lookup in its
AppConfig.ready(). A lookup takes a list of children and the user and returns a dict keyed by
child id, answering for all the children with a fixed number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanSummary:
    """A child's current plan: 'Child protection plan', category 'Neglect', since a date."""

    plan: str
    category: str = ""
    since: datetime.date | None = None
    url: str = ""


@dataclass(frozen=True)
class ConferenceSummary:
    """A child's next conference, or the request for one waiting to be booked."""

    text: str
    when: datetime.date | datetime.datetime | None = None
    url: str = ""


Lookup = Callable[[list, object], dict]

_plan_lookups: list[Lookup] = []
_conference_lookups: list[Lookup] = []


def register_plan_lookup(lookup: Lookup) -> None:
    if lookup not in _plan_lookups:
        _plan_lookups.append(lookup)


def register_next_conference_lookup(lookup: Lookup) -> None:
    if lookup not in _conference_lookups:
        _conference_lookups.append(lookup)


def _merged(lookups: list[Lookup], children: list, user) -> dict:
    """The first lookup's answer wins for a child, so the later lookups are asked only about
    the children still without one (none left: no query)."""
    merged: dict = {}
    for lookup in lookups:
        unanswered = [child for child in children if child.pk not in merged]
        if not unanswered:
            break
        for child_id, value in lookup(unanswered, user).items():
            merged.setdefault(child_id, value)
    return merged


def plans_for(children: list, user) -> dict[int, PlanSummary]:
    return _merged(_plan_lookups, children, user)


def next_conferences_for(children: list, user) -> dict[int, ConferenceSummary]:
    return _merged(_conference_lookups, children, user)


# --- Sections other apps add to the child's page (issue 22 item 5) ------------------------------


@dataclass(frozen=True)
class ChildSection:
    """A section of the child's page written by another app: a heading, rows (text, link,
    detail; a row without a link is plain text), the links the user may follow to act, and what
    it says when there are no rows."""

    slug: str
    title: str
    rows: tuple = ()
    links: tuple = ()
    empty: str = ""


SectionBuilder = Callable[[object, object], "ChildSection | None"]

_section_builders: list[SectionBuilder] = []
_section_presence: dict[str, str] = {}


def register_child_section(build: SectionBuilder, presence: dict[str, str] | None = None) -> None:
    """An app adds a section (build(child, user) -> ChildSection, or None to show nothing).
    The child is one the user may see: the page read it through selectors.get_child_for.
    `presence`: conditions (core.presence) the page asks with the child, so the builder reads
    only the lists that have rows (core.presence.may_have(child, name))."""
    if build not in _section_builders:
        _section_builders.append(build)
    _section_presence.update(presence or {})


def section_presence() -> dict[str, str]:
    """The conditions the sections registered, for the child's own query."""
    return dict(_section_presence)


def sections_for(child, user) -> list[ChildSection]:
    sections = (build(child, user) for build in _section_builders)
    return [section for section in sections if section is not None]
