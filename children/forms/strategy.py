"""Forms for strategy discussions (when, about which children, concerns, decision and who took
part), the team manager's sign-off and the outcome of a Section 47 enquiry."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency
from core.forms import NOTE, GovukDateField, GovukTextField
from core.templatetags.govuk import govuk_date

from ..models import S47Outcome, StrategyDecision
from ._common import _text
from .time_of_day import TimeOfDayField


class StrategyDiscussionForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the strategy discussion",
        help_text="For example, 20 11 2026",
        label_for_errors="Date of the strategy discussion",
    )
    held_at_time = TimeOfDayField(
        label="Time it started",
        help_text="For example, 9:30am or 14:30",
        error_messages={"required": "Enter the time the strategy discussion started"},
    )
    children = forms.MultipleChoiceField(
        label="Which children was it about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children the discussion was about"},
    )
    concerns = GovukTextField(
        max_length=NOTE,
        label="What are the concerns?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write so the family can understand it: they may read this record.",
        error_messages={"required": "Enter the concerns discussed"},
    )
    decision = forms.ChoiceField(
        label="What was decided?",
        choices=StrategyDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was decided"},
    )
    reason_for_decision = GovukTextField(
        max_length=NOTE,
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed if no Section 47 enquiry: say why, and what happens instead.",
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children_by_id = {str(child.pk): child for child in children}
        self.fields["children"].choices = [
            (str(child.pk), child.display_name) for child in children
        ]

    def clean(self):
        data = super().clean()
        held_on, held_time = data.get("held_on"), data.get("held_at_time")
        now = timezone.localtime()
        if held_on and held_on > now.date():
            self.add_error(
                "held_on", "Date of the strategy discussion must be today or in the past"
            )
        elif held_on and held_time and held_on == now.date() and held_time > now.time():
            self.add_error("held_at_time", "Time it started must be in the past")
        if (
            data.get("decision") == StrategyDecision.NO_S47
            and not (data.get("reason_for_decision") or "").strip()
        ):
            self.add_error("reason_for_decision", "Enter why a Section 47 enquiry is not needed")
        return data

    @property
    def held_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(
            self.cleaned_data["held_on"], self.cleaned_data["held_at_time"]
        )
        return timezone.make_aware(naive, timezone.get_default_timezone())

    def selected_children(self):
        return [self.children_by_id[pk] for pk in self.cleaned_data["children"]]


class ParticipantForm(forms.Form):
    name = _text("Name", max_length=200)
    role = _text("Role (optional)", help_text="For example, detective constable")
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean(self):
        data = super().clean()
        if (data.get("name") or "").strip() and not data.get("agency"):
            self.add_error("agency", "Choose the agency they were from")
        if data.get("agency") and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the name of the person from this agency")
        return data


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        named = [f for f in self.forms if (f.cleaned_data.get("name") or "").strip()]
        if not named:
            raise ValidationError("Enter at least one person who took part and their agency")

    def participants(self) -> list[dict]:
        return [
            {
                "name": f.cleaned_data["name"],
                "role": f.cleaned_data.get("role", ""),
                "agency": f.cleaned_data["agency"],
            }
            for f in self.forms
            if (f.cleaned_data.get("name") or "").strip()
        ]


PARTICIPANT_ROWS = 5

ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=PARTICIPANT_ROWS, max_num=20
)


def participant_formset(data=None, *, agencies=None):
    return ParticipantFormSet(
        data,
        prefix="participants",
        form_kwargs={
            "agencies": agencies or Agency.objects.filter(is_active=True).order_by("name")
        },
    )


class SignOffForm(forms.Form):
    """A button only: the team manager confirms they have read the record."""


class S47OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the Section 47 enquiry conclude?",
        choices=S47Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the enquiry concluded"},
    )
    concluded_on = GovukDateField(
        label="Date the enquiry concluded",
        help_text="For example, 24 11 2026",
        label_for_errors="Date the enquiry concluded",
    )
    reason = GovukTextField(
        max_length=NOTE,
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Needed if no conference is needed: say why, and what support continues.",
    )

    def __init__(self, *args, enquiry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enquiry = enquiry

    def clean(self):
        data = super().clean()
        concluded_on = data.get("concluded_on")
        if concluded_on:
            if concluded_on > timezone.localdate():
                self.add_error(
                    "concluded_on", "Date the enquiry concluded must be today or in the past"
                )
            elif self.enquiry and concluded_on < self.enquiry.started_on:
                self.add_error(
                    "concluded_on",
                    "Date the enquiry concluded must be on or after the strategy discussion on "
                    f"{govuk_date(self.enquiry.started_on)}",
                )
        if (
            data.get("outcome") == S47Outcome.NO_CONFERENCE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Enter why no conference is needed")
        return data
