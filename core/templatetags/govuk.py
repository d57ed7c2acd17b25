"""Template helpers for GOV.UK markup and the service's date style ("3 March 2026")."""

import datetime
import html
import re

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString

from core.forms import first_error_anchor
from core.text import strip_bidi

register = template.Library()

_INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.filter(name="strip_bidi")
def strip_bidi_filter(value):
    """A name without direction-changing characters (core.text.strip_bidi)."""
    return strip_bidi(value)


@register.filter
def govuk_date(value) -> str:
    """A date as GOV.UK writes it: 3 March 2026."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_datetime(value) -> str:
    """A moment as GOV.UK writes it: 3 March 2026 at 2:15pm."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    minutes = "" if value.minute == 0 else f":{value.minute:02d}"
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return f"{govuk_date(value)} at midday"
    return f"{govuk_date(value)} at {hour}{minutes}{suffix}"


@register.simple_tag
def govuk_widget(bound_field, extra_classes: str = ""):
    """Render a field's widget with GOV.UK classes and the aria-describedby its hint and error need."""
    widget_type = bound_field.widget_type
    base = _INPUT_CLASSES.get(widget_type, "govuk-input")
    classes = [base]
    if bound_field.errors:
        classes.append(f"{base}--error")
    if extra_classes:
        classes.append(extra_classes)
    if bound_field.field.widget.attrs.get("class"):
        classes.append(bound_field.field.widget.attrs["class"])
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def error_anchor(bound_field) -> str:
    return first_error_anchor(bound_field)


@register.filter
def is_choice_list(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.simple_tag(takes_context=True)
def active_nav(context, url_name: str) -> bool:
    match = getattr(context.get("request"), "resolver_match", None)
    return bool(match and match.view_name == url_name)


# --- Wide tables on narrow screens (issue 24 item 2; ADR 64) --------------------------------------
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def table_region_html(table, label: str = "") -> SafeString:
    """The table, HTML its template escaped as it rendered (Django's SafeString or Jinja2's
    Markup), inside the labelled, focusable region that scrolls on a narrow screen, named `label`
    or else by the table's caption."""
    if not label:
        caption = _CAPTION.search(table)
        # The caption is already escaped HTML: its text, unescaped, is escaped once below.
        text = html.unescape(strip_tags(caption.group(1))) if caption else "Table"
        label = " ".join(text.split())
    return format_html(
        '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
        label,
        table,  # safe HTML: format_html leaves it as it is
    )


class TableRegionNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        label = self.label.resolve(context) if self.label else ""
        return table_region_html(self.nodelist.render(context), label)


@register.tag
def table_region(parser, token):
    """`{% table_region ["label"] %}<table>…</table>{% endtable_region %}`: the one way a data
    table is shown, so at 320 CSS pixels a wide table scrolls inside a labelled, focusable region
    instead of the whole page scrolling sideways. The region is named by the table's caption
    unless a label is given."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("table_region takes at most one label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, label)
