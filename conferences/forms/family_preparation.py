"""Issue 21 item 5: the chair's meetings with the family before the conference, and a family
member advised not to attend."""

import datetime

from django import forms
from django.utils import timezone

from children.forms import TimeOfDayField
from core.forms import NOTE, GovukDateField, GovukTextField


class ChairMeetingForm(forms.Form):
    held = forms.ChoiceField(
        label="Did the meeting take place?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the meeting took place"},
    )
    held_on = GovukDateField(
        label="Date of the meeting",
        help_text="If it took place. For example, 11 3 2026.",
        label_for_errors="The date of the meeting",
        required=False,
    )
    held_time = TimeOfDayField(
        label="Time the meeting started",
        help_text="For example, 9:30am or 14:30",
        required=False,
    )
    minutes = forms.IntegerField(
        label="How long did it last, in minutes?",
        required=False,
        min_value=1,
        max_value=480,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter how long the meeting lasted as a number of minutes, like 25",
            "min_value": "How long the meeting lasted must be at least 1 minute",
            "max_value": "How long the meeting lasted must be 480 minutes or fewer",
        },
    )
    shorter_reason = GovukTextField(
        max_length=NOTE,
        label="Why was it shorter than 20 minutes?",
        help_text="Only if the meeting with the parents lasted less than 20 minutes.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_held_reason = GovukTextField(
        max_length=NOTE,
        label="Why did the meeting not take place?",
        help_text="If it did not take place.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, parents=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not parents:
            del self.fields["shorter_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("held") == "yes":
            if not cleaned.get("held_on") and not self.errors.get("held_on"):
                self.add_error("held_on", "Enter the date of the meeting")
            if not cleaned.get("held_time") and not self.errors.get("held_time"):
                self.add_error("held_time", "Enter the time the meeting started")
            if cleaned.get("minutes") is None and not self.errors.get("minutes"):
                self.add_error("minutes", "Enter how long the meeting lasted, in minutes")
        elif cleaned.get("held") == "no" and not cleaned.get("not_held_reason", "").strip():
            self.add_error("not_held_reason", "Enter why the meeting did not take place")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["held"] == "yes":
            held_at = timezone.make_aware(
                datetime.datetime.combine(data["held_on"], data["held_time"])
            )
            return {
                "held": True,
                "held_at": held_at,
                "minutes": data["minutes"],
                "shorter_reason": data.get("shorter_reason", ""),
            }
        return {"held": False, "not_held_reason": data["not_held_reason"]}


class AdvisedNotToAttendForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who was advised not to attend?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who was advised not to attend",
            "invalid_choice": "Select a family member on the invite list",
        },
    )
    reason = GovukTextField(
        max_length=NOTE,
        label="Why were they advised not to attend?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why they were advised not to attend"},
    )

    def __init__(self, *args, invitees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (invitee.person_id, f"{invitee.name} ({invitee.connection})") for invitee in invitees
        ]
