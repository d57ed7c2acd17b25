"""Forms of the looked-after and early review pages (issue 22)."""

from django import forms

from children.models import LegalBasis
from conferences.models import EarlyReviewTrigger
from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField


class LookedAfterPeriodForm(forms.Form):
    started_on = GovukDateField(
        label="Date the child became looked after",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the child became looked after",
        error_messages={"required": "Enter the date the child became looked after"},
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis",
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the legal basis",
            "invalid_choice": "Select the legal basis",
        },
    )
    independent_reviewing_officer = GovukTextField(
        max_length=SHORT_TEXT,
        label="Independent Reviewing Officer",
        help_text="The IRO who reviews the child's care plan, if one is named yet.",
        required=False,
    )
    ended_on = GovukDateField(
        label="Date the child stopped being looked after (if this period is over)",
        help_text="Leave blank if the child is still looked after. For example, 27 3 2026",
        label_for_errors="The date the child stopped being looked after",
        required=False,
    )


class EndLookedAfterPeriodForm(forms.Form):
    ended_on = GovukDateField(
        label="Date the child stopped being looked after",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the child stopped being looked after",
        error_messages={"required": "Enter the date the child stopped being looked after"},
    )


class EarlyReviewForm(forms.Form):
    trigger = forms.ChoiceField(
        label="Why is the review needed early?",
        choices=EarlyReviewTrigger.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the review is needed early",
            "invalid_choice": "Select why the review is needed early",
        },
    )
    detail = GovukTextField(
        max_length=NOTE,
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what has happened"},
    )


class DismissPromptForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why is no early review needed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why no early review is needed"},
    )
