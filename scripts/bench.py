"""The scale benchmark (issue 10): `make bench` or `python scripts/bench.py --sizes 1000 10000`.

Each size has its own database, named after the one in DATABASE_URL (default `bench` on the
local PostgreSQL, so `bench_1000`, `bench_10000`, `bench_100000`), created and migrated when
missing. The first run generates each size's children with seed_scale and records how long that
took on the database itself (a COMMENT ON DATABASE), so a later run only measures: generating
100,000 children takes the better part of an hour on a 2-core machine, measuring a few minutes.
`--generate-only` fills the databases without measuring. For each size it measures through the
Django test client, in this process:
  * each page of PAGES: server time (median and 95th percentile of --requests requests, after
    two warm-up requests) and its SQL query count;
  * one timescale sweep over all open deadlines (rolled back, so each run finds the same rows)
    against one SQL statement counting the rows it would breach;
and at the largest size (--load-seconds, 0 to skip) 50 signed-in users on the work lists and
the dashboard against gunicorn on loopback (scripts/bench_load.py). It writes the table, with the
machine it ran on, to docs/performance.md.

The script is three modules: this one (the databases, who asks about what, the sweep, the load
and main), scripts/bench_pages.py (PAGES and measuring one page: adding a page is one line there)
and scripts/bench_report.py (the machine and docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench_load import gunicorn_command, run, wait_until_up
from bench_pages import PAGES, measure_page, measure_pages, multiples  # noqa: F401
from bench_profile import shares
from bench_report import (
    fmt,
    machine,
    save_pages,
    table_rows,
    write_pages_section,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SIZES = (1000, 10000, 100000)

# Django and the project's modules are imported inside the functions, not here: the script
# chooses the database and calls django.setup() in bench.main() before any of them runs.


# --- the database ---------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the benchmark database when it is missing (PostgreSQL only)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def empty_generated_tables() -> None:
    """Everything but the reference rows the migrations seed (roles, bank holidays, policy)."""
    from django.apps import apps
    from django.db import connection

    from accounts.models import Role
    from timescales.models import NonWorkingDay, TimescalePolicy

    keep = {model._meta.db_table for model in (Role, NonWorkingDay, TimescalePolicy)} | {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
    existing = set(connection.introspection.table_names())
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)} & existing - keep
    )
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")  # noqa: S608  # nosec B608
    from tests.reference_data import ensure_reference_data

    ensure_reference_data()


def database_for(base_url: str, size: int) -> str:
    """The URL of the database that holds `size` children: the base name with the size."""
    parts = urlsplit(base_url)
    return parts._replace(path=f"{parts.path.rstrip('/')}_{size}").geturl()


def use_database(url: str) -> None:
    """Point this process (and the gunicorn it starts) at `url`, creating and migrating it."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    name = urlsplit(url).path.lstrip("/")
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)


def _recorded_seconds() -> float | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0] or ""
    prefix = "seed_scale seconds: "
    return float(comment.removeprefix(prefix)) if comment.startswith(prefix) else None


def _record_seconds(seconds: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"COMMENT ON DATABASE {name} IS 'seed_scale seconds: {seconds:.0f}'")


def bring_to_size(size: int, seed: int) -> float | None:
    """Seconds it took to generate this database's children (None when not known: a database
    filled before the time was recorded)."""
    from django.core.management import call_command

    from children.models import Child

    count = Child.objects.count()
    if count == size:
        return _recorded_seconds()
    if count:
        print(f"Emptying {count} children to start again at {size}")
        empty_generated_tables()
    started = time.monotonic()
    call_command("seed_scale", children=size, seed=seed)
    seconds = time.monotonic() - started
    _record_seconds(seconds)
    return seconds


# --- who asks, and about what ---------------------------------------------------------------------


