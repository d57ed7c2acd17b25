"""seed_scale writes histories that hold the domain's invariants, and the benchmark runs on them.

Each test generates 50 children (SQLite by default; PostgreSQL, with its exclusion constraints on
chairs, minute takers and rooms, when DATABASE_URL is set: `postgres` marks the tests that only
mean something there call require_postgres and skip on SQLite)."""

import http.server
import io
import itertools
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from children.models import Child, S47Enquiry, StrategyDiscussion
from conferences.models import (
    ChildDecision,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    DecisionOutcome,
)
from coreGroups.models import CoreGroupMeeting, MeetingStatus, Visit
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanStatus
from scale.generator import WRITE_ORDER
from tests.factories.clock import PINNED
from tests.reference_data import ensure_reference_data
from tests.services import require_postgres
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    TimescalePolicy,
)

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """50 children generated once for the module, inside a transaction rolled back at its end
    (each test runs in a savepoint within it). Generated at the pinned moment the tests run at
    (a module fixture starts before each test's own pinned clock)."""
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_reference_data()
            call_command("seed_scale", children=50, seed=7, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_writes_the_children_asked_for_and_every_kind_of_row(seeded):
    assert Child.objects.count() == 50
    empty = [model.__name__ for model in WRITE_ORDER if not model.objects.exists()]
    assert empty == []


def test_every_row_has_its_history(seeded):
    for model in WRITE_ORDER:
        if hasattr(model, "history"):
            assert model.history.count() == model.objects.count(), model.__name__


def test_every_plan_starts_on_the_day_of_its_initial_conference(seeded):
    plans = ChildProtectionPlan.objects.select_related("started_by_conference")
    assert plans.exists()
    for plan in plans:
        conference = plan.started_by_conference
        assert conference.kind in (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH)
        assert conference.status == ConferenceStatus.HELD
        assert timezone.localdate(conference.starts_at) == plan.started_on
        assert ChildDecision.objects.filter(
            conference=conference,
            child=plan.child,
            outcome=DecisionOutcome.CHILD_PROTECTION_PLAN,
            child_protection_plan=plan,
        ).exists()


def test_no_child_has_overlapping_plans(seeded):
    for model in (ChildProtectionPlan, ChildInNeedPlan):
        by_child = defaultdict(list)
        for plan in model.objects.order_by("started_on", "pk"):
            by_child[plan.child_id].append(plan)
        for plans in by_child.values():
            assert sum(p.status == PlanStatus.ACTIVE for p in plans) <= 1
            for earlier, later in itertools.pairwise(plans):
                assert earlier.ended_on is not None
                assert earlier.ended_on <= later.started_on


def test_dates_follow_the_journey(seeded):
    today = timezone.localdate()
    for enquiry in S47Enquiry.objects.select_related("strategy_discussion", "child"):
        held = timezone.localdate(enquiry.strategy_discussion.held_at)
        assert enquiry.started_on == held
        assert enquiry.concluded_on is None or enquiry.concluded_on >= enquiry.started_on
        if not enquiry.child.is_unborn:
            assert enquiry.child.date_of_birth <= held
    for discussion in StrategyDiscussion.objects.all():
        assert discussion.held_at <= discussion.recorded_at <= discussion.signed_off_at
    for conference in Conference.objects.filter(kind=ConferenceKind.INITIAL):
        assert conference.request.sent_at < conference.starts_at < conference.ends_at
        assert (conference.status == ConferenceStatus.HELD) == (
            conference.starts_at <= timezone.now()
        )
    for plan in ChildProtectionPlan.objects.all():
        end = plan.ended_on or today
        assert plan.started_on <= end
        visits = Visit.objects.filter(plan=plan)
        assert not visits.filter(visited_on__lt=plan.started_on).exists()
        assert not visits.filter(visited_on__gt=end).exists()
        held = CoreGroupMeeting.objects.filter(plan=plan, status=MeetingStatus.HELD)
        assert held.filter(is_first=True).count() <= 1
        assert all(plan.started_on <= timezone.localdate(m.held_at) <= end for m in held)
        if plan.status == PlanStatus.ENDED:
            assert plan.ended_by_conference.kind == ConferenceKind.REVIEW
            assert timezone.localdate(plan.ended_by_conference.starts_at) == plan.ended_on


def test_deadlines_are_in_sensible_states(seeded):
    now = timezone.now()
    raises = dict(TimescalePolicy.objects.values_list("rule", "raises_qan"))
    states = set(Deadline.objects.values_list("status", flat=True))
    assert states == set(DeadlineStatus.values)  # every state is represented
    for deadline in Deadline.objects.all():
        if deadline.policy_direction == "after":
            assert deadline.due_at > deadline.starts_at
        if deadline.status == DeadlineStatus.MET_ON_TIME:
            assert deadline.met_at < deadline.due_at
        elif deadline.status == DeadlineStatus.MET_LATE:
            assert deadline.met_at >= deadline.due_at
        elif deadline.status == DeadlineStatus.BREACHED:
            assert deadline.met_at is None and deadline.breached_at == deadline.due_at <= now
        elif deadline.status == DeadlineStatus.OPEN:
            assert deadline.met_at is None and deadline.breached_at is None
        elif deadline.status == DeadlineStatus.NOT_APPLICABLE:
            assert deadline.not_applicable_reason
        elif deadline.status == DeadlineStatus.MISSED:
            assert deadline.policy_direction == "before"
            assert deadline.met_at is None and deadline.breached_at == deadline.due_at <= now
        if deadline.met_at is not None:
            assert deadline.met_at <= now
        if deadline.breached_at is not None and raises[deadline.rule]:
            assert QualityAssuranceNotification.objects.filter(
                deadline=deadline, kind=QanKind.BREACH
            ).exists()
    # One live deadline per rule and subject (the database's unique key, checked here too).
    live = Deadline.objects.filter(status__in=["open", "breached"])
    keys = list(live.values_list("rule", "subject_type", "subject_id"))
    assert len(keys) == len(set(keys))


def test_no_chair_minute_taker_or_room_is_in_two_conferences_at_once(seeded):
    booked = Conference.objects.filter(status__in=["booked", "held"]).order_by("starts_at")
    for column in ("chair_id", "minute_taker_id", "venue_id"):
        by_key = defaultdict(list)
        for conference in booked:
            by_key[getattr(conference, column)].append(conference)
        for conferences in by_key.values():
            for earlier, later in itertools.pairwise(conferences):
                assert earlier.ends_at <= later.starts_at, column


def test_generated_data_is_the_same_for_the_same_seed():
    ensure_reference_data()

    def generate():
        before = Child.objects.aggregate(top=Max("pk"))["top"] or 0
        call_command("seed_scale", children=20, seed=11, stdout=io.StringIO())
        return list(
            Child.objects.filter(pk__gt=before)
            .order_by("pk")
            .values_list("legal_forename", "legal_surname", "date_of_birth")
        )

    assert generate() == generate()


def test_postgresql_exclusion_constraints_hold_for_the_generated_diaries(seeded):
    """The COPY path writes straight into tables whose exclusion constraints refuse a chair,
    minute taker or room in two booked or held conferences at once: seeding succeeded, and the
    constraints are there to have been checked."""
    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'conference_%%_no_overlap'"
        )
        assert cursor.fetchone()[0] == 3
    assert Conference.objects.filter(status=ConferenceStatus.HELD).exists()


