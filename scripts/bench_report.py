"""The scale benchmark's report: the machine it ran on and the tables of docs/performance.md
(pages, the timescale sweep, the census, generating the data, under load).

Part of `scripts/bench.py` (`make bench`), which imports it.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from bench_pages import FLOOR, PAGES, multiples
from bench_profile import CATEGORIES

# Django and the project's modules are imported inside the functions, not here: the script
# chooses the database and calls django.setup() in bench.main() before any of them runs.


def machine() -> dict:
    from django.db import connection
    from django.utils import timezone

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GB"
    except OSError:
        ram = "unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": ram,
        "PostgreSQL": version,
        "Python": platform.python_version(),
        "Date": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),  # the one clock, in UTC
        "Load average when it started": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def fmt(value, digits=0):
    return "" if value is None else f"{value:.{digits}f}"


def write_report(output: Path, runs: list[dict], load: dict | None, host: dict, requests: int):
    sizes = [run["size"] for run in runs]
    lines = [
        "# Performance at scale",
        "",
        "Written by `make bench` (`scripts/bench.py`); do not edit the numbers by hand. How the data",
        "is generated and what the budgets are: ADR 0033 (`docs/adr/0033-scale-benchmark.md`).",
        "",
        "## The machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in host.items()],
        "",
        "## Pages",
        "",
        f"Server time through the Django test client in one process (median and 95th percentile of "
        f"{requests} requests after two warm-up requests) and SQL queries per request. The census "
        "download is streamed from private storage, so its time is until the file starts. "
        "Budgets: the "
        "same query count at every size; under 200 ms at the 95th percentile at 100,000 children.",
        "",
        "| page | "
        + " | ".join(f"{size:,} children: median / p95 ms, queries" for size in sizes)
        + " |",
        "| --- | " + " | ".join("---" for _ in sizes) + " |",
    ]
    for number, page in enumerate(PAGES):
        cells = []
        for run in runs:
            result = run["pages"][number]
            if result.median_ms is None:
                cells.append(result.status)
            else:
                note = "" if result.status == "ok" else f" ({result.status})"
                cells.append(
                    f"{fmt(result.median_ms)} / {fmt(result.p95_ms)} ms, {result.queries} q{note}"
                )
        lines.append(f"| {page.label} | " + " | ".join(cells) + " |")
    lines += floor_lines(runs)
    lines += [
        "",
        "## The timescale sweep",
        "",
        "One run of `timescales.sweep.run_sweep` (median of three, each rolled back, so every run "
        "finds the same rows) against one SQL statement counting the open deadlines already past "
        "due, and against one UPDATE that marks the same rows breached (the least any sweep must "
        "write). The sweep's set-based part (marking the breaches and raising their QANs, with their "
        "history rows) is what grows with the table; the reminders and QAN emails cost one "
        "rendered message each, so they grow with the messages sent, not with the data. The "
        "generated data has nobody reminded yet, so the reminders are the worst case: the first "
        "sweep of a day after two days without one.",
        "",
        "| children | open deadlines | overdue (the count) | count ms | one UPDATE of them ms | "
        "sweep ms | breaches and QANs ms (ratio to the count; to the UPDATE) | reminders ms | "
        "QAN emails ms | plans ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        sweep = run["sweep"]
        step = sweep.get("step_ms", {})
        set_based = step.get("breaches and QANs")
        update = sweep.get("update_ms")
        ratio = ""
        if set_based and sweep["count_ms"]:
            ratio = f" ({set_based / sweep['count_ms']:.0f}x"
            ratio += f"; {set_based / update:.1f}x)" if update else ")"
        lines.append(
            f"| {run['size']:,} | {sweep['open']:,} | {sweep['overdue']:,} "
            f"| {fmt(sweep['count_ms'], 1)} | {fmt(update, 1)} | {fmt(sweep['sweep_ms'], 1)} "
            f"| {fmt(set_based, 1)}{ratio} "
            f"| {fmt(step.get('reminders'), 1)} ({sweep.get('reminders', 0):,} deadlines) "
            f"| {fmt(step.get('QAN emails'), 1)} ({sweep.get('emails', 0):,} emails) "
            f"| {fmt(step.get('plans'), 1)} |"
        )
    lines += [
        "",
        "## The census, prepared in the background",
        "",
        "A whole collection year's return, built, written as XML and checked against the schema "
        "and the DfE rules by a Celery task (ADR 35), so no request waits for it; its time grows "
        "with the year's work by nature.",
        "",
        "| children | children in the return | seconds to prepare |",
        "| --- | --- | --- |",
        *[
            f"| {run['size']:,} | {run.get('census_children', 0):,} | "
            f"{fmt(run.get('census_seconds'), 1)} |"
            for run in runs
        ],
    ]
    lines += [
        "",
        "## Generating the data",
        "",
        "Each size has its own database; the time is seed_scale's, recorded when it filled it.",
        "",
        "| children | rows in the database | seconds to generate |",
        "| --- | --- | --- |",
    ]
    for run in runs:
        seconds = fmt(run["seed_seconds"]) or "not recorded"
        lines.append(f"| {run['size']:,} | {run['rows']:,} | {seconds} |")
    if load:
        lines += [
            "",
            "## Under load",
            "",
            f"{load['users']} signed-in users (a third each: social workers' and chairs' work lists, "
            f"the manager dashboard) for {load['seconds']} s against gunicorn (3 workers x 4 "
            f"threads) on loopback, at {load['size']:,} children. The load script runs on the same "
            "2-core machine, so its own threads take CPU from the server.",
            "",
            "| requests | errors | requests/s | median ms | p95 ms | p99 ms |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| {load['requests']:,} | {load['errors']} | {load['rate']:.1f} | "
            f"{fmt(load['median_ms'])} | {fmt(load['p95_ms'])} | {fmt(load['p99_ms'])} |",
        ]
        for path, stats in sorted(load["by_path"].items()):
            lines.append(
                f"\n`{path}`: {stats['requests']:,} requests, {stats['errors']} errors, "
                f"median {fmt(stats['median_ms'])} ms, p95 {fmt(stats['p95_ms'])} ms."
            )
    import json

    stored = output.parent / "performance-pages.json"
    if stored.exists():
        lines += ["", *pages_lines(json.loads(stored.read_text()))]
    stored = output.parent / "performance-load.json"
    if stored.exists():
        lines += ["", *load_lines(json.loads(stored.read_text()))]
    output.write_text("\n".join(lines) + "\n")
    print(f"Wrote {output}")


def floor_lines(runs: list[dict]) -> list[str]:
    """Each page as a multiple of the floor measured in the same run (issue 25), and where its
    time goes at the largest size."""
    sizes = [run["size"] for run in runs]
    lines = [
        "",
        "## Pages against the floor",
        "",
        f"The floor is `{FLOOR.label}`: the base layout after one indexed query, through the same "
        "middleware (ADR 70). The pages are measured in rounds, each round asking for every page "
        "once, so the machine's load falls on the pages and their floor alike. Each cell is the "
        "page's median and 95th percentile divided by the floor's. Budget (issue 25): every "
        "page's median at most 4x the floor at 100,000 children, the dashboard's at most 6x.",
        "",
        "| page | "
        + " | ".join(f"{size:,} children: median / p95 x floor" for size in sizes)
        + " |",
        "| --- | " + " | ".join("---" for _ in sizes) + " |",
    ]
    ratios = [multiples(run["pages"]) for run in runs]
    for page in PAGES:
        cells = []
        for by_label in ratios:
            pair = by_label.get(page.label)
            cells.append(f"{pair[0]:.1f}x / {pair[1]:.1f}x" if pair else "")
        lines.append(f"| {page.label} | " + " | ".join(cells) + " |")
    largest = runs[-1]
    profiled = [r for r in largest["pages"] if r.profile]
    if profiled:
        names = (*CATEGORIES, "rest")
        lines += [
            "",
            f"Where each page's time goes at {largest['size']:,} children: mean milliseconds per "
            "request over requests of their own after the timed ones (scripts/bench_profile.py), "
            "each moment counted once, in the innermost of SQL (the database cursor), templates "
            "(Django's Template.render, includes and form templates), permissions (rules and "
            "`has_perm`); the rest is middleware, views, forms and Python in between. Timing "
            "them costs a little, so these requests are slower than the timed ones.",
            "",
            "| page | " + " | ".join(f"{name} ms" for name in names) + " | total ms |",
            "| --- | " + " | ".join("---" for _ in names) + " | --- |",
        ]
        for result in profiled:
            total = sum(result.profile.values()) or 1
            cells = [
                f"{result.profile[name]:.1f} ({result.profile[name] / total:.0%})" for name in names
            ]
            lines.append(f"| {result.label} | " + " | ".join(cells) + f" | {total:.1f} |")
    return lines


def table_rows() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(sum(n_live_tup), 0) FROM pg_stat_user_tables"
            if connection.vendor == "postgresql"
            else "SELECT 0"
        )
        return int(cursor.fetchone()[0])


LOAD_START = "<!-- wrk load: written by scripts/bench_wrk.py -->"
LOAD_END = "<!-- /wrk load -->"


def load_lines(stored: dict) -> list[str]:
    """The wrk runs kept in docs/performance-load.json, one row per label (before, after)."""
    lines = [
        LOAD_START,
        "## Under load, driven by wrk: before and after (issue 25)",
        "",
        "Written by `scripts/bench_wrk.py` from `docs/performance-load.json`; do not edit the "
        "numbers by hand. Debian's `wrk` (compiled; ADR 70) drives signed-in sessions against "
        "gunicorn (3 workers x 4 threads, connections kept 30 s) on loopback, after a 10 s warm-up that is not "
        "recorded. *Stress*: 2 threads, 50 connections, "
        "back to back for 30 s, rotating the social workers' and chairs' work lists and the "
        "manager dashboard. *People*: 300 connections for 120 s, each a member of staff opening "
        "a work list, a child, a plan or the dashboard, then pausing 5-15 s (10 s on average), "
        "about 30 requests a second. An error is any answer but 200 or a failed connection. "
        "CPU shares are of the machine's cores over the run (wrk's from the kernel's accounting "
        "of the child process, gunicorn's from /proc). Each label's runs are back to back with "
        "the others' on the same machine and data.",
        "",
        "| run | code | children | load | requests | requests/s | errors | median ms | p95 ms | "
        "p99 ms | wrk CPU | gunicorn CPU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, record in stored.items():
        for kind in ("stress", "people"):
            run = record.get(kind)
            if not run:
                continue
            lines.append(
                f"| {label} ({record['date']}, load {record['load_average']}) "
                f"| {record['commit']} | {record['size']:,} | {kind}: {run['connections']} "
                f"connections, {run['seconds']:.0f} s | {run['requests']:,} | {run['rate']:.1f} "
                f"| {run['errors']} | {run['p50_ms']:.0f} | {run['p95_ms']:.0f} "
                f"| {run['p99_ms']:.0f} | {run['wrk_cpu_share']:.1%} "
                f"| {run.get('server_cpu_share', 0):.0%} |"
            )
    if "before" in stored and "after" in stored:
        before, after = stored["before"].get("stress"), stored["after"].get("stress")
        if before and after and before["rate"]:
            lines += [
                "",
                f"Stress, after against before: {after['rate'] / before['rate']:.2f}x the "
                "requests a second (budget: at least 2x).",
            ]
    lines.append(LOAD_END)
    return lines


def _replace_section(output: Path, start: str, end: str, lines: list[str]) -> None:
    text = output.read_text() if output.exists() else ""
    section = "\n".join(lines)
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    output.write_text(text)
    print(f"Wrote a section of {output}")


def write_load_section(output: Path, stored: dict) -> None:
    """Put the wrk section into docs/performance.md, replacing the one already there."""
    _replace_section(output, LOAD_START, LOAD_END, load_lines(stored))


PAGES_START = "<!-- pages before and after: written by scripts/bench.py --pages-only --label -->"
PAGES_END = "<!-- /pages before and after -->"


def save_pages(path: Path, label: str, size: int, results: list, host: dict) -> None:
    """Keep one run's pages (median and p95, as ms and as multiples of its floor) under a label."""
    import json

    stored = json.loads(path.read_text()) if path.exists() else {}
    ratios = multiples(results)
    stored[label] = {
        "size": size,
        "date": host["Date"],
        "load_average": host["Load average when it started"],
        "pages": {
            r.label: {
                "median_ms": r.median_ms,
                "p95_ms": r.p95_ms,
                "queries": r.queries,
                "median_x": ratios[r.label][0],
                "p95_x": ratios[r.label][1],
            }
            for r in results
            if r.label in ratios
        },
    }
    path.write_text(json.dumps(stored, indent=2) + "\n")


