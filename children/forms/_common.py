"""Small helpers the children's forms share: yes/no choices and an optional text input with GOV.UK
widths."""

from django import forms

from core.forms import GovukTextField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, *, required=False, max_length=200, help_text="", width="", **attrs):
    widget_attrs = dict(attrs)
    if width:
        widget_attrs["class"] = f"govuk-input--width-{width}"
    return GovukTextField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
    )
