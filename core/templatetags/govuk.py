"""Template helpers for GOV.UK markup and the service's date style ("3 March 2026")."""

import datetime

from django import forms, template
from django.utils import timezone

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
