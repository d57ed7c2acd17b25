"""Forms of the plan pages: ending a plan (other than at a review conference)."""

from django import forms

from core.forms import GovukDateField

from .models import PlanEndReason, StepDown

# "No longer at risk" is decided only by a review conference, on its decision page.
OTHER_END_REASONS = [
    (value, label)
    for value, label in PlanEndReason.choices
    if value not in (PlanEndReason.NO_LONGER_AT_RISK, PlanEndReason.REACHED_18)
]


class EndPlanForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why does the plan end?",
        help_text="A plan ends because the child is no longer at risk only at a review "
        "conference. A plan ends automatically on the child's 18th birthday.",
        choices=OTHER_END_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan ends"},
    )
    ended_on = GovukDateField(
        label="Date the plan ends",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the plan ends",
        error_messages={"required": "Enter the date the plan ends"},
    )
    receiving_authority = forms.CharField(
        label="Local authority the child moved to (if they moved away)",
        required=False,
        max_length=200,
    )
    transfer_in_conference_on = GovukDateField(
        label="Date of the receiving authority's transfer-in conference (if they moved away)",
        help_text="The plan ends on a move only after that conference.",
        label_for_errors="The date of the transfer-in conference",
        required=False,
    )
    note = forms.CharField(
        label="More about why the plan ends",
        help_text="Needed when the reason is other.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    step_down = forms.ChoiceField(
        label="What follows the plan?",
        choices=StepDown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what follows the plan"},
    )


class ReviewChairForm(forms.Form):
    chair = forms.ModelChoiceField(
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
        self.fields["chair"].label_from_instance = lambda user: user.full_name
