"""Where a page's server time goes (issue 25): SQL, template rendering, permission checks and the
rest, each counted exclusively (a query run while a template renders is SQL, not template time;
a permission checked from a template is a permission check).

Part of `scripts/bench.py` (`make bench`). `Profiler` patches, while it is active, the few places
every page passes through: the database connection (Django's execute_wrapper), Django's
Template.render (so an `{% include %}` or a form renderer's template is template time) and the
permission checks (rules' predicates and rule sets, and Django's `_user_has_perm` behind
`user.has_perm`). A stack of open timers gives each moment to the innermost category; what no
category claims is "the rest" (middleware, views, forms, Python between). The patches cost a
little time themselves, so the profile is taken on requests of its own, never the timed ones.
"""

from __future__ import annotations

import contextlib
import functools
import time

CATEGORIES = ("SQL", "templates", "permissions")


class Profiler:
    """Exclusive time per category while active: `with profiler.request(): client.get(url)`."""

    def __init__(self):
        self.totals = dict.fromkeys((*CATEGORIES, "rest"), 0.0)
        self.requests = 0
        self._stack: list[list] = []  # [category, started, time taken by inner timers]
        self._patches: list[tuple[object, str, object]] = []

    # --- timing -----------------------------------------------------------------------------

    def _enter(self, category: str) -> None:
        self._stack.append([category, time.perf_counter(), 0.0])

    def _exit(self) -> None:
        category, started, inner = self._stack.pop()
        elapsed = time.perf_counter() - started
        self.totals[category] += elapsed - inner
        if self._stack:
            self._stack[-1][2] += elapsed

    def timed(self, category: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            self._enter(category)
            try:
                return function(*args, **kwargs)
            finally:
                self._exit()

        return wrapper

    def _sql(self, execute, sql, params, many, context):
        self._enter("SQL")
        try:
            return execute(sql, params, many, context)
        finally:
            self._exit()

    @contextlib.contextmanager
    def request(self):
        """One profiled request: its whole time, less what the categories took, is the rest."""
        from django.db import connection

        self._stack.append(["rest", time.perf_counter(), 0.0])
        try:
            with connection.execute_wrapper(self._sql):
                yield
        finally:
            self._exit()
            self.requests += 1

    # --- patching ---------------------------------------------------------------------------

    def _patch(self, owner, name: str, category: str) -> None:
        original = getattr(owner, name)
        self._patches.append((owner, name, original))
        setattr(owner, name, self.timed(category, original))

    def __enter__(self):
        import rules.predicates
        import rules.rulesets
        from django.contrib.auth import models as auth_models
        from django.template import base as template_base

        self._patch(template_base.Template, "render", "templates")
        self._patch(rules.predicates.Predicate, "test", "permissions")
        self._patch(rules.predicates.Predicate, "__call__", "permissions")
        self._patch(rules.rulesets.RuleSet, "test_rule", "permissions")
        self._patch(auth_models, "_user_has_perm", "permissions")
        return self

    def __exit__(self, *exc):
        while self._patches:
            owner, name, original = self._patches.pop()
            setattr(owner, name, original)
        return False

    def per_request_ms(self) -> dict[str, float]:
        """Mean milliseconds per request in each category (they add up to the whole request)."""
        n = self.requests or 1
        return {name: seconds * 1000 / n for name, seconds in self.totals.items()}


def profile_page(client, url: str, requests: int) -> dict[str, float]:
    """`requests` profiled GETs of `url` (after the timed ones warmed every cache)."""
    with Profiler() as profiler:
        for _ in range(requests):
            with profiler.request():
                client.get(url)
    return profiler.per_request_ms()


def shares(profile: dict[str, float]) -> str:
    """'SQL 24% · templates 41% · permissions 9% · rest 26%' for the report."""
    total = sum(profile.values()) or 1
    return " · ".join(f"{name} {value / total:.0%}" for name, value in profile.items())
