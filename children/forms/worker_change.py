"""Forms of a family's request for a change of worker (issue 22 item 6; 001 §21)."""

from django import forms

from accounts.models import RoleCode, User
from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField


class WorkerChangeRequestForm(forms.Form):
    requested_by_name = GovukTextField(
        max_length=SHORT_TEXT,
        label="Who asked",
        help_text="Their name and who they are to the child.",
        error_messages={"required": "Enter who asked for a change of worker"},
    )
    requested_on = GovukDateField(label="Date of the request")
    reason = GovukTextField(
        max_length=NOTE,
        label="The family's reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the family's reason for asking"},
    )


class WorkerChangeDecisionForm(forms.Form):
    agreed = forms.ChoiceField(
        label="Do you agree to the change of worker?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether you agree to the change of worker"},
    )
    decision_reason = GovukTextField(
        max_length=NOTE,
        label="The reason for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for your decision"},
    )
    new_worker = forms.ModelChoiceField(
        label="New lead social worker (if you agree)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select a social worker",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_worker"].queryset = User.objects.filter(
            is_active=True, roles__code=RoleCode.SOCIAL_WORKER
        ).order_by("full_name")
