"""The error summary links to the first box of the field in error, which must exist on the page."""

from django import forms

from core.forms import GovukDateField, first_error_anchor


class DateForm(forms.Form):
    held_on = GovukDateField(label="Date of the strategy discussion")


def test_a_date_error_links_to_the_day_box_that_is_rendered():
    form = DateForm(data={"held_on_0": "31", "held_on_1": "2", "held_on_2": "2026"})
    assert not form.is_valid()
    anchor = first_error_anchor(form["held_on"])
    assert f'id="{anchor}"' in str(form["held_on"])
