"""GOV.UK Design System markup for Django forms.

Every form in the service renders through these templates, so labels, hints, error messages and
the error summary follow the GOV.UK patterns without each page repeating the markup.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as in the GOV.UK date input pattern."""

    template_name = "forms/widgets/date.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages for each mistake."""

    widget = GovukDateWidget

    def __init__(self, *args, label_for_errors: str | None = None, **kwargs):
        self.label_for_errors = label_for_errors
        super().__init__(*args, **kwargs)

    def _name(self):
        return self.label_for_errors or (str(self.label) if self.label else "The date")

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        day, month, year = (str(part or "").strip() for part in value)
        name = self._name()
        if not (day or month or year):
            return None
        missing = [
            part for part, text in (("day", day), ("month", month), ("year", year)) if not text
        ]
        if missing:
            raise ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{name} must be a real date, using numbers", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{name} must be a real date", code="invalid") from error

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(f"Enter {self._name().lower()}", code="required")


def first_error_anchor(bound_field) -> str:
    """The id the error summary should link to: the first box of a date, the first radio."""
    widget = bound_field.field.widget
    # Django numbers the boxes of a date and the options of a choice list _0, _1, ...
    if isinstance(widget, forms.MultiWidget | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
