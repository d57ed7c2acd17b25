"""The benchmark's own pieces that run fast (issue 25): the profile of where a page's time goes,
the multiples of the floor, the wrk result and the report sections. No timing is asserted."""

import sys
from pathlib import Path

import pytest
from django.template import engines

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(autouse=True)
def scripts_on_path():
    sys.path.insert(0, str(SCRIPTS))
    yield
    sys.path.remove(str(SCRIPTS))


def test_the_profile_gives_each_moment_to_one_category_and_restores_what_it_patched():
    import rules
    from bench_profile import Profiler
    from django.template import base as template_base

    original_render = template_base.Template.render
    template = engines["django"].from_string("{% for i in items %}{{ i }}{% endfor %}")
    predicate = rules.predicate(lambda user: True)
    with Profiler() as profiler:
        for _ in range(3):
            with profiler.request():
                template.render({"items": range(50)})
                predicate.test(None)
    assert template_base.Template.render is original_render
    profile = profiler.per_request_ms()
    assert set(profile) == {"SQL", "templates", "permissions", "rest"}
    assert profiler.requests == 3
    assert profile["templates"] > 0 and profile["permissions"] > 0
    assert profile["SQL"] == 0
    assert all(value >= 0 for value in profile.values())


@pytest.mark.django_db
def test_the_profile_counts_queries_as_sql_even_inside_a_template():
    from bench_profile import Profiler, shares

    from accounts.models import User

    template = engines["django"].from_string("{{ users.count }}")
    with Profiler() as profiler, profiler.request():
        template.render({"users": User.objects.all()})
    profile = profiler.per_request_ms()
    assert profile["SQL"] > 0 and profile["templates"] > 0
    assert shares(profile).startswith("SQL ")


def test_pages_are_multiples_of_the_floor_from_the_same_run():
    from bench_pages import FLOOR, PAGES, Result, multiples

    assert PAGES[0] is FLOOR and FLOOR.url_names == ("signed-in-check",)
    results = [
        Result(FLOOR.label, "ok", median_ms=4.0, p95_ms=5.0),
        Result("Plan page", "ok", median_ms=12.0, p95_ms=20.0),
        Result("Census page", "not yet built"),
    ]
    assert multiples(results) == {FLOOR.label: (1.0, 1.0), "Plan page": (3.0, 4.0)}
    assert multiples(results[1:]) == {}  # no floor, no multiples


def test_the_wrk_result_line_is_read_with_its_errors_and_rate():
    from bench_wrk import LUA, parse

    assert "delay = function" in LUA and "status ~= 200" in LUA
    result = parse(
        'Running 30s test\nWRK-RESULT {"requests": 300, "duration_us": 30000000, '
        '"not_200": 2, "answers": 300, "connect": 0, "read": 1, "write": 0, "timeout": 3, '
        '"status": 2, "p50_ms": 10.0, "p95_ms": 40.0, "p99_ms": 80.0, "mean_ms": 12.0, '
        '"max_ms": 90.0}\n'
    )
    assert result["rate"] == 10.0 and result["errors"] == 6 and result["seconds"] == 30.0
    with pytest.raises(RuntimeError):
        parse("no result")


def test_the_load_section_is_replaced_not_repeated(tmp_path):
    from bench_report import LOAD_START, write_load_section

    run = {
        "connections": 50,
        "seconds": 30.0,
        "requests": 900,
        "rate": 30.0,
        "errors": 0,
        "p50_ms": 100.0,
        "p95_ms": 300.0,
        "p99_ms": 400.0,
        "wrk_cpu_share": 0.02,
        "server_cpu_share": 0.9,
    }
    record = {"commit": "abc1234", "size": 10, "date": "d", "load_average": "1.0 1.0 1.0"}
    stored = {
        "before": {**record, "stress": run},
        "after": {**record, "stress": {**run, "rate": 75.0}},
    }
    output = tmp_path / "performance.md"
    output.write_text("# Performance at scale\n")
    write_load_section(output, stored)
    write_load_section(output, stored)
    text = output.read_text()
    assert text.count(LOAD_START) == 1 and text.startswith("# Performance at scale")
    assert "2.50x the requests a second" in text


def test_both_load_runs_start_the_same_server_and_only_the_paced_one_keeps_connections():
    from bench_load import gunicorn_command

    stress = gunicorn_command("python", 8100, "/code")
    paced = gunicorn_command("python", 8100, "/code", keep_alive=30)
    assert stress[:4] == ["python", "-m", "gunicorn", "config.wsgi"]
    assert "127.0.0.1:8100" in stress and stress[6:10] == ["--workers", "3", "--threads", "4"]
    assert "--keep-alive" not in stress
    assert paced[paced.index("--keep-alive") + 1] == "30"
    assert [part for part in paced if part not in ("--keep-alive", "30")] == stress
