"""Set-based history for set-based writes.

django-simple-history records a change when a model is saved one row at a time. The timescale sweep
changes thousands of rows in one UPDATE, so it copies the changed rows into their history table
with one INSERT ... SELECT instead: the record still shows who (the scheduler) changed what and when.
"""

from django.db import connection


def insert_history_rows(model, *, where_sql: str, params: list, when, reason: str) -> int:
    """Copy the rows of `model` matching `where_sql` (over alias `m`) into its history table."""
    historical = model.history.model
    source_columns = {f.column for f in model._meta.concrete_fields}
    columns = [
        f.column
        for f in historical._meta.concrete_fields
        if f.column in source_columns and f.column != "history_id"
    ]
    history_table = connection.ops.quote_name(historical._meta.db_table)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    selected = ", ".join(f"m.{connection.ops.quote_name(c)}" for c in columns)
    sql = (
        f"INSERT INTO {history_table} ({quoted}, history_date, history_type, "  # noqa: S608  # nosec B608
        f"history_change_reason, history_user_id) "
        f"SELECT {selected}, %s, '~', %s, NULL FROM {table} m WHERE {where_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(when), reason, *params])
        return cursor.rowcount


def save_as(instance, *, by, reason: str | None = None, **save_kwargs):
    """Save `instance` with `by` as the history user (and `reason` as the change reason):
    services also run outside a request, where the history middleware knows no user."""
    instance._history_user = by
    if reason is not None:
        instance._change_reason = reason
    instance.save(**save_kwargs)
    return instance
