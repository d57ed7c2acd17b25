"""Forms for the managers' reports during an adjournment and the senior manager's review of an
escalated decision (issue 17)."""

from django import forms

from core.forms import NOTE, GovukTextField
from reports.forms import DocumentField


class AdjournmentReportForm(forms.Form):
    manager_name = GovukTextField(
        label="Manager's name",
        help_text="The manager whose report this is.",
        max_length=200,
        error_messages={"required": "Enter the name of the manager whose report this is"},
    )
    manager_role = GovukTextField(label="Manager's role", max_length=200, required=False)
    facts = GovukTextField(
        max_length=NOTE,
        label="The facts or evidence",
        help_text="Why your agency identifies or disputes significant harm, and the facts or "
        "evidence the view is based on. You can upload the manager's report instead.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    document = DocumentField(
        label="Upload the manager's report (optional)",
        help_text="A PDF or Word document.",
    )

    def clean(self):
        data = super().clean()
        missing = not (data.get("facts") or "").strip() and not data.get("document")
        if missing and not self.errors.get("document"):
            self.add_error("facts", "Enter the facts or evidence, or upload the manager's report")
        return data


class EscalationReviewForm(forms.Form):
    review = GovukTextField(
        max_length=NOTE,
        label="Your review of the decision",
        help_text="Whether the child should remain on the plan, and what happens next.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your review of the decision"},
    )
