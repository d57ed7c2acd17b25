from django import forms

from core.forms import GovukDateField


class CensusForm(forms.Form):
    reference_date = GovukDateField(
        label="Reference date",
        help_text="The last day of the collection year, normally 31 March. For example, 31 3 2026",
        error_messages={"required": "Enter the reference date"},
    )


class AnnexForm(forms.Form):
    on = GovukDateField(
        label="Lists up to",
        help_text="Usually the day the inspection was announced. For example, 23 11 2026",
        error_messages={"required": "Enter the date the lists run up to"},
    )
    months = forms.TypedChoiceField(
        label="Covering the months before",
        choices=[(6, "6 months"), (12, "12 months")],
        coerce=int,
        initial=6,
    )
