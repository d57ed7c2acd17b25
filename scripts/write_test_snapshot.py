"""Write tests/migrated_database.sql.gz: migrate a scratch PostgreSQL database from empty and
dump it (ADR 0071). Run by `make test-snapshot` after adding or changing a migration, or after
changing the locked dependencies; tests/core/test_database_snapshot.py says when it is due."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import database_snapshot  # noqa: E402 (the project root is on the path only now)

SCRATCH = "test_snapshot_scratch"


def main() -> None:
    server = os.environ.get("SNAPSHOT_SERVER", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(SCRATCH)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))
    url = f"{server}/{SCRATCH}"
    try:
        subprocess.run(  # noqa: S603 (our own manage.py, no shell)
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
            },
            check=True,
        )
        database_snapshot.write(url)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(SCRATCH))
            )
    size = database_snapshot.SNAPSHOT.stat().st_size
    print(f"Wrote {database_snapshot.SNAPSHOT.relative_to(ROOT)} ({size:,} bytes)")


if __name__ == "__main__":
    main()
