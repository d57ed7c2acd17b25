"""The pages the scale benchmark measures (PAGES) and how one page is measured through the
Django test client: server time (median and 95th percentile) and SQL queries per request.

Part of `scripts/bench.py` (`make bench`), which imports it; adding a page is one line in PAGES:
a label, URL names to try (the first that exists is used; "not yet built" when none does or the
page answers 404), who asks, and the URL's arguments.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

# Django and the project's modules are imported inside the functions, not here: the script
# chooses the database and calls django.setup() in bench.main() before any of them runs.


@dataclass(frozen=True)
class Page:
    label: str
    url_names: tuple[str, ...]
    who: str  # a key of Subjects.users
    args: str = ""  # an attribute of Subjects holding the object whose pk is the URL argument
    query: str = ""  # an attribute of Subjects holding the query string


PAGES = [
    Page("Child page", ("children:detail",), "social_worker", args="child"),
    Page("Plan page", ("plans:detail",), "social_worker", args="plan"),
    Page("Conference page", ("conferences:conference",), "conference_chair", args="conference"),
    Page("Social worker's work list (home)", ("home",), "social_worker"),
    Page("Chair's work list (home)", ("home",), "chair"),
    Page("Manager dashboard", ("timescales:dashboard",), "qa_manager"),
    Page("QAN inbox", ("timescales:qan-inbox",), "qan_addressee"),
    Page("Child search", ("children:search",), "social_worker", query="search_query"),
    # The census is prepared in the background (ADR 35); the preparation is timed on its own.
    Page("Census page (prepared)", ("returns:census-run",), "qa_manager", args="census_run"),
    Page("Census download (prepared)", ("returns:cin-census",), "qa_manager", args="census_run"),
]


@dataclass
class Result:
    label: str
    status: str
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    rows: dict = field(default_factory=dict)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_page(page: Page, subjects, requests: int) -> Result:
    """`subjects` is a bench.Subjects: who asks, and about which records."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    url = None
    args = [getattr(subjects, page.args).pk] if page.args else []
    for name in page.url_names:
        try:
            url = reverse(name, args=args)
            break
        except NoReverseMatch:
            continue
    if url is None:
        return Result(page.label, "not yet built")
    if page.query:
        url = f"{url}?{getattr(subjects, page.query)}"
    client = Client()
    client.force_login(subjects.users[page.who])
    times, counts = [], []
    for number in range(requests + 2):
        # Django keeps the last 9,000 queries; a full log would make every count read 0.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code == 404 and number == 0:
            return Result(page.label, "not yet built (404)")
        if response.status_code != 200:
            return Result(page.label, f"HTTP {response.status_code} at {url}")
        if number >= 2:  # two warm-up requests fill the caches a running server keeps
            times.append(elapsed * 1000)
            counts.append(len(queries))
    return Result(
        page.label,
        "ok" if len(set(counts)) == 1 else f"query count varied {min(counts)}-{max(counts)}",
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        queries=max(counts),
    )
