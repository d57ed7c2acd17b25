"""The shared GOV.UK fields (core/forms.py) refuse absurd input with a message, never a 500."""

import datetime

import pytest
from django import forms

from core.forms import NOTE, GovukDateField, GovukTextField, UKPhoneNumberField


class HearingForm(forms.Form):
    held_on = GovukDateField(label="Date of the hearing")


def _date_errors(day, month, year):
    form = HearingForm(data={"held_on_day": day, "held_on_month": month, "held_on_year": year})
    assert not form.is_valid()
    return form.errors["held_on"]


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        (HUGE, "3", "2026", "Date of the hearing must be a real date"),
        ("11", HUGE, "2026", "Date of the hearing must be a real date"),
        ("11", "3", HUGE, "Year must include 4 numbers"),
        ("011", "3", "2026", "Date of the hearing must be a real date"),
        ("32", "3", "2026", "Date of the hearing must be a real date"),
        ("-1", "3", "2026", "Date of the hearing must be a real date, using numbers"),
        ("11", "-3", "2026", "Date of the hearing must be a real date, using numbers"),
        ("11", "3", "-202", "Date of the hearing must be a real date, using numbers"),
        ("eleven", "3", "2026", "Date of the hearing must be a real date, using numbers"),
        ("²", "3", "2026", "Date of the hearing must be a real date, using numbers"),
        ("١١", "3", "2026", "Date of the hearing must be a real date, using numbers"),
        ("11", "3", "0000", "Year must be between 1900 and 2199"),
        ("11", "3", "9999", "Year must be between 1900 and 2199"),
    ],
)
def test_absurd_dates_are_refused_with_a_message(day, month, year, message):
    assert _date_errors(day, month, year) == [message]


def test_a_real_date_with_leading_zeros_is_read():
    form = HearingForm(data={"held_on_day": "07", "held_on_month": "03", "held_on_year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2026, 3, 7)


class NoteForm(forms.Form):
    reason = GovukTextField(label="Why are they asking?", max_length=NOTE)
    note = GovukTextField(label="Note (optional)", max_length=10, required=False)
    dissent = GovukTextField(label="Dissent", max_length=10, what="Reason for the dissent")


def test_too_long_text_gets_the_govuk_message_naming_the_answer():
    form = NoteForm(data={"reason": "x" * (NOTE + 1), "note": "x" * 11, "dissent": "x" * 11})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Your answer must be 5,000 characters or fewer"]
    assert form.errors["note"] == ["Note must be 10 characters or fewer"]
    assert form.errors["dissent"] == ["Reason for the dissent must be 10 characters or fewer"]


def test_text_at_its_limit_is_accepted():
    form = NoteForm(data={"reason": "x" * NOTE, "note": "x" * 10, "dissent": "x" * 10})
    assert form.is_valid(), form.errors


def test_a_text_field_must_say_its_maximum_length():
    with pytest.raises(TypeError):
        GovukTextField(label="Reason")


class CallerForm(forms.Form):
    number = UKPhoneNumberField(label="Phone number", required=False)


@pytest.mark.parametrize(
    "number",
    [
        "0161 496 0000",
        "020 7946 0000",
        "+44 (0)20 7946 0000",
        "0044 161 496 0000",
        "01632 960 001",  # Ofcom's drama ranges, used by the demo and the tests
        "07700 900 982",
        "+44 7700 900982",
        "0800 123 4567",
        "",
    ],
)
def test_uk_phone_numbers_are_accepted_as_typed(number):
    form = CallerForm(data={"number": f"  {number} "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == number


@pytest.mark.parametrize(
    "number",
    [
        "not a number",
        "999",
        "0161 496",
        "01632 960 0011",
        "+1 202 555 0100",  # a number abroad
        "07700 900982 or 07700 900983",
        HUGE,
        "٠١٦١ ٤٩٦ ٠٠٠٠" + "x" * 40,
    ],
)
def test_anything_else_is_refused_with_a_message(number):
    form = CallerForm(data={"number": number})
    assert not form.is_valid()
    (message,) = form.errors["number"]
    assert message in (
        "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        "Phone number must be 30 characters or fewer",
    )
