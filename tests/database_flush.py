"""A transactional test's flush deletes the rows instead of truncating every table (ADR 73).

Django ends each transactional test (every browser test, and the concurrency and worker tests)
with one `TRUNCATE` of all 218 tables. PostgreSQL gives each truncated table, index and TOAST
table a new file, so the flush took about a second however little the test wrote; deleting the
few rows a test leaves takes a few hundredths. Every foreign key Django makes is deferred to the
commit, so the rows can go in any order within the flush's one transaction. A flush that resets
sequences (the `flush` command as a person runs it) is left as Django writes it.
"""

from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or not tables:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    # One statement, so a connection that prepares repeated statements (ADR 72) keeps one
    # prepared flush, not one for each of two hundred tables.
    deletes = " ".join(
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in sorted(tables)
    )
    return [f"DO $flush$ BEGIN {deletes} END $flush$;"]


def delete_instead_of_truncate() -> None:
    """Make every PostgreSQL connection of this test process flush by deleting rows."""
    DatabaseOperations.sql_flush = _sql_flush
