"""Forms of the plan pages: ending a plan (other than at a review conference)."""

from django import forms

from core.forms import NOTE, GovukDateField, GovukTextField

from .ending import agreeing_managers
from .models import PlanCategory, PlanEndReason, StepDown

# "No longer at risk" is decided only by a review conference, on its decision page; the sweep ends
# a plan at 18; "other" is no longer a reason (issue 17).
OTHER_END_REASONS = [
    (value, label)
    for value, label in PlanEndReason.choices
    if value in (PlanEndReason.DIED, PlanEndReason.LEFT_UK, PlanEndReason.MOVED_AWAY)
]


class EndPlanForm(forms.Form):
    """The ending page and its confirmation step (which posts the same fields again, hidden).
    The manager's agreement is checked by plans.ending, so its message comes from the service."""

    reason = forms.ChoiceField(
        label="Why does the plan end?",
        help_text="A plan ends because the child is no longer at risk only at a review "
        "conference. A plan ends automatically on the child's 18th birthday.",
        choices=OTHER_END_REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the plan ends",
            "invalid_choice": "Select why the plan ends",
        },
    )
    ended_on = GovukDateField(
        label="Date the plan ends",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the plan ends",
        error_messages={"required": "Enter the date the plan ends"},
    )
    receiving_authority = GovukTextField(
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
    note = GovukTextField(
        max_length=NOTE,
        label="More about why the plan ends (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    step_down = forms.ChoiceField(
        label="What follows the plan?",
        choices=StepDown.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what follows the plan",
            "invalid_choice": "Select what follows the plan",
        },
    )
    manager_agreement = forms.ModelChoiceField(
        label="Team manager or service manager who agreed the plan ends",
        help_text="A manager must agree before a plan ends outside a conference. It cannot be you.",
        queryset=None,
        required=False,
        empty_label="Select the manager",
        error_messages={"invalid_choice": "Select the team manager or service manager who agreed"},
    )
    manager_agreed_on = GovukDateField(
        label="Date the manager agreed",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the manager agreed",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager_agreement"].queryset = agreeing_managers()
        self.fields["manager_agreement"].label_from_instance = lambda user: user.full_name

    def carried(self) -> list[tuple[str, str]]:
        """The cleaned answers as the names and values the form posts, for the hidden inputs of
        the confirmation page."""
        pairs = []
        for name, value in self.cleaned_data.items():
            if isinstance(self.fields[name], GovukDateField):
                if value is not None:
                    pairs += [
                        (f"{name}_day", str(value.day)),
                        (f"{name}_month", str(value.month)),
                        (f"{name}_year", str(value.year)),
                    ]
            elif value is not None and value != "":
                pairs.append((name, str(getattr(value, "pk", value))))
        return pairs


class RealEndReasonForm(forms.Form):
    """A manager records why a plan ended as "other" really ended."""

    reason = forms.ChoiceField(
        label="Why did the plan really end?",
        choices=[
            (value, label) for value, label in PlanEndReason.choices if value != PlanEndReason.OTHER
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the real reason the plan ended",
            "invalid_choice": "Select the real reason the plan ended",
        },
    )
    note = GovukTextField(
        max_length=NOTE,
        label="How do you know?",
        help_text="For example, what the case record or the social worker says.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter how you know the real reason"},
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


# --- Between conferences and transfer-in (issue 7 parts 5 and 7) ---------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class MidwayNoteForm(forms.Form):
    is_progressing = forms.ChoiceField(
        label="Is the plan progressing?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the plan is progressing"},
    )
    review_date_right = forms.ChoiceField(
        label="Is the review date right?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the review date is right"},
    )
    note = GovukTextField(
        max_length=NOTE,
        label="Your mid-way review note",
        help_text="What has changed for the child since the conference, and what the core group "
        "should do next.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your mid-way review note"},
    )
    escalation = GovukTextField(
        max_length=NOTE,
        label="Escalation (if any)",
        help_text="Needed if the review date is not right: who you escalated to and why.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        data["progressing"] = _yes_no(data.get("is_progressing"))
        data["date_right"] = _yes_no(data.get("review_date_right"))
        return data


class DriftReviewForm(forms.Form):
    note = GovukTextField(
        max_length=NOTE,
        label="Your review of the plan",
        help_text="Is the plan drifting? What must change before the next review?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your review of the plan"},
    )


class TransferInForm(forms.Form):
    previous_authority = GovukTextField(
        label="Local authority the child moved from",
        max_length=200,
        error_messages={"required": "Enter the local authority the child moved from"},
    )
    previous_plan_started_on = GovukDateField(
        label="Date that authority's child protection plan started",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the plan started",
        error_messages={"required": "Enter the date the plan started"},
    )
    previous_plan_category = forms.ChoiceField(
        label="Category of that plan",
        choices=PlanCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category of the previous authority's plan"},
    )
    moved_in_on = GovukDateField(
        label="Date the child moved in",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the child moved in",
        error_messages={"required": "Enter the date the child moved in"},
    )
    notified_on = GovukDateField(
        label="Date we were told of the move",
        help_text="The transfer-in conference is held within 15 working days of this date.",
        label_for_errors="The date you were told of the move",
        error_messages={"required": "Enter the date you were told of the move"},
    )
