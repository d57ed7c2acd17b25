"""The views lint (scripts/lint_views.py, run by `make lint`): views read through selectors, so
no views module touches `Model.objects`. Checked on the repository and on a small sample, so the
lint cannot silently stop finding anything."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lint():
    spec = importlib.util.spec_from_file_location("lint_views", ROOT / "scripts" / "lint_views.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_view_queries_the_database_directly():
    findings = _lint().check(ROOT)
    assert findings == [], "\n".join(str(finding) for finding in findings)


def test_the_lint_sees_every_kind_of_views_module():
    lint = _lint()
    assert lint.is_views_module(Path("views.py"))
    assert lint.is_views_module(Path("adjournment_views.py"))
    assert lint.is_views_module(Path("views/decision.py"))
    assert not lint.is_views_module(Path("selectors.py"))
    assert any(path.parts[:2] == ("conferences", "views") for _, path in lint.views_modules(ROOT))


def test_a_query_in_a_view_is_reported_with_its_line():
    sample = (
        "from children.models import Child\n"
        "\n"
        "def child(request, pk):\n"
        "    return Child.objects.get(pk=pk)\n"
    )
    findings = _lint().check_source(sample, "children/views.py", "children")
    assert [(finding.path, finding.line) for finding in findings] == [("children/views.py", 4)]
    assert str(findings[0]) == (
        "children/views.py:4: views read through selectors: move this query to children/selectors.py"
    )
