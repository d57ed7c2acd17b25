"""Forms of the smaller duties on a plan (issue 22 item 6): specialist assessment requests and the
Family Group Conference."""

from django import forms

from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField

from .models import AssessmentStatus

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value):
    return {"yes": True, "no": False}.get(value)


class SpecialistAssessmentRequestForm(forms.Form):
    assessment_type = GovukTextField(
        max_length=SHORT_TEXT,
        label="Type of assessment",
        help_text="For example, a parenting capacity assessment or a psychological assessment.",
        error_messages={"required": "Enter the type of assessment"},
    )
    purpose = GovukTextField(
        max_length=NOTE,
        label="What the assessment is for",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the assessment is for"},
    )
    assessor = GovukTextField(
        max_length=SHORT_TEXT,
        label="Who will do it",
        error_messages={"required": "Enter who will do the assessment"},
    )
    by_when = GovukDateField(label="Due by", help_text="For example, 27 4 2026")


class SpecialistAssessmentUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where has the assessment got to?",
        choices=[c for c in AssessmentStatus.choices if c[0] != AssessmentStatus.REQUESTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the assessment has got to"},
    )
    outcome = GovukTextField(
        max_length=NOTE,
        label="Outcome, or why it was declined",
        help_text="Needed when the assessment is completed or declined.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FgcRecommendationForm(forms.Form):
    recommended = forms.ChoiceField(
        label="Did the conference recommend a Family Group Conference?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={
            "required": "Select whether the conference recommended a Family Group Conference"
        },
    )
    note = GovukTextField(
        max_length=NOTE,
        label="What the conference said (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FgcOutcomeForm(forms.Form):
    held = forms.ChoiceField(
        label="Was the Family Group Conference held?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the Family Group Conference was held"},
    )
    held_on = GovukDateField(label="Date it was held", required=False)
    not_held_reason = GovukTextField(
        max_length=NOTE,
        label="Why it was not held",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
