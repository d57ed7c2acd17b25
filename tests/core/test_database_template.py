"""The migrated template the test processes clone (ADR 0069) is rebuilt when, and only when,
what it was built from changes."""

from tests import database_template


def _project(root, migration="operations = []\n", lock="lock 1\n"):
    (root / "app" / "migrations").mkdir(parents=True, exist_ok=True)
    (root / "app" / "migrations" / "0001_initial.py").write_text(migration)
    (root / "uv.lock").write_text(lock)
    return root


def test_the_fingerprint_is_the_same_for_the_same_migrations(tmp_path):
    first = database_template.migrations_fingerprint(_project(tmp_path / "a"))
    second = database_template.migrations_fingerprint(_project(tmp_path / "b"))
    assert first == second


def test_a_changed_migration_or_lock_file_changes_the_fingerprint(tmp_path):
    same = database_template.migrations_fingerprint(_project(tmp_path / "a"))
    migration = database_template.migrations_fingerprint(
        _project(tmp_path / "b", migration="operations = [1]\n")
    )
    lock = database_template.migrations_fingerprint(_project(tmp_path / "c", lock="lock 2\n"))
    assert len({same, migration, lock}) == 3


def test_a_new_migration_changes_the_fingerprint(tmp_path):
    root = _project(tmp_path)
    before = database_template.migrations_fingerprint(root)
    (root / "app" / "migrations" / "0002_more.py").write_text("operations = []\n")
    assert database_template.migrations_fingerprint(root) != before


def test_each_process_clones_the_template_it_was_given(monkeypatch):
    databases = {"default": {"NAME": "x", "TEST": {"NAME": "test_x_gw0"}}}
    monkeypatch.setenv(database_template.ENV_VAR, "test_x_template")
    database_template.use_template(databases)
    assert databases["default"]["TEST"] == {"NAME": "test_x_gw0", "TEMPLATE": "test_x_template"}


def test_without_a_template_the_database_is_created_as_before(monkeypatch):
    databases = {"default": {"NAME": "x"}}
    monkeypatch.delenv(database_template.ENV_VAR, raising=False)
    database_template.use_template(databases)
    assert databases == {"default": {"NAME": "x"}}


def test_this_run_database_has_every_migration_applied(db):
    """Whatever way it was created (cloned or migrated), nothing is left to apply."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
