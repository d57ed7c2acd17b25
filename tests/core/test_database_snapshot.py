"""The dump the test database's template starts from (ADR 0071) stands in for the migrations
only while it is exactly what they build; otherwise the template is migrated as before."""

import gzip
import json

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from tests import database_snapshot


def _project(root, migration="operations = []\n", lock="lock 1\n"):
    (root / "app" / "migrations").mkdir(parents=True, exist_ok=True)
    (root / "app" / "migrations" / "0001_initial.py").write_text(migration)
    (root / "uv.lock").write_text(lock)
    return root


def _dump(path, manifest, body):
    text = f"{database_snapshot.MANIFEST_PREFIX}{json.dumps(manifest)}\n{body}"
    path.write_bytes(gzip.compress(text.encode()))
    return path


def test_the_committed_dump_is_current_with_the_migrations_and_the_lock_file():
    found = database_snapshot.read()
    assert found is not None, "tests/migrated_database.sql.gz is missing: run make test-snapshot"
    manifest, _ = found
    behind = database_snapshot.missing_from(manifest)
    assert database_snapshot.usable(manifest) and not behind, (
        "The test database dump is behind the migrations or uv.lock "
        f"(new since: {behind}): run make test-snapshot"
    )


def test_a_changed_migration_or_lock_file_stops_the_dump_being_used(tmp_path):
    manifest = database_snapshot.current_manifest(_project(tmp_path / "a"))
    assert database_snapshot.usable(manifest, _project(tmp_path / "b"))
    assert not database_snapshot.usable(
        manifest, _project(tmp_path / "c", migration="operations = [1]\n")
    )
    assert not database_snapshot.usable(manifest, _project(tmp_path / "d", lock="lock 2\n"))


def test_a_migration_removed_since_the_dump_stops_it_being_used(tmp_path):
    root = _project(tmp_path)
    (root / "app" / "migrations" / "0002_more.py").write_text("operations = []\n")
    manifest = database_snapshot.current_manifest(root)
    (root / "app" / "migrations" / "0002_more.py").unlink()
    assert not database_snapshot.usable(manifest, root)


def test_a_migration_added_since_the_dump_is_applied_on_top_of_it(tmp_path):
    root = _project(tmp_path)
    manifest = database_snapshot.current_manifest(root)
    (root / "app" / "migrations" / "0002_more.py").write_text("operations = []\n")
    assert database_snapshot.usable(manifest, root)
    assert database_snapshot.missing_from(manifest, root) == ["app/migrations/0002_more.py"]


def test_no_dump_or_a_dump_without_its_manifest_is_not_read(tmp_path):
    assert database_snapshot.read(tmp_path / "absent.sql.gz") is None
    broken = tmp_path / "broken.sql.gz"
    broken.write_bytes(gzip.compress(b"CREATE TABLE x (id int);\n"))
    assert database_snapshot.read(broken) is None


@pytest.fixture(scope="module")
def _scratch_server():
    """An empty PostgreSQL database of this module's own, created and dropped once (dropping a
    database waits for a checkpoint, seconds each time)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the dump is a PostgreSQL dump")
    params = {
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    name = f"{database['NAME']}_snapshot_probe"
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(drop)
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(dbname=name, autocommit=True, **params) as connection:
            yield connection
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
            server.execute(drop)


@pytest.fixture
def scratch_database(_scratch_server):
    """The scratch database, emptied for each test."""
    _scratch_server.execute("DROP SCHEMA public CASCADE")
    _scratch_server.execute("CREATE SCHEMA public")
    return _scratch_server


def _tables(connection):
    return {
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    }


def test_a_dump_postgresql_refuses_leaves_the_database_empty_to_migrate(tmp_path, scratch_database):
    root = _project(tmp_path)
    dump = _dump(
        tmp_path / "bad.sql.gz",
        database_snapshot.current_manifest(root),
        "CREATE TABLE half_loaded (id int);\nTHIS IS NOT SQL;\n",
    )
    assert database_snapshot.load(scratch_database, dump, root) is False
    assert _tables(scratch_database) == set()


def test_a_current_dump_is_loaded_in_one_go(tmp_path, scratch_database):
    root = _project(tmp_path)
    dump = _dump(
        tmp_path / "good.sql.gz",
        database_snapshot.current_manifest(root),
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE TABLE public.loaded (id int);\nINSERT INTO public.loaded VALUES (1), (2);\n",
    )
    assert database_snapshot.load(scratch_database, dump, root) is True
    assert _tables(scratch_database) == {"loaded"}
    # The dump's empty search_path does not outlive it.
    assert scratch_database.execute("SELECT count(*) FROM loaded").fetchone() == (2,)


def test_a_stale_dump_is_not_loaded(tmp_path, scratch_database):
    root = _project(tmp_path)
    dump = _dump(
        tmp_path / "stale.sql.gz",
        database_snapshot.current_manifest(_project(tmp_path / "other", lock="lock 2\n")),
        "CREATE TABLE public.loaded (id int);\n",
    )
    assert database_snapshot.load(scratch_database, dump, root) is False
    assert _tables(scratch_database) == set()
