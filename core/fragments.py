"""Jinja2 for the few parts of the busiest pages that repeat a row many times (issue 25, ADR 77).

Django's template language spends about 30 microseconds on each variable it looks up, and a
table of 50 rows looks up hundreds; Jinja2 compiles a template to Python and renders the same
table in a fifth of the time. Only row-by-row fragments are written in Jinja2, in
templates/fragments/*.jinja: every page, its layout, forms and components stay Django templates,
which include a fragment with `{% fragment "name.jinja" key=value %}`.

Escaping is Django's: every `{{ value }}` is written as Django's conditional_escape writes it
(core.text.escape_html: a name with an apostrophe is &#x27; as everywhere else, and SafeString or
Markup HTML is left as it is), with Jinja2's autoescape on as well.
"""

import jinja2
from django.template import engines
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

from core.templatetags.govuk import table_region_html
from core.text import escape_html


def escape_as_django(value) -> Markup:
    """What Django's templates write for `{{ value }}` (core.text.escape_html), as Markup so
    Jinja2's own escaping leaves it as it is. This runs for every value of every row."""
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(value))  # noqa: S704  # nosec B704 - escaped by escape_html


def environment(**options) -> jinja2.Environment:
    """The Jinja2 environment of TEMPLATES' "jinja2" engine (config.settings.base)."""
    options.pop("autoescape", None)
    env = jinja2.Environment(
        autoescape=True,
        finalize=escape_as_django,
        keep_trailing_newline=True,  # as Django writes a template's last newline
        **options,
    )
    env.filters["table_region"] = table_region_html  # {% filter table_region(label) %}
    return env


def render_fragment(name: str, context: dict) -> SafeString:
    """templates/fragments/`name` rendered with `context`, as safe HTML for a Django template."""
    rendered = engines["jinja2"].get_template(name).render(context)
    return mark_safe(rendered)  # noqa: S308  # nosec B308 B703 - every value escaped as it rendered
