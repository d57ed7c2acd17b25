"""A time of day typed as people write it ('9:30am', '14:30'): the parser and the form field,
used by the strategy discussion form and by conference and core group forms."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time_of_day(text: str) -> datetime.time | None:
    """'14:30', '2:30pm', '2pm', '9.15am', 'midday', 'noon', 'midnight'."""
    value = (text or "").strip().lower().replace(" ", "")
    if value in {"midday", "noon", "12noon"}:
        return datetime.time(12, 0)
    if value == "midnight":
        return datetime.time(0, 0)
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        return None  # '14' alone is ambiguous
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeOfDayField(forms.Field):
    """A time typed as people write it ('9:30am', '14:30'), cleaned to a datetime.time.

    A plain Field, not a CharField: a CharField's length validator would run on the parsed time.
    """

    MAX_LENGTH = 10

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        parsed = parse_time_of_day(value) if len(value) <= self.MAX_LENGTH else None
        if parsed is None:
            raise ValidationError(
                "Enter the time in the correct format, like 9:30am or 14:30", code="invalid"
            )
        return parsed
