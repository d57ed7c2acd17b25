"""Forms of the Contextual Safeguarding Conference pages (issue 22 item 5)."""

import datetime

from django import forms
from django.utils import timezone

from children.forms import TimeOfDayField
from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField

from .models import (
    INITIAL_DECISIONS,
    REVIEW_DECISIONS,
    CscDecision,
    HarmOutsideFamily,
    OutcomeStatus,
    Recommendation,
    ViewKind,
)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        agency = f" ({obj.agency.name})" if getattr(obj, "agency", None) else ""
        return f"{obj.full_name}{agency}"


class ChairField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class RequestForm(forms.Form):
    harms = forms.MultipleChoiceField(
        label="What harm outside the family is the young person at risk of?",
        choices=HarmOutsideFamily.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select the harm outside the family the young person is at risk of"
        },
    )
    concerns = GovukTextField(
        max_length=NOTE,
        label="What are the concerns?",
        help_text="The places, peers and adults involved, what has happened and what is "
        "working well.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the concerns about the young person"},
    )


class BookForm(forms.Form):
    chair = ChairField(
        label="Independent chair",
        queryset=None,
        empty_label="Select a chair",
        error_messages={
            "required": "Select an independent chair",
            "invalid_choice": "Select an independent chair",
        },
    )
    date = GovukDateField(
        label="Date of the conference",
        help_text="For example, 4 12 2026",
        label_for_errors="The date of the conference",
        error_messages={"required": "Enter the date of the conference"},
    )
    start_time = TimeOfDayField(
        label="Start time",
        help_text="For example, 10am or 14:30",
        error_messages={"required": "Enter the time the conference starts"},
    )
    venue = GovukTextField(
        max_length=SHORT_TEXT,
        label="Where",
        help_text="The room, or 'Online'.",
        error_messages={"required": "Enter where the conference is held, or that it is online"},
    )
    professionals = PersonChoiceField(
        label="Professionals to invite (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Invited professionals can see this young person's conferences and plan.",
        error_messages={"invalid_choice": "Select professionals from the list"},
    )

    def __init__(self, *args, chairs=None, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["professionals"].queryset = professionals

    def booking(self) -> dict:
        data = self.cleaned_data
        return {
            "chair": data["chair"],
            "starts_at": timezone.make_aware(
                datetime.datetime.combine(data["date"], data["start_time"])
            ),
            "venue": data["venue"],
            "professionals": list(data["professionals"]),
        }


class ViewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Whose view is this?",
        choices=ViewKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose view this is"},
    )
    name = GovukTextField(
        max_length=SHORT_TEXT,
        label="Name",
        error_messages={"required": "Enter the name of the person whose view this is"},
    )
    role = GovukTextField(
        max_length=SHORT_TEXT,
        label="Role and agency, or relationship to the young person",
        required=False,
        help_text="For example: police, Child Exploitation Team; school; mother. Needed for a "
        "professional.",
    )
    view = GovukTextField(
        max_length=NOTE,
        label="Their view",
        help_text="The risk as they see it, what is working well and what needs to happen.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter their view"},
    )
    recommendation = forms.ChoiceField(
        label="A professional's recommendation",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed for a professional's view.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = GovukTextField(
        max_length=NOTE,
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    parents_views_not_given = GovukTextField(
        max_length=NOTE,
        label="If the parents' or carers' views are not recorded, why not (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    young_person_views_not_given = GovukTextField(
        max_length=NOTE,
        label="If the young person's views are not recorded, why not (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, review=False, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = REVIEW_DECISIONS if review else INITIAL_DECISIONS
        self.fields["decision"].choices = [
            (value, label) for value, label in CscDecision.choices if value in allowed
        ]


class OutcomeForm(forms.Form):
    outcome = GovukTextField(
        max_length=NOTE,
        label="What will change",
        help_text="For example: Amelia no longer goes missing overnight.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will change for the young person"},
    )
    measure = GovukTextField(
        max_length=NOTE,
        label="How we will know it has changed",
        help_text="What will be counted or seen: for example, no missing episodes reported by "
        "the police for 8 weeks.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter how everyone will know it has changed: the outcome must be "
            "measurable"
        },
    )
    who = GovukTextField(
        max_length=SHORT_TEXT,
        label="Who is responsible",
        error_messages={"required": "Enter who is responsible"},
    )
    due_on = GovukDateField(
        label="By when",
        help_text="For example, 27 3 2026",
        label_for_errors="The date it is to be achieved by",
        error_messages={"required": "Enter the date it is to be achieved by"},
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="Where has the outcome got to?",
        choices=OutcomeStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the outcome has got to"},
    )
    progress = GovukTextField(
        max_length=NOTE,
        label="Progress",
        help_text="What the measure shows now.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the progress, with what shows it"},
    )
