"""The list everyone who is given deadlines sees (social workers, team managers, the conference
service): their own open deadlines, the soonest first."""

from django.urls import reverse

from ._common import LIMIT, WorkItem, WorkList, _due, _trim, _visible_deadlines


def your_deadlines(user, now) -> WorkList:
    rows = list(
        _visible_deadlines(user)
        .filter(responsible=user)
        .select_related("child")
        .order_by("due_at", "pk")[: LIMIT + 1]
    )
    rows, more = _trim(rows)
    items = []
    for deadline in rows:
        due, overdue = _due(deadline, now)
        items.append(
            WorkItem(
                text=deadline.get_rule_display(),
                href=reverse("timescales:deadline-detail", args=[deadline.pk]),
                details=[deadline.child.legal_name] if deadline.child_id else ["Several children"],
                due=due,
                overdue=overdue,
            )
        )
    return WorkList("your-deadlines", "Your deadlines", items, "You have no open deadlines.", more)
