"""The migrated test database, built once and cloned for each test process (ADR 0069).

Running every migration (a hundred files, with the data migrations that seed the roles, the
timescale policy and the bank holidays) is the slowest part of starting the suite, and under
pytest-xdist each worker did it at the same time on the same two cores. Instead the controller
migrates one PostgreSQL database, `<test database>_template`, and each worker's test database is
created from it with `CREATE DATABASE ... TEMPLATE`, a file copy that takes a second or two.
The template itself starts from a dump of a migrated database when the dump is current
(tests/database_snapshot.py, ADR 0071) and is then migrated. Django still runs `migrate` on the
copy, which finds nothing left to apply, so a copy that had fallen behind would be caught up
rather than trusted.

The template is kept between runs and labelled with a fingerprint of every migration file and
the lock file: it is rebuilt whenever a migration or a dependency changes, and reused otherwise.
SQLite runs, and runs that reuse their test database (`--reuse-db`), do not use a template.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from tests import database_snapshot

ENV_VAR = "TEST_DATABASE_TEMPLATE"
ROOT = Path(__file__).resolve().parent.parent


def migrations_fingerprint(root: Path = ROOT) -> str:
    """What the template's contents follow from: the project's migrations and the locked
    dependencies (whose own migrations, Django's among them, come with their versions)."""
    digest = hashlib.sha256()
    paths = sorted(root.glob("*/migrations/*.py")) + [root / "uv.lock"]
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def template_name(test_database_name: str) -> str:
    return f"{test_database_name}_template"


def prepare_template() -> str | None:
    """Make sure the migrated template exists and is current; return its name, or None when
    this run does not use one (not PostgreSQL)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    test_name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
    name = template_name(test_name)
    fingerprint = migrations_fingerprint()
    with _maintenance_connection(database) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == fingerprint:
            return name
        quoted = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(quoted))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    with _maintenance_connection(database, dbname=name) as connection:
        database_snapshot.load(connection)  # most migrations at once, if the dump is current
    _migrate(database, name)  # whatever the dump did not hold, or everything
    with _maintenance_connection(database) as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(quoted, sql.Literal(fingerprint))
        )
    return name


def _maintenance_connection(database: dict, dbname: str = "postgres") -> psycopg.Connection:
    """A connection to the server's `postgres` database, as Django's own test-database
    creation uses (or to the template being built), outside pytest-django's guard on database
    access (no test is running)."""
    return psycopg.connect(
        dbname=dbname,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    )


def _migrate(database: dict, name: str) -> None:
    """Run every migration into the template in a separate process, so this one keeps its
    Django state as pytest-django set it up."""
    url = "postgres://{user}@{host}:{port}/{name}".format(
        user=database.get("USER") or "postgres",
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        name=name,
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    result = subprocess.run(  # noqa: S603 (our own manage.py, no shell)
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"Migrating the test database template {name} failed:\n{result.stdout}{result.stderr}"
        )


def use_template(databases: dict) -> None:
    """In each test process: create the test database from the template the controller
    prepared (the name travels in the environment, which xdist workers inherit)."""
    name = os.environ.get(ENV_VAR)
    if name:
        databases["default"].setdefault("TEST", {})["TEMPLATE"] = name
