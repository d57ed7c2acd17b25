"""The list everyone who is given deadlines sees (social workers, team managers, the conference
service): their own open deadlines, the soonest first."""

from core.links import url_maker

from ._common import (
    _DUE_FIELDS,
    LIMIT,
    RULE_NAMES,
    WorkItem,
    WorkList,
    _due,
    _trim,
    _visible_deadlines,
)


def your_deadlines(user, now) -> WorkList:
    rows = list(
        _visible_deadlines(user)
        .filter(responsible=user)
        .select_related("child")
        .only(
            *_DUE_FIELDS,
            "child",
            "child__is_unborn",
            "child__legal_forename",
            "child__legal_surname",
        )
        .order_by("due_at", "pk")[: LIMIT + 1]
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
                details=[deadline.child.legal_name] if deadline.child_id else ["Several children"],
                due=due,
                overdue=overdue,
            )
        )
    return WorkList("your-deadlines", "Your deadlines", items, "You have no open deadlines.", more)