class Subjects:
    """The people and records each page is asked about: the busiest of each kind, so the
    numbers are the worst case a size holds, not an average."""

    def __init__(self):
        from django.db.models import Count

        from accounts.models import User
        from conferences.models import Conference, ConferenceKind, ConferenceStatus
        from plans.models import ChildProtectionPlan, PlanStatus
        from timescales.models import QanStatus, QualityAssuranceNotification

        busiest = (
            ChildProtectionPlan.objects.filter(status=PlanStatus.ACTIVE)
            .values("child__lead_social_worker")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        worker = User.objects.get(pk=busiest["child__lead_social_worker"])
        self.plan = (
            ChildProtectionPlan.objects.filter(
                status=PlanStatus.ACTIVE, child__lead_social_worker=worker
            )
            .order_by("started_on", "pk")
            .first()
        )
        self.child = self.plan.child
        self.search_query = f"q={self.child.legal_surname}"
        self.conference = (
            Conference.objects.filter(kind=ConferenceKind.INITIAL, status=ConferenceStatus.HELD)
            .annotate(n=Count("conference_children"))
            .order_by("-n", "-starts_at")
            .first()
        )
        next_booked = (
            Conference.objects.filter(status=ConferenceStatus.BOOKED, chair__isnull=False)
            .values("chair")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        addressee = (
            QualityAssuranceNotification.objects.exclude(status=QanStatus.CLOSED)
            .values("addressed_to")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        self.users = {
            "social_worker": worker,
            "conference_chair": self.conference.chair,
            "chair": User.objects.get(pk=next_booked["chair"])
            if next_booked
            else self.conference.chair,
            "qa_manager": User.objects.filter(roles__code="qa_manager").order_by("pk").first(),
            "qan_addressee": User.objects.get(pk=addressee["addressed_to"]),
        }

    @functools.cached_property
    def census(self):
        """Prepared when a census page is first measured, after the other pages: building a
        whole year's return churns the database's buffers, which would slow what came next."""
        return prepare_census(self.users["qa_manager"])

    @property
    def census_run(self):
        return self.census[0]

    @property
    def census_seconds(self) -> float:
        return self.census[1]


def prepare_census(qa_manager):
    """One census run for the collection year ending on the last 31 March, prepared here as the
    Celery task would prepare it; returns the run and the seconds it took."""
    from django.utils import timezone

    from returns.models import CensusRun
    from returns.services import prepare_census as prepare

    today = timezone.localdate()
    year_end = today.year if (today.month, today.day) >= (3, 31) else today.year - 1
    run = CensusRun.objects.create(
        reference_date=datetime.date(year_end, 3, 31), requested_by=qa_manager
    )
    started = time.perf_counter()
    run = prepare(run.pk)
    return run, time.perf_counter() - started


# --- measuring ------------------------------------------------------------------------------------


def measure_sweep(runs: int = 3) -> dict:
    """One sweep (rolled back each time) against one SQL statement counting what it breaches."""
    from django.db import connection, transaction
    from django.utils import timezone

    from timescales.models import Deadline, DeadlineStatus
    from timescales.sweep import run_sweep

    class Rollback(Exception):
        pass

    now = timezone.now()
    table = Deadline._meta.db_table
    counts, count_ms, update_ms, sweep_ms, breached, steps = [], [], [], [], [], []
    for _ in range(runs):
        # The least any sweep must do: one UPDATE marking the same rows breached (rolled back).
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(
                    f"UPDATE {connection.ops.quote_name(table)} SET status = %s, "  # noqa: S608  # nosec B608
                    "breached_at = %s WHERE status = %s AND due_at <= %s",
                    [DeadlineStatus.BREACHED, now, DeadlineStatus.OPEN, now],
                )
                update_ms.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                f"SELECT count(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608  # nosec B608
                "WHERE status = %s AND due_at <= %s",
                [DeadlineStatus.OPEN, now],
            )
            counts.append(cursor.fetchone()[0])
            count_ms.append((time.perf_counter() - started) * 1000)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = run_sweep(now)
                sweep_ms.append((time.perf_counter() - started) * 1000)
                breached.append(result.breached)
                steps.append(result)
                raise Rollback
        except Rollback:
            pass
    open_total = Deadline.objects.filter(status=DeadlineStatus.OPEN).count()
    return {
        "open": open_total,
        "overdue": counts[0],
        "breached": breached[0],
        "count_ms": statistics.median(count_ms),
        "update_ms": statistics.median(update_ms),
        "sweep_ms": statistics.median(sweep_ms),
        "step_ms": {
            name: statistics.median(result.seconds[name] * 1000 for result in steps)
            for name in steps[0].seconds
        },
        "reminders": steps[0].reminders,
        "emails": steps[0].emails,
    }


def run_load(seconds: int, users: int, port: int) -> dict:
    """50 signed-in users on the work lists and the dashboard against gunicorn on loopback."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    people = {
        code: list(User.objects.filter(roles__code=code).order_by("pk")[:users])
        for code in ("social_worker", "chair", "qa_manager")
    }
    targets = []
    for number in range(users):
        code, path = [
            ("social_worker", "/"),
            ("chair", "/"),
            ("qa_manager", "/timescales/dashboard/"),
        ][number % 3]
        client = Client()
        client.force_login(people[code][number % len(people[code])])
        targets.append((path, client.cookies[settings.SESSION_COOKIE_NAME].value))
    cookie_file = ROOT / ".bench-sessions"
    cookie_file.write_text(
        "\n".join(f"{path} {settings.SESSION_COOKIE_NAME}={value}" for path, value in targets)
    )
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "60"}
    server = subprocess.Popen(  # noqa: S603  # nosec B603 - fixed arguments
        gunicorn_command(sys.executable, port, ROOT),
        env=env,
    )
    try:
        wait_until_up(port)
        return run(port=port, sessions=cookie_file.read_text().splitlines(), seconds=seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
        cookie_file.unlink(missing_ok=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-users", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument(
        "--profile-requests",
        type=int,
        default=10,
        help="profiled requests of each page, after the timed ones (0: no profile)",
    )
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="measure the pages and print them; no sweep, no load, no report",
    )
    parser.add_argument(
        "--label",
        help="with --pages-only: keep the pages' multiples of the floor under this label (before, "
        "after) in --pages-results and write them into --output's before-and-after section",
    )
    parser.add_argument("--pages-results", default=str(ROOT / "docs" / "performance-pages.json"))
    parser.add_argument(
        "--generate-only", action="store_true", help="fill each size's database; measure nothing"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    base = os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    if not base.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    first = database_for(base, min(args.sizes))
    ensure_database(first)
    os.environ["DATABASE_URL"] = first
    import django

    django.setup()
    host = None
    runs, load = [], None
    for size in sorted(args.sizes):
        print(f"== {size:,} children")
        use_database(database_for(base, size))
        seeded = bring_to_size(size, args.seed)
        if args.generate_only:
            print(f"  generated in {fmt(seeded)} s")
            continue
        host = host or machine()
        subjects = Subjects()
        pages = measure_pages(PAGES, subjects, args.requests, args.profile_requests)
        ratios = multiples(pages)
        for result in pages:
            median_x, p95_x = ratios.get(result.label, (None, None))
            print(
                f"  {result.label}: {result.status} {fmt(result.median_ms, 1)} / "
                f"{fmt(result.p95_ms, 1)} ms ({fmt(median_x, 1)}x / {fmt(p95_x, 1)}x the floor), "
                f"{result.queries} queries; {shares(result.profile) if result.profile else ''}"
            )
        if args.pages_only:
            if args.label:
                save_pages(Path(args.pages_results), args.label, size, pages, machine())
                write_pages_section(Path(args.output), Path(args.pages_results))
            continue
        sweep = measure_sweep()
        print(f"  sweep: {sweep}")
        runs.append(
            {
                "size": size,
                "pages": pages,
                "sweep": sweep,
                "seed_seconds": seeded,
                "census_seconds": subjects.census_seconds,
                "census_children": subjects.census_run.children,
                "rows": table_rows(),
            }
        )
        if size == max(args.sizes) and args.load_seconds > 0:
            load = run_load(args.load_seconds, args.load_users, args.port)
            load["size"] = size
            print(f"  load: {load}")
    if args.generate_only or args.pages_only:
        return
    write_report(Path(args.output), runs, load, host, args.requests)


if __name__ == "__main__":
    main()
