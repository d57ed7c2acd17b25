"""The page title says "Error: " once when a form has errors: base.html adds it, so a page's own
title block must not add it again for the same form."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_page_adds_the_error_prefix_base_already_adds():
    doubled = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "{% block page_title %}{% if form.errors %}Error:" in path.read_text()
    ]
    assert doubled == []
