"""Forms of the Child in Need plan pages and the Early Help step-down (issue 22 item 4)."""

from django import forms

from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField

from .models import CinEndReason


class CinCoreGroupMemberForm(forms.Form):
    name = GovukTextField(
        max_length=SHORT_TEXT, label="Name", error_messages={"required": "Enter the member's name"}
    )
    role = GovukTextField(
        max_length=SHORT_TEXT,
        label="Role or agency",
        help_text="For example: mother, health visitor, school's designated safeguarding lead.",
        error_messages={"required": "Enter their role or agency"},
    )


class CinReviewForm(forms.Form):
    held_on = GovukDateField(
        label="Date the review was held",
        help_text="For example, 27 3 2026",
        label_for_errors="The date the review was held",
        error_messages={"required": "Enter the date the review was held"},
    )
    summary = GovukTextField(
        max_length=NOTE,
        label="What the review found",
        help_text="Whether the plan is meeting the child's needs, the core group's work, the "
        "services and what more is needed; any new concerns to escalate; whether a Family Group "
        "Conference was considered.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the review found"},
    )


class CinActionForm(forms.Form):
    action = GovukTextField(
        max_length=NOTE,
        label="What needs to happen",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to happen"},
    )
    who = GovukTextField(
        max_length=SHORT_TEXT,
        label="Who does it",
        error_messages={"required": "Enter who does it"},
    )
    due_on = GovukDateField(
        label="By when",
        help_text="For example, 27 3 2026",
        label_for_errors="The date it is to be done by",
        error_messages={"required": "Enter the date it is to be done by"},
    )


class CinActionDoneForm(forms.Form):
    done_on = GovukDateField(
        label="Date it was done",
        label_for_errors="The date it was done",
        error_messages={"required": "Enter the date it was done"},
    )


class EndChildInNeedPlanForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why does the plan end?",
        choices=CinEndReason.choices,
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
    note = GovukTextField(
        max_length=NOTE,
        label="More about why the plan ends (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    early_end_reason = GovukTextField(
        max_length=NOTE,
        label="If the plan ends before its minimum length: why you, the team manager, agree",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EarlyHelpPlanForm(forms.Form):
    lead_professional = GovukTextField(
        max_length=SHORT_TEXT,
        label="Early Help lead professional",
        error_messages={"required": "Enter the Early Help lead professional"},
    )
    lead_agency = GovukTextField(
        max_length=SHORT_TEXT,
        label="Their agency",
        error_messages={"required": "Enter the lead professional's agency"},
    )
    started_on = GovukDateField(
        label="Date the Early Help plan started",
        label_for_errors="The date the Early Help plan started",
        error_messages={"required": "Enter the date the Early Help plan started"},
    )
    first_review_on = GovukDateField(
        label="Date of the first Early Help review",
        label_for_errors="The date of the first Early Help review",
        error_messages={"required": "Enter the date of the first Early Help review"},
    )
