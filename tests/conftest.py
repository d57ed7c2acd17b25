"""Fixtures every test shares: the pinned clock, users by role, Celery run eagerly, and the
reference data a transactional test needs back after another test's flush."""

import os

import pytest
import time_machine

from accounts.models import RoleCode
from tests import database_flush, database_template, pdfs, shared_world
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.shared_world import shareable


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_clock: run on the wall clock, not the pinned Wednesday 10:00"
    )
    config.addinivalue_line(
        "markers",
        "clock_at(moment): pin the clock at this moment instead of PINNED, for the test and the "
        "fixtures it asks for (a module's: built once there, ADR 75)",
    )
    config.addinivalue_line(
        "markers",
        "real_letters: the journey builders lay out each invitation letter (ADR 74), for a test "
        "that reads a letter a builder sent",
    )


def pytest_sessionstart(session):
    """In the controlling process, before any worker starts: migrate the test database's
    template once (or find it current), for every process to clone (ADR 0069)."""
    config = session.config
    if hasattr(config, "workerinput") or config.getoption("nomigrations"):
        return
    if config.getoption("reuse_db") and not config.getoption("create_db"):
        return
    name = database_template.prepare_template()
    if name:
        os.environ[database_template.ENV_VAR] = name


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each process's test database (named per xdist worker) is a copy of the template."""
    from django.conf import settings

    database_template.use_template(settings.DATABASES)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_rows():
    """A transactional test's flush deletes its rows rather than truncating every table (ADR 73)."""
    database_flush.delete_instead_of_truncate()


@pytest.fixture(autouse=True)
def clock(request):
    """Pin the clock at PINNED (Wednesday 11 March 2026, 10:00 in London) for the whole test,
    its fixtures included. Frozen for unit tests; ticking on from there for browser tests (e2e),
    whose server thread, pages and waits need time to pass. A test or module that needs another
    moment for its fixtures too is marked clock_at(moment); a test travels on itself with
    time_machine.travel (nested travel comes back here when it ends) or moves this one:
    clock.move_to(moment), clock.shift(delta). A test marked real_clock runs on the wall clock
    (and gets None)."""
    # A real Celery worker (celery_worker) is a thread on Redis that lives in real time; on the
    # pinned clock, frozen or ticking, the sweep's worker test finds SQLite's table locked while
    # it passes on the wall clock: those tests run on the wall clock.
    if any(request.node.get_closest_marker(name) for name in ("real_clock", "celery_worker")):
        yield None
        return
    tick = request.node.get_closest_marker("e2e") is not None
    with time_machine.travel(shared_world.moment_of(request.node), tick=tick) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _letters_from_builders(request):
    """The journey builders file a stand-in letter unless the test is marked real_letters."""
    pdfs.STAND_IN_LETTERS = request.node.get_closest_marker("real_letters") is None
    yield
    pdfs.STAND_IN_LETTERS = True


@pytest.fixture
def make_user(db):
    """make_user("chair") gives a signed-up user holding those roles."""

    def _make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return _make


@pytest.fixture
def social_worker(make_user):
    return make_user(RoleCode.SOCIAL_WORKER)


@pytest.fixture
def eager_tasks():
    """Celery runs each task in this process as it is sent (the real worker has its own test)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _outbox_sends_in_process(request, monkeypatch):
    """An email queued in the outbox is sent in this process when the action's transaction
    commits, as the worker would send it, so a test reads django.core.mail.outbox after the
    commit; nothing else runs eagerly (the census keeps its own behaviour). A test marked
    outbox_via_broker, or one with a real Celery worker, hands the email to the broker as
    production does."""
    if any(
        request.node.get_closest_marker(name) for name in ("outbox_via_broker", "celery_worker")
    ):
        return

    def send_in_process(pk):
        from core.tasks import send_outbox_email

        send_outbox_email.apply(args=[pk])

    monkeypatch.setattr("core.outbox._publish", send_in_process)


@pytest.fixture(autouse=True)
def _review_slots_per_test(monkeypatch):
    """review_conference gives each review its own slot, 3 minutes apart, back from 45 minutes
    ago. Counted across the whole run, the slots would reach days back from the pinned morning;
    counted per test they stay within the hour."""
    import itertools

    monkeypatch.setattr("tests.factories.plans._review_slots", itertools.count())


@pytest.fixture
def test_password():
    return TEST_PASSWORD


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Transactional tests flush the database, and post_migrate recreates content types with new
    ids; Django's in-process ContentType cache would then hand deadlines a stale id."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test starts after another one's flush, which empties the tables the
    migrations seeded: put the bank holidays and the timescale policy back (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("transactional_db")
    from tests.reference_data import ensure_reference_data

    ensure_reference_data()
    yield


module_world = shared_world.module_world


@pytest.fixture
def _world(module_world, db):
    """This test's copy of the fixtures its module built once (tests/shared_world.py, ADR 75)."""
    return shared_world.copy_for_test(module_world)


# --- Staff every app's tests share (an app's conftest overrides one when it needs another) ----


@shareable
def team(db):
    return TeamFactory()


@shareable
def coordinator(db):
    return UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], full_name="Colin Coordinator")


@shareable
def chair(db):
    return UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")


@shareable
def minute_taker(db):
    return UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")


@shareable
def service_manager(db):
    return UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service")


@shareable
def qa_manager(db):
    return UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn Quality")
