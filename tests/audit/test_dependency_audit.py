"""`make audit` (scripts/audit_dependencies.py, ADR 28): a known vulnerability fails; an
unreachable vulnerability database is a plainly reported skip, never a silent pass."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "audit_dependencies.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_pip_audit(monkeypatch, audit, *, stdout="", stderr="", returncode=0):
    monkeypatch.setattr(audit, "locked_requirements", lambda: "django==5.2 --hash=sha256:00\n")
    monkeypatch.setattr(
        audit.subprocess,
        "run",
        lambda *a, **k: subprocess.CompletedProcess(a, returncode, stdout, stderr),
    )


def test_a_known_vulnerability_fails(monkeypatch, audit, capsys):
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2", "vulns": [{"id": "PYSEC-1", "fix_versions": []}]},
            {"name": "rules", "version": "3.5", "vulns": []},
        ]
    }
    _fake_pip_audit(monkeypatch, audit, stdout=json.dumps(report), returncode=1)
    assert audit.main() == 1
    assert "PYSEC-1" in capsys.readouterr().out


def test_no_finding_passes(monkeypatch, audit, capsys):
    report = {"dependencies": [{"name": "django", "version": "5.2", "vulns": []}]}
    _fake_pip_audit(monkeypatch, audit, stdout=json.dumps(report))
    assert audit.main() == 0
    assert "no known vulnerabilities in 1 packages" in capsys.readouterr().out


def test_an_unreachable_database_is_a_reported_skip(monkeypatch, audit, capsys):
    _fake_pip_audit(
        monkeypatch, audit, stderr="ConnectionError: Max retries exceeded", returncode=1
    )
    assert audit.main() == 0
    assert "pip-audit SKIPPED" in capsys.readouterr().out


def test_every_package_unlookable_is_a_skip_not_a_clean_bill(monkeypatch, audit, capsys):
    report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    _fake_pip_audit(monkeypatch, audit, stdout=json.dumps(report))
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "no known vulnerabilities" not in out
