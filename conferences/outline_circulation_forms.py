"""The form for recording who has been given the outline plan (issue 18 item 3)."""

from django import forms

from core.forms import GovukDateField

from .models import CirculationMethod


class OutlineCirculationForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label="Who was given the outline plan?",
        help_text="Select everyone it was given to in the same way on the same day.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who was given the outline plan"},
    )
    method = forms.ChoiceField(
        label="How was it given to them?",
        choices=CirculationMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the outline plan was given to them"},
    )
    circulated_on = GovukDateField(
        label="When was it given to them?",
        help_text="For example, 27 3 2026.",
        label_for_errors="The date they were given it",
        error_messages={"required": "Enter the date they were given it"},
    )
    circulated_by = forms.ChoiceField(
        label="Who sent or handed it over?",
        error_messages={"required": "Select who sent or handed over the outline plan"},
    )

    def __init__(self, *args, recipients=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["recipients"].choices = [
            (
                recipient.key,
                f"{recipient.name} ({recipient.description})"
                if recipient.description
                else recipient.name,
            )
            for recipient in recipients
        ]
        self.fields["circulated_by"].choices = [
            (pk, person.full_name or person.email) for pk, person in self.people.items()
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "recipient_keys": data["recipients"],
            "method": data["method"],
            "circulated_on": data["circulated_on"],
            "circulated_by": self.people.get(data["circulated_by"]),
        }
