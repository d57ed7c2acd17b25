"""Query pieces that must work on PostgreSQL (CI, production) and SQLite (`make run`)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import JSONField, Subquery


class _SQLiteJSONRows(Subquery):
    """SQLite has no arrays: the rows become one JSON array text, which JSONField decodes."""

    template = '(SELECT json_group_array(json(_rows."json")) FROM (%(subquery)s) _rows)'
    output_field = JSONField()


def json_rows(queryset):
    """A subquery's rows, each `queryset.values(json=JSONObject(...))`, as a list of dicts on
    the outer query's row, so a page reads a short list with no query of its own."""
    if connection.vendor == "postgresql":
        return ArraySubquery(queryset)
    return _SQLiteJSONRows(queryset)
