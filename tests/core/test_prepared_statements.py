"""A query a kept PostgreSQL connection runs again and again is prepared, so PostgreSQL plans it
once rather than on every page (ADR 72); a deployment behind a transaction-mode pooler turns
that off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import User
from tests.services import require_postgres

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgresql():
    require_postgres()


def test_a_query_run_five_times_on_a_connection_is_prepared(postgresql):
    # A shape no other test asks for, so the count starts where this test expects.
    for _ in range(6):
        list(User.objects.filter(pk=-20261207).only("id", "email"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"accounts_user"."email"%"accounts_user"."id" = $1%'],
        )
        assert cursor.fetchone()[0] >= 1


def test_the_connection_binds_on_the_server_and_prepares_after_five_runs(postgresql):
    options = connection.settings_dict["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def _options_with(environment: dict) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, our own settings)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": "postgres://someone@127.0.0.1:5432/anything",
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    assert _options_with({})["server_side_binding"] is True
    off = _options_with({"DATABASE_PREPARED_STATEMENTS": "false"})
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    assert off["options"] == "-c jit=off"  # the rest is unchanged
