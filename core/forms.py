"""GOV.UK Design System markup for Django forms.

Every form in the service renders through these templates, so labels, hints, error messages and
the error summary follow the GOV.UK patterns without each page repeating the markup.
"""

import datetime

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from core.text import escape_html


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class SelectWidget(forms.Select):
    """A drop-down whose options are written here, not by a template each: the same HTML as
    Django's Select with templates/django/forms/widgets/select.html, at a fraction of the
    rendering for a long list such as the authority's teams (issue 25). Choices in groups, or
    labels that are not text, go through Django's own rendering. Named so that its
    `widget_type` is still "select", which the GOV.UK classes are chosen by."""

    template_name = "forms/widgets/select.html"

    def get_context(self, name, value, attrs):
        # Widget's, not ChoiceWidget's: no option dictionaries for a template to loop over.
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["options_html"] = self._options_html(context["widget"]["value"])
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        if context["widget"]["options_html"] is None:
            context = super().get_context(name, value, attrs)
            return self._render(forms.Select.template_name, context, renderer)
        return self._render(self.template_name, context, renderer)

    def _options_html(self, values):
        """The options as Select.optgroups and the template would write them: the first choice
        whose value was given is selected. None when the choices are not a plain list of text.
        Each value and label is escaped here as Django escapes (core.text.escape_html), without a
        format_html call per option: a team drop-down has a hundred (issue 25)."""
        options = []
        selected_one = False
        for value, label in self.choices:
            if not isinstance(label, str | Promise):
                return None
            value = "" if value is None else str(value)
            selected = not selected_one and value in values
            selected_one = selected_one or selected
            options.append(
                (_SELECTED if selected else _OPTION).format(escape_html(value), escape_html(label))
            )
        return mark_safe("".join(options))  # noqa: S308  # nosec B308 B703 - escaped above


_OPTION = '\n  <option value="{}">{}</option>\n'
_SELECTED = '\n  <option value="{}" selected>{}</option>\n'


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
    # Dates the service deals in: a grandparent's birth to plans reviewed decades ahead. Outside
    # these the working-day calendar and date arithmetic have nothing sensible to say.
    EARLIEST_YEAR = 1900
    LATEST_YEAR = 2199

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
        # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise ValidationError(f"{name} must be a real date, using numbers", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        if not self.EARLIEST_YEAR <= int(year) <= self.LATEST_YEAR:
            raise ValidationError(
                f"Year must be between {self.EARLIEST_YEAR} and {self.LATEST_YEAR}",
                code="invalid_year",
            )
        # A day or month of twenty digits is no date, and datetime.date would overflow on it.
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{name} must be a real date", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{name} must be a real date", code="invalid") from error

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(f"Enter {self._name().lower()}", code="required")


# Maximum lengths of typed answers. Nobody needs more, and a form must not take in a megabyte.
SHORT_TEXT = 200  # a name, a job title, one line of an address
NOTE = 5_000  # a reason, a note or a comment: several paragraphs
LONG_TEXT = 10_000  # a section of a report, of minutes or of the analysis: a page or two


def _subject(label) -> str:
    """What a length message names: the label without "(optional)"; a question is "Your answer"."""
    text = str(label or "").replace("(optional)", "").strip()
    if not text or text.endswith("?"):
        return "Your answer"
    return text[0].upper() + text[1:]


class GovukTextField(forms.CharField):
    """Typed text with a maximum length and the GOV.UK message when it is too long.

    The length must be given: every typed answer in the service has one
    (tests/core/test_form_text_limits.py walks every form). ``what`` names the answer in the
    message when the label does not ("Reason for the dissent must be 5,000 characters or fewer").
    """

    def __init__(self, *args, max_length: int, what: str | None = None, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        subject = what or _subject(self.label)
        self.error_messages.setdefault(
            "max_length", f"{subject} must be {max_length:,} characters or fewer"
        )


class UKPhoneNumberField(GovukTextField):
    """A UK telephone number, checked with Google's libphonenumber (the phonenumbers package).

    Accepts the ways people write one ("01632 960 222", "+44 (0)1632 960222") and keeps what
    was typed, tidied of surrounding spaces, so that matching against known numbers
    (enquiries.normalisers) reads it as before.
    """

    def __init__(self, *args, what: str = "Phone number", **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, what=what, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        invalid = ValidationError(
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
            code="invalid_phone",
        )
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException as error:
            raise invalid from error
        if not (phonenumbers.is_valid_number_for_region(number, "GB") or _drama_number(number)):
            raise invalid


# Ofcom keeps these ranges for drama and examples; GOV.UK's examples, the demo and the tests use
# them. libphonenumber knows them as unassigned, so they are let through by name.
OFCOM_DRAMA_RANGES = ("1632960", "7700900")


def _drama_number(number) -> bool:
    national = str(number.national_number)
    return (
        number.country_code == 44
        and len(national) == 10
        and national.startswith(OFCOM_DRAMA_RANGES)
    )


def first_error_anchor(bound_field) -> str:
    """The id the error summary should link to: the first box of a date, the first radio."""
    widget = bound_field.field.widget
    # Django numbers the boxes of a date and the options of a choice list _0, _1, ...
    if isinstance(widget, forms.MultiWidget | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