# --- the benchmark script ----------------------------------------------------------------------


@pytest.fixture
def bench():
    sys.path.insert(0, str(SCRIPTS))
    import bench as module

    yield module
    sys.path.remove(str(SCRIPTS))


def test_bench_measures_every_page_and_the_sweep_at_a_tiny_size(seeded, bench, tmp_path):
    subjects = bench.Subjects()
    results = [bench.measure_page(page, subjects, requests=2) for page in bench.PAGES]
    for result in results:
        assert result.status == "ok" or result.status.startswith("not yet built"), result
        if result.status == "ok":
            assert result.queries > 0 and result.p95_ms >= result.median_ms > 0
    sweep = bench.measure_sweep(runs=1)
    assert sweep["breached"] == sweep["overdue"]
    assert set(sweep["step_ms"]) == {
        "breaches and QANs",
        "reminders",
        "QAN emails",
        # the steps plans registers (PlansConfig.ready)
        "plans: ended at 18",
        "plans: two years",
        "plans: drift reviews",
    }
    assert sum(sweep["step_ms"].values()) <= sweep["sweep_ms"]
    # The sweep was rolled back: the overdue deadlines are still open for the next run.
    assert (
        Deadline.objects.filter(status="open", due_at__lte=timezone.now()).count()
        == sweep["overdue"]
    )
    output = tmp_path / "performance.md"
    bench.write_report(
        output,
        [
            {
                "size": 50,
                "pages": results,
                "sweep": sweep,
                "seed_seconds": 1.0,
                "rows": 10,
                "census_seconds": subjects.census_seconds,
                "census_children": subjects.census_run.children,
            }
        ],
        None,
        {"CPU": "test", "Date": timezone.localdate().isoformat()},
        2,
    )
    text = output.read_text()
    assert "| Child page |" in text and "## The timescale sweep" in text
    assert "breaches and QANs ms" in text
    assert "## The census, prepared in the background" in text
    assert subjects.census_run.status == "ready"


def test_each_size_has_its_own_database_so_a_rerun_only_measures(bench):
    base = "postgres://postgres@127.0.0.1:5432/bench"
    assert bench.database_for(base, 1000) == "postgres://postgres@127.0.0.1:5432/bench_1000"
    assert bench.database_for(base, 100000).endswith("/bench_100000")


def test_load_script_counts_requests_and_errors():
    sys.path.insert(0, str(SCRIPTS))
    import bench_load

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the standard library's name
            ok = "sessionid=good" in self.headers.get("Cookie", "")
            body = b"ok"
            self.send_response(200 if ok else 302)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        bench_load.wait_until_up(port, timeout=5)
        result = bench_load.run(
            port=port,
            sessions=["/ sessionid=good", "/ sessionid=good", "/x sessionid=bad"],
            seconds=1,
        )
    finally:
        server.shutdown()
        sys.path.remove(str(SCRIPTS))
    assert result["users"] == 3 and result["requests"] > 3
    assert result["by_path"]["/x"]["errors"] == result["by_path"]["/x"]["requests"] > 0
    assert result["by_path"]["/"]["errors"] == 0
