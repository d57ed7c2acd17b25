"""Tables and figures everyone can use (issue 24 items 2 and 3; ADR 64): every data table in the
templates has a caption and sits in the one scrolling region (`{% table_region %}`), and every
figure has a figcaption. Read from the template source, so a new table without either fails."""

import re
from pathlib import Path

from django.template import Context, Template

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
TABLE = re.compile(r'<table class="govuk-table.*?</table>', re.DOTALL)
FIGURE = re.compile(r"<figure\b.*?</figure>", re.DOTALL)
# `{% table_region %}`, or with a label given (the caption's own text, without parsing it back out).
REGION_BEFORE = re.compile(r"\{% table_region(?: [^%]+)? %\}$")


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_every_data_table_has_a_caption_and_scrolls_in_its_own_region():
    wrong = []
    for path in _templates():
        source = path.read_text()
        for match in TABLE.finditer(source):
            where = f"{path.relative_to(TEMPLATES)}:{source[: match.start()].count(chr(10)) + 1}"
            if 'class="govuk-table__caption' not in match.group(0):
                wrong.append(f"{where}: no caption")
            if not REGION_BEFORE.search(source[: match.start()]):
                wrong.append(f"{where}: not inside {{% table_region %}}")
    assert not wrong, "\n".join(wrong)


def test_every_figure_has_a_figcaption():
    missing = [
        str(path.relative_to(TEMPLATES))
        for path in _templates()
        for match in FIGURE.finditer(path.read_text())
        if "<figcaption" not in match.group(0)
    ]
    assert not missing, missing


def test_the_region_is_named_by_the_tables_caption_and_may_be_focused():
    html = Template(
        "{% table_region %}<table class='govuk-table'><caption class='govuk-table__caption'>"
        "Deadlines <span class='govuk-visually-hidden'>for {{ who }}</span></caption></table>"
        "{% endtable_region %}"
    ).render(Context({"who": "Ann & Bo"}))
    assert html.startswith(
        '<div class="app-table-scroll" role="region" aria-label="Deadlines for Ann &amp; Bo" '
        'tabindex="0"><table'
    )
    assert "for Ann &amp; Bo</span>" in html  # the table itself escaped once, as it rendered


def test_a_label_given_names_the_region_instead():
    html = Template(
        '{% table_region "Scores" %}<table><caption>Ignored</caption></table>{% endtable_region %}'
    ).render(Context())
    assert 'aria-label="Scores"' in html
