"""The list everyone who is given deadlines sees (social workers, team managers, the conference
service): their own open deadlines, the soonest first."""

from core.links import url_maker
from timescales.presenters import RULE_NAMES

from ._common import (
    _DUE_FIELDS,
    CHILD_NAME_COLUMNS,
    LIMIT,
    WorkItem,
    WorkList,
    _child_name,
    _due,
    _trim,
    _visible_deadlines,
)


def your_deadlines(user, now) -> WorkList:
    """One query, of the columns the rows show only (no Deadline or Child instances)."""
    rows = list(
        _visible_deadlines(user)
        .filter(responsible=user)
        .order_by("due_at", "pk")
        .values_list(
            "pk",
            *_DUE_FIELDS,
            "child_id",
            *CHILD_NAME_COLUMNS,
            named=True,
        )[: LIMIT + 1]
    )
    rows, more = _trim(rows)
    deadline_url = url_maker("timescales:deadline-detail")
    items = []
    for deadline in rows:
        due, overdue = _due(deadline, now)
        items.append(
            WorkItem(
                text=RULE_NAMES.get(deadline.rule, deadline.rule),
                href=deadline_url(deadline.pk),
                details=[_child_name(deadline)] if deadline.child_id else ["Several children"],
                due=due,
                overdue=overdue,
            )
        )
    return WorkList("your-deadlines", "Your deadlines", items, "You have no open deadlines.", more)
