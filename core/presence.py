"""Whether a record's lists have any rows, asked as columns of the record's own query (ADR 80).

A page that shows a record and many short lists about it (a plan's midway notes, a child's
looked-after periods) used to read every list, and most are empty for most records: each empty
list was a query of its own, about a millisecond of Python to build and compile (issue 25). The
page asks "are there any?" for all of them in the record's query instead, one fixed EXISTS each,
and reads only the lists that have rows.

A condition is a SELECT written once, with `{app_label.Model}` for a table and `{self}` for the
record's own table, correlated to the record's row. It must find a row whenever the list would
(the same table, keyed by the record, without the list's other conditions), so "none" is always
true and "some" only means the list is read as before. Only table names are put into the SQL.
"""

import functools
import re

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

_TABLE = re.compile(r"\{(\w+\.\w+|self)\}")


@functools.cache
def _sql(condition: str, table: str) -> str:
    """`EXISTS (condition)` with its table names filled in, built once per condition."""

    def name(match) -> str:
        found = match[1]
        db_table = table if found == "self" else apps.get_model(found)._meta.db_table
        if not db_table:
            raise ValueError(f"{condition!r} names {{self}} with no record's table")
        return connection.ops.quote_name(db_table)

    return f"EXISTS ({_TABLE.sub(name, condition)})"


def presence(model, conditions: dict[str, str]) -> dict[str, RawSQL]:
    """`has_<name>` annotations for a query of `model`, one per condition. Raw SQL, not
    Exists(QuerySet): building and compiling a subquery costs nearly as much as the query it
    saves; these are strings, built once. They name the record's table, so they belong on the
    page's own query of the record, never on one used inside another (Django renames tables in a
    subquery)."""
    table = model._meta.db_table
    return {
        # Table names and fixed text only: no value is ever put into the SQL.
        f"has_{name}": RawSQL(_sql(condition, table), [], output_field=BooleanField())  # noqa: S611  # nosec B611
        for name, condition in conditions.items()
    }


def may_have(record, name: str) -> bool:
    """False only when `record` was read with `presence()` and its list `name` has no rows."""
    return getattr(record, f"has_{name}", True)


_USER = "{user}"


def rows_for_user(conditions: dict, user_id: int) -> dict:
    """For each condition (a SELECT as above, with `{user}` for the user's id), whether it finds a
    row: one query for them all. The user's id is a parameter, never text in the SQL."""
    keys = list(conditions)
    parts, params = [], []
    for key in keys:
        condition = conditions[key]
        params += [user_id] * condition.count(_USER)
        parts.append(_sql(condition.replace(_USER, "%s"), ""))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {key: bool(found) for key, found in zip(keys, row, strict=True)}
