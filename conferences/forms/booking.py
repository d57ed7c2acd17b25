"""Booking a conference: allocating the chair, booking the time and place, and postponing or
cancelling it with the agreement of a service manager and the chair."""

import datetime

from django import forms
from django.utils import timezone

from children.forms import TimeOfDayField
from core.forms import NOTE, GovukDateField, GovukTextField
from timescales.prebirth import prebirth_window

from ..models import ChangeAgreedAs
from .fields import UserChoiceField


class AllocateChairForm(forms.Form):
    chair = UserChoiceField(
        label="Independent chair",
        queryset=None,
        empty_label="Select a chair",
        error_messages={
            "required": "Select an independent chair",
            "invalid_choice": "Select an independent chair",
        },
    )

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs


class BookConferenceForm(forms.Form):
    date = GovukDateField(
        label="Date of the conference",
        help_text="For example, 4 12 2026",
        label_for_errors="The date of the conference",
    )
    start_time = TimeOfDayField(
        label="Start time",
        help_text="For example, 10am or 14:30",
        error_messages={"required": "Enter the time the conference starts"},
    )
    end_time = TimeOfDayField(
        label="End time (optional)",
        required=False,
        help_text="Leave empty for 2 hours after the start.",
    )
    venue = forms.ModelChoiceField(
        label="Room",
        queryset=None,
        required=False,
        empty_label="No room: online only",
        error_messages={"invalid_choice": "Select a room from the list"},
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Needed when there is no room. For example, https://meet.example/abc",
        error_messages={
            "invalid": "Enter the link in the correct format, like https://meet.example/abc"
        },
    )
    minute_taker = UserChoiceField(
        label="Minute taker",
        queryset=None,
        required=False,
        empty_label="Not allocated yet",
        error_messages={"invalid_choice": "Select a minute taker from the list"},
    )
    late_reason = GovukTextField(
        max_length=NOTE,
        label="Reason for booking after the due date",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the date is after a child's initial conference due date. It is "
        "recorded on the child's timescale for a manager to sign off.",
    )
    prebirth_reason = GovukTextField(
        max_length=NOTE,
        label="Reason for booking outside weeks 24 to 30 of pregnancy",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the conference is not between weeks 24 and 30 of pregnancy.",
    )

    def __init__(self, *args, venues=None, minute_takers=None, pre_birth=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        self.fields["minute_taker"].queryset = minute_takers
        if not pre_birth:
            del self.fields["prebirth_reason"]
        else:
            # The weeks are the authority's timescale policy (ADR 54).
            window = prebirth_window()
            reason = self.fields["prebirth_reason"]
            reason.label = (
                f"Reason for booking outside weeks {window.first_week} to {window.last_week} "
                "of pregnancy"
            )
            reason.help_text = f"Needed when the conference is not {window.describe}."

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            data["ends_at"] = (
                timezone.make_aware(datetime.datetime.combine(day, end)) if end else None
            )
            if end and end <= start:
                self.add_error("end_time", "The end time must be after the start time")
        if (
            not data.get("venue")
            and not data.get("online_link")
            and not self.has_error("online_link")
        ):
            self.add_error("venue", "Select a room or enter an online meeting link")
        return data


class AgreedByField(UserChoiceField):
    """A person who may agree, named with the capacity they agree in."""

    def __init__(self, *args, capacity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity or {}

    def label_from_instance(self, obj):
        if self.capacity.get(obj.pk) == ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER:
            return f"{obj.full_name} (conference service manager, if the service manager is absent)"
        return f"{obj.full_name} (service manager)"


class ChangeConferenceForm(forms.Form):
    """The service manager's (or conference service manager's) and the chair's agreement: the
    service (conferences.change_agreement) decides who may agree; its errors show here."""

    reason = GovukTextField(
        max_length=NOTE, label="Reason", widget=forms.Textarea(attrs={"rows": 4})
    )
    caused_by = forms.ChoiceField(
        label="Who caused the postponement?",
        widget=forms.RadioSelect,
        help_text="The Quality Assurance notification names them and goes to their manager. "
        "Choose the agency or person whose absence or report caused it, or the conference "
        "service.",
        error_messages={
            "required": "Select who caused the postponement",
            "invalid_choice": "Select who caused the postponement",
        },
    )
    agreed_by = AgreedByField(
        label="Service manager who agreed",
        queryset=None,
        empty_label="Select a service manager",
    )
    chair_agreed = forms.BooleanField(label="The chair agreed", required=False)

    def __init__(
        self,
        *args,
        verb: str = "postpone",
        managers=None,
        capacity=None,
        chair=None,
        causes=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if verb == "postpone":
            self.fields["caused_by"].choices = causes or []
        else:
            del self.fields["caused_by"]  # a cancellation's QAN goes to the social worker's
        self.fields["reason"].label = f"Why is the conference being {verb}d?"
        self.fields["reason"].error_messages["required"] = (
            f"Enter why the conference is being {verb}d"
        )
        agreed_by = self.fields["agreed_by"]
        agreed_by.label = f"Which service manager agreed to {verb} it?"
        agreed_by.help_text = (
            "The social worker's service manager or, only in their absence, the conference "
            "service manager"
        )
        agreed_by.queryset = managers
        agreed_by.capacity = capacity or {}
        message = f"Select the service manager who agreed to {verb} the conference"
        agreed_by.error_messages.update(required=message, invalid_choice=message)
        if chair is None:
            del self.fields["chair_agreed"]  # no chair allocated yet: nobody to agree
        else:
            self.fields[
                "chair_agreed"
            ].label = f"The chair, {chair.full_name}, agreed to {verb} the conference"
