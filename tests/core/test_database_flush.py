"""A transactional test ends by deleting its rows, not truncating every table (ADR 73), and the
database is as empty afterwards as a truncate leaves it."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.accounts import TeamFactory, UserFactory
from tests.reference_data import ensure_reference_data
from tests.services import require_postgres


@pytest.fixture
def postgresql():
    require_postgres()


def _tables_with_rows() -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608 (Django's own table names)
                for table in tables
            )
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_transactional_tests_deletes_every_row_without_truncating(postgresql):
    # Rows that refer to each other (a user in a team of an agency), so the order matters
    # unless the foreign keys wait for the commit.
    UserFactory(team=TeamFactory(), roles=["social_worker"])
    assert _tables_with_rows()

    with CaptureQueriesContext(connection) as queries:
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False)

    statements = " ".join(query["sql"] for query in queries).upper()
    assert "TRUNCATE" not in statements
    assert "DELETE FROM" in statements
    # Only what post_migrate puts back (content types and permissions) is left.
    assert set(_tables_with_rows()) <= {"django_content_type", "auth_permission"}
    ensure_reference_data()


def test_a_flush_that_resets_sequences_is_left_to_django(postgresql):
    [statement] = connection.ops.sql_flush(
        no_style(), ["accounts_user"], reset_sequences=True, allow_cascade=False
    )
    assert statement.startswith("TRUNCATE") and "RESTART IDENTITY" in statement
