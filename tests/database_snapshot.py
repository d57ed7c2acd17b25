"""A dump of the migrated test database, loaded instead of running every migration (ADR 0071).

Migrating an empty database takes minutes: Django rebuilds its in-memory models for nearly every
operation of the 120-odd migrations, and every model here is related to the user model, so each
rebuild touches most of them. A fresh machine (CI, a new checkout) paid that once per run. The
template (tests/database_template.py) is now built by loading this dump, made by `make
test-snapshot` with pg_dump, and then running `migrate`, which applies whatever migrations are
newer than the dump. Correctness never depends on the dump being current:

- the dump's first line lists the hash of every migration file it contains and of `uv.lock`;
  if any of those files has changed or gone since, the dump is not used;
- a migration added since the dump is applied by `migrate` on top of it;
- a dump PostgreSQL will not load is dropped, and the database is migrated from empty.

A test (tests/core/test_database_snapshot.py) fails when the dump is behind the migrations, so
it is kept current rather than slowly going back to minutes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "migrated_database.sql.gz"
MANIFEST_PREFIX = "-- manifest: "


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_manifest(root: Path = ROOT) -> dict:
    """What a dump made now would contain: each migration file's hash and the lock file's."""
    return {
        "lock": _sha(root / "uv.lock"),
        "migrations": {
            path.relative_to(root).as_posix(): _sha(path)
            for path in sorted(root.glob("*/migrations/*.py"))
            if path.name != "__init__.py"
        },
    }


def read(snapshot: Path = SNAPSHOT) -> tuple[dict, str] | None:
    """The dump's manifest and SQL, or None when there is no readable dump."""
    try:
        text = gzip.decompress(snapshot.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    first, _, sql = text.partition("\n")
    if not first.startswith(MANIFEST_PREFIX):
        return None
    try:
        manifest = json.loads(first.removeprefix(MANIFEST_PREFIX))
    except ValueError:
        return None
    return manifest, sql


def usable(manifest: dict, root: Path = ROOT) -> bool:
    """A dump may stand in for its migrations only if none of them, nor the locked
    dependencies (whose migrations it also holds), has changed since it was made."""
    now = current_manifest(root)
    if manifest.get("lock") != now["lock"]:
        return False
    dumped = manifest.get("migrations", {})
    return all(now["migrations"].get(path) == digest for path, digest in dumped.items())


def missing_from(manifest: dict, root: Path = ROOT) -> list[str]:
    """Migration files the repository has and the dump does not (applied on top of it)."""
    return sorted(set(current_manifest(root)["migrations"]) - set(manifest.get("migrations", {})))


def load(connection: psycopg.Connection, snapshot: Path = SNAPSHOT, root: Path = ROOT) -> bool:
    """Load the dump into the (empty) database of `connection` if it is usable; True if it was.
    On an error the transaction is rolled back, leaving the database empty to migrate."""
    found = read(snapshot)
    if found is None or not usable(found[0], root):
        return False
    try:
        with connection.transaction():
            # No parameters: psycopg sends the script as one simple query, many statements.
            connection.execute(found[1].encode("utf-8"))
    except psycopg.Error:
        return False
    finally:
        # The dump empties search_path for its own statements; later ones need the default.
        connection.execute("RESET ALL")
    return True


def write(database_url: str, snapshot: Path = SNAPSHOT, root: Path = ROOT) -> None:
    """Dump a freshly migrated database (`make test-snapshot`) with its manifest."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise SystemExit("make test-snapshot needs pg_dump (Debian: postgresql-client)")
    dump = subprocess.run(  # noqa: S603 (pg_dump with our own arguments, no shell)
        [
            pg_dump,
            "--no-owner",
            "--no-privileges",
            "--inserts",
            "--rows-per-insert=500",
            "--dbname",
            database_url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # psql meta-commands (newer pg_dump guards a dump with \restrict) are not SQL.
    sql = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    manifest = json.dumps(current_manifest(root), sort_keys=True, separators=(",", ":"))
    body = f"{MANIFEST_PREFIX}{manifest}\n{sql}\n".encode()
    snapshot.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
