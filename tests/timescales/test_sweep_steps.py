"""Other apps hand the sweep their daily work (issue 19 item 5): timescales does not import
plans; plans registers its steps when it loads, and one failing step never stops the others."""

import ast
from pathlib import Path

import pytest

from timescales import sweep


def test_the_sweep_does_not_import_plans():
    tree = ast.parse(Path(sweep.__file__).read_text())
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not [name for name in imported if name.split(".")[0] == "plans"]


def test_plans_registers_its_steps_when_it_loads():
    assert [name for name, _ in sweep._APP_STEPS] == [
        "plans: ended at 18",
        "plans: two years",
        "plans: drift reviews",
    ]


def test_registering_a_step_twice_runs_it_once(monkeypatch):
    monkeypatch.setattr(sweep, "_APP_STEPS", [])
    sweep.register_sweep_step("a step", print)
    sweep.register_sweep_step("a step", print)
    assert len(sweep._APP_STEPS) == 1


@pytest.mark.django_db
def test_a_failing_step_is_logged_and_the_next_still_runs(monkeypatch, caplog):
    ran = []

    def failing(now):
        raise RuntimeError("broken")

    monkeypatch.setattr(sweep, "_APP_STEPS", [])
    sweep.register_sweep_step("failing", failing)
    sweep.register_sweep_step("after it", ran.append)
    result = sweep.run_sweep()
    assert len(ran) == 1
    assert {"failing", "after it"} <= set(result.seconds)
    assert "The sweep step 'failing' failed" in caplog.text
