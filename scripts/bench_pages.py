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


# The floor (issue 25, ADR 70): the base layout after one indexed query, through the same
# middleware. Every page's median and 95th percentile is reported as a multiple of it, measured
# in the same run, so a busy machine moves the pages and their floor together.
FLOOR = Page("Floor (signed-in check)", ("signed-in-check",), "social_worker")

PAGES = [
    FLOOR,
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
    profile: dict = field(default_factory=dict)  # mean ms per request: SQL, templates, ...
    times: list = field(default_factory=list, repr=False)
    counts: list = field(default_factory=list, repr=False)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_page(page: Page, subjects, requests: int) -> Result:
    """One page on its own (measure_pages measures them all, interleaved)."""
    return measure_pages([page], subjects, requests)[0]


def measure_pages(pages, subjects, requests: int, profile_requests: int = 0) -> list[Result]:
    """Every page, in rounds: each round asks for each page once, so a change in the machine's
    load during the run falls on every page alike, the floor included. Two warm-up rounds fill
    the caches a running server keeps; then `requests` timed rounds; then, when
    `profile_requests`, that many profiled requests of each page (bench_profile)."""
    from bench_profile import profile_page
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    runners, results = [], {}
    for page in pages:
        prepared = _prepare(page, subjects)
        if isinstance(prepared, Result):
            results[page.label] = prepared
        else:
            runners.append((page, *prepared))
            results[page.label] = Result(page.label, "ok")
    for number in range(requests + 2):
        for page, client, url in runners:
            result = results[page.label]
            if result.status != "ok" and not result.status.startswith("query count"):
                continue
            reset_queries()  # Django keeps the last 9,000 queries; a full log would read 0
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            if response.status_code == 404 and number == 0:
                results[page.label] = Result(page.label, "not yet built (404)")
            elif response.status_code != 200:
                results[page.label] = Result(page.label, f"HTTP {response.status_code} at {url}")
            elif number >= 2:
                result.times.append(elapsed * 1000)
                result.counts.append(len(queries))
    for page, client, url in runners:
        result = results[page.label]
        if result.times:
            # The usual count: the session is rewritten once every SESSION_REFRESH_SECONDS
            # (accounts.middleware), which adds its queries to whichever request comes then.
            result.queries = statistics.mode(result.counts)
            if max(result.counts) > result.queries + 3 or min(result.counts) < result.queries:
                result.status = f"query count varied {min(result.counts)}-{max(result.counts)}"
            result.median_ms = statistics.median(result.times)
            result.p95_ms = percentile(result.times, 0.95)
            if profile_requests:
                result.profile = profile_page(client, url, profile_requests)
    return [results[page.label] for page in pages]


def _prepare(page: Page, subjects):
    """(client, url) for the page, signed in as whoever asks; a Result when it cannot be asked."""
    from django.test import Client
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
    return client, url


def multiples(results: list[Result]) -> dict[str, tuple[float, float]]:
    """Each page's (median, p95) as a multiple of the floor's, from the same run."""
    floor = next((r for r in results if r.label == FLOOR.label and r.median_ms), None)
    if floor is None:
        return {}
    return {
        r.label: (r.median_ms / floor.median_ms, r.p95_ms / floor.p95_ms)
        for r in results
        if r.median_ms is not None
    }