def pages_lines(stored: dict) -> list[str]:
    labels = list(stored)
    lines = [
        PAGES_START,
        "## Pages against the floor: before and after (issue 25)",
        "",
        "Written by `scripts/bench.py --pages-only --label ...` from "
        "`docs/performance-pages.json`; do not edit the numbers by hand. Each label is one run "
        "through the Django test client (pages in interleaved rounds, the floor page added to "
        "the code before the change only to measure it), back to back on the same data. Each "
        "cell: median and 95th percentile as multiples of that run's floor; median ms; queries.",
        "",
        "| page | "
        + " | ".join(
            f"{label} ({stored[label]['size']:,} children, {stored[label]['date']}, load "
            f"{stored[label]['load_average']})"
            for label in labels
        )
        + " |",
        "| --- | " + " | ".join("---" for _ in labels) + " |",
    ]
    names = list(dict.fromkeys(name for label in labels for name in stored[label]["pages"]))
    for name in names:
        cells = []
        for label in labels:
            page = stored[label]["pages"].get(name)
            cells.append(
                f"{page['median_x']:.1f}x / {page['p95_x']:.1f}x; {page['median_ms']:.1f} ms; "
                f"{page['queries']} q"
                if page
                else ""
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(PAGES_END)
    return lines


def write_pages_section(output: Path, stored_path: Path) -> None:
    import json

    _replace_section(
        output, PAGES_START, PAGES_END, pages_lines(json.loads(stored_path.read_text()))
    )
