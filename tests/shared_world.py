"""Fixtures built once for a module and copied for each test (ADR 75), as Django's setUpTestData
does for a TestCase class.

Most tests of an app start from the same world: a social worker, a child, a conference booked,
invited to and started, often a plan. Built through the services for every test, that was a
fifth of a second each time. A fixture declared with `@shareable` instead of `@pytest.fixture`
may be built once per module: `module_world` (registered in tests/conftest.py) builds, in one
transaction for the whole module under the pinned clock (or the module's clock_at moment), the
shareable fixtures that **every** test of the module using the database asks for, and each test
gets a deep copy of the instances in its own savepoint, rolled back after it. So a test sees
exactly the rows it would have had built for it, never one that only another test asked for.

A module is built per test, as before, when it has a transactional or browser test, a test on
another clock or one that reads a builder's letters, or an autouse fixture of its own that is not
in SETTINGS_ONLY (it may change what building means: a clock moved, say).
"""

import copy
import functools
import inspect
import itertools
import shutil
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests import pdfs
from tests.factories.clock import PINNED

# Markers that need the world built inside the test's own clock, transaction or letters.
PER_TEST_MARKERS = ("real_clock", "celery_worker", "real_letters", "e2e")
PER_TEST_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
# A module's own autouse fixtures that only point files and emails somewhere for the test
# (MEDIA_ROOT, EMAIL_BACKEND): building the world before them changes nothing a test reads.
SETTINGS_ONLY = {"private_media", "_private_media", "media"}
# Where the world's stored files are, in the world (not a fixture name).
MEDIA = "<media>"
# Fixtures a shareable one may ask for that need nothing built: the world has the database.
NOTHING_TO_BUILD = {"db"}


def shareable(function):
    """@pytest.fixture for a fixture whose value (model instances) may be built once per module
    and copied for each test. Not for a fixture that yields or changes settings."""
    argnames = list(inspect.signature(function).parameters)

    @functools.wraps(function)
    def fixture(_world, **kwargs):
        if function.__name__ in _world:
            return _world[function.__name__]
        return function(**kwargs)

    fixture.__signature__ = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in ["_world", *argnames]]
    )
    fixture.shareable = function
    return pytest.fixture(name=function.__name__)(fixture)


def _module_items(request):
    """The tests of the module, from an index of the session's tests made once."""
    session = request.session
    by_module = getattr(session, "_tests_by_module", None)
    if by_module is None:
        by_module = {}
        for item in session.items:
            by_module.setdefault(item.getparent(pytest.Module), []).append(item)
        session._tests_by_module = by_module
    return by_module.get(request.node, [])


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in item.fixturenames


def _requested_by_name(item) -> set[str]:
    names = set(item._fixtureinfo.argnames)
    for marker in item.iter_markers("usefixtures"):
        names.update(marker.args)
    return names


def _builds_per_test(request, items) -> bool:
    module_moment = moment_of(request.node)
    for item in items:
        if moment_of(item) != module_moment:  # a test of its own moment builds at it
            return True
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            return True
        if PER_TEST_FIXTURES & set(item.fixturenames):
            return True
        if any(item.get_closest_marker(name) for name in PER_TEST_MARKERS):
            return True
        module_id = item.nodeid.split("::", 1)[0]
        for name in set(item._fixtureinfo.initialnames) - _requested_by_name(item) - SETTINGS_ONLY:
            definitions = item._fixtureinfo.name2fixturedefs.get(name) or ()
            if any(definition.baseid == module_id for definition in definitions):
                return True
    return False


def _plan(items) -> list[tuple[str, object, list[str]]]:
    """(name, builder, argnames) for each shareable fixture every database test asks for and
    resolves to the same definition, in an order where each comes after what it asks for."""
    items = [item for item in items if _uses_database(item)]
    if not items:
        return []
    common = None
    for item in items:
        mine = {}
        for name in item.fixturenames:
            definitions = item._fixtureinfo.name2fixturedefs.get(name)
            build = getattr(definitions[-1].func, "shareable", None) if definitions else None
            if build is not None:
                mine[name] = build
        common = mine if common is None else {n: b for n, b in common.items() if mine.get(n) is b}
    order, placed = [], set()

    def place(name):
        if name in placed:
            return name in {entry[0] for entry in order}
        placed.add(name)
        build = common[name]
        argnames = list(inspect.signature(build).parameters)
        for argname in argnames:
            if argname in NOTHING_TO_BUILD:
                continue
            if argname not in common or not place(argname):
                return False
        order.append((name, build, argnames))
        return True

    for name in sorted(common):
        place(name)
    return order


@pytest.fixture(scope="module")
def module_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """{name: instance} of the module's shared fixtures, built once (empty when it builds per
    test). Its transaction is rolled back after the module's last test."""
    items = _module_items(request)
    plan = [] if _builds_per_test(request, items) else _plan(items)
    if not plan:
        yield {}
        return
    media = tmp_path_factory.mktemp("world-media")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        time_machine.travel(moment_of(request.node), tick=False),
        pytest.MonkeyPatch.context() as patch,
    ):
        # What the autouse fixtures of tests/conftest.py do around a test's own building.
        patch.setattr("tests.factories.plans._review_slots", itertools.count())
        patch.setattr(pdfs, "STAND_IN_LETTERS", True)
        world = {MEDIA: media}
        with override_settings(MEDIA_ROOT=media):
            for name, build, argnames in plan:
                # `db` is asked for only to have the database, which the world already has.
                world[name] = build(**{argname: world.get(argname) for argname in argnames})
        yield world
        transaction.set_rollback(True)


def moment_of(node):
    """Where the clock is pinned for a test or a module: its clock_at marker, else PINNED."""
    marker = node.get_closest_marker("clock_at")
    return marker.args[0] if marker else PINNED


def copy_for_test(world: dict) -> dict:
    """The test's own copy: instances it changes in memory do not leak into the next test (its
    rows are in the test's savepoint, rolled back after it). The files the world stored (letters)
    are copied to where this test keeps its files, which may be its own directory."""
    if MEDIA in world:
        shutil.copytree(world[MEDIA], Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return copy.deepcopy(world)
