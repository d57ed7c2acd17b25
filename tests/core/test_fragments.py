"""The Jinja2 fragments of the busiest pages (issue 25, ADR 77) write what Django's templates
wrote: every value escaped as Django escapes it, safe HTML left as it is, the table region as
{% table_region %} draws it."""

import pytest
from django.template import TemplateDoesNotExist, engines
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from core.fragments import escape_as_django, render_fragment
from core.worklists._common import WorkItem, WorkList


@given(st.text())
def test_every_value_is_escaped_as_django_escapes_it(text):
    assert escape_as_django(text) == conditional_escape(text)


@pytest.mark.parametrize(
    "value", [None, 0, 12, 3.5, 'O\'Brien & "Sons" <b>', mark_safe("<b>x</b>")]
)
def test_values_that_are_not_text_and_safe_html_are_written_as_django_writes_them(value):
    assert escape_as_django(value) == conditional_escape(value)


def test_a_fragment_escapes_what_it_is_given_and_keeps_safe_html():
    hostile = '<script>alert(1)</script>"><img src=x>'
    work = WorkList(
        "your-children",
        "Tom's list",
        [
            WorkItem(
                text=hostile,
                href='/children/1/?a=1&b="2"',
                details=[format_html("<em>{}</em>", hostile)],
                due="Due soon",
            )
        ],
        "Nothing",
    )
    html = render_fragment("work_list.jinja", {"list": work})
    assert "<script>" not in html and "<img" not in html
    assert conditional_escape(hostile) in html
    assert f"<em>{conditional_escape(hostile)}</em>" in html  # safe HTML, escaped once
    assert 'href="/children/1/?a=1&amp;b=&quot;2&quot;"' in html
    # The table scrolls in a region named by its (escaped) caption, as {% table_region %} does.
    assert '<div class="app-table-scroll" role="region" aria-label="Tom&#x27;s list"' in html


def test_the_jinja2_engine_reads_only_the_fragments_folder():
    with pytest.raises(TemplateDoesNotExist):
        engines["jinja2"].get_template("base.html")
    with pytest.raises(TemplateDoesNotExist):
        engines["jinja2"].get_template("../base.html")


def test_a_django_template_includes_a_fragment_as_html():
    template = engines["django"].from_string('{% fragment "work_list.jinja" list=work %}')
    html = template.render({"work": WorkList("empty", "Empty", [], "Nothing's waiting")})
    assert '<p class="govuk-body">Nothing&#x27;s waiting</p>' in html
