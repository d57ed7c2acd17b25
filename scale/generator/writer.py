"""Writing the generated rows: queued per model, flushed in WRITE_ORDER (COPY on PostgreSQL,
bulk_create elsewhere), then each new row copied into its history table in one statement.

The lowest layer of the generator: it uses only the state the Generator sets up (`pending`,
`summary`, `now`, `skip_triggers`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Max
from psycopg.types.json import Jsonb

from children.models import Child
from scale.generator.constants import HISTORY_DATES, WRITE_ORDER
from timescales.models import Deadline


@dataclass
class Summary:
    children: int = 0
    rows: dict = field(default_factory=lambda: defaultdict(int))


class RowWriter:
    """Queue rows with `add`, write them with `_flush`, copy them into history afterwards."""

    @staticmethod
    def _max_id(model) -> int:
        return model.objects.aggregate(top=Max("pk"))["top"] or 0

    def add(self, obj):
        self.pending[type(obj)].append(obj)
        return obj

    def _pending_children(self) -> int:
        return len(self.pending[Child])

    def _flush(self):
        for model in WRITE_ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            if model is Deadline:
                for row in rows:
                    row.subject_id = row._subject.pk
            if connection.vendor == "postgresql":
                self._copy_rows(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=2000)
            self.summary.rows[model] += len(rows)
        self.pending.clear()

    def _copy_rows(self, model, rows):
        """PostgreSQL: take the ids from the table's sequence, then COPY the rows in (several
        times faster than INSERT for the millions of rows of the largest size)."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.skip_triggers:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            fields = model._meta.concrete_fields
            relations = [f for f in fields if f.is_relation]
            for obj, pk in zip(rows, ids, strict=True):
                obj.pk = pk
                for relation in relations:
                    if relation.is_cached(obj):
                        related = relation.get_cached_value(obj)
                        setattr(obj, relation.attname, related.pk if related is not None else None)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in fields)
            json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
            file_fields = {f.attname for f in fields if f.get_internal_type() == "FileField"}
            stamped = {
                f.attname
                for f in fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            }
            names = [f.attname for f in fields]
            with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for obj in rows:
                    values = []
                    for name in names:
                        value = getattr(obj, name)
                        if name in json_fields:
                            value = Jsonb(value)
                        elif name in file_fields:
                            value = value.name or ""
                        elif value is None and name in stamped:
                            value = self.now
                        values.append(value)
                    copy.write_row(values)

    def _copy_history(self, model, *, after_id: int):
        historical = model.history.model
        source = {f.column for f in model._meta.concrete_fields}
        columns = [
            f.column
            for f in historical._meta.concrete_fields
            if f.column in source and f.column != "history_id"
        ]
        quote = connection.ops.quote_name
        when = HISTORY_DATES.get(model)
        date_sql = f"COALESCE({when}, %s)" if when else "%s"
        sql = (
            f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(map(quote, columns))}, "  # noqa: S608  # nosec B608
            "history_date, history_type, history_change_reason, history_user_id) "
            f"SELECT {', '.join('m.' + quote(c) for c in columns)}, {date_sql}, '+', %s, NULL "
            f"FROM {quote(model._meta.db_table)} m WHERE m.id > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    connection.ops.adapt_datetimefield_value(self.now),
                    "Generated by seed_scale",
                    after_id,
                ],
            )
            self.summary.rows[historical] += cursor.rowcount

    def _analyse(self):
        """Leave the database as autovacuum would within the hour: statistics for the planner,
        and the visibility map set, without which an index-only scan still reads the table."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (the tests wrap one round each).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
