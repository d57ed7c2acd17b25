"""Recording the birth of a baby recorded unborn (issue 22): the name, sex and date of birth, and
why the date is far from the expected date when it is. children.services.birth checks again."""

from django import forms

from core.forms import GovukDateField, GovukTextField

from ..models import Sex
from ..services.birth import NOTE_LENGTH
from ._common import _text


class RecordBirthForm(forms.Form):
    legal_forename = GovukTextField(
        label="Legal first name",
        max_length=100,
        help_text="As on the birth certificate, or as the parents have named the baby.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the baby's first name"},
    )
    legal_surname = GovukTextField(
        label="Legal last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the baby's last name"},
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select the baby's sex, or 'Not known'"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2027",
        error_messages={"required": "Enter the date of birth"},
    )
    birth_date_note = _text(
        "Why the date is far from the expected date of delivery (optional)",
        max_length=NOTE_LENGTH,
        help_text="Needed when the baby was born more than 3 weeks before or 2 weeks after the "
        "expected date: for example, born early at 33 weeks.",
    )

    @classmethod
    def initial_from(cls, child) -> dict:
        return {"legal_forename": child.legal_forename, "legal_surname": child.legal_surname}

    def details(self) -> dict:
        return dict(self.cleaned_data)
