"""Forms for sharing reports with the family (issue 18 item 7)."""

from django import forms

from core.forms import NOTE, GovukDateField, GovukTextField

from .models import ReportSharingMethod


class AgencySharingForm(forms.Form):
    shared = forms.ChoiceField(
        label="Has the report been shared with the parents?",
        choices=[("yes", "Yes"), ("no", "No, it could not be shared")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the report has been shared with the parents"},
    )
    shared_on = GovukDateField(
        label="When was it shared?",
        help_text="If it was shared. For example, 27 3 2026.",
        label_for_errors="The date the report was shared",
        required=False,
    )
    how = forms.ChoiceField(
        label="How was it shared?",
        choices=ReportSharingMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    not_shared_reason = GovukTextField(
        max_length=NOTE,
        label="Why could it not be shared?",
        help_text="If it was not shared. The chair sees this before the conference.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shared") == "yes":
            if not cleaned.get("shared_on") and not self.errors.get("shared_on"):
                self.add_error("shared_on", "Enter the date the report was shared")
            if not cleaned.get("how"):
                self.add_error("how", "Select how the report was shared")
        elif cleaned.get("shared") == "no" and not cleaned.get("not_shared_reason", "").strip():
            self.add_error("not_shared_reason", "Enter why the report was not shared")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["shared"] == "yes":
            return {"shared": True, "shared_on": data["shared_on"], "how": data["how"]}
        return {"shared": False, "not_shared_reason": data["not_shared_reason"]}


class ReopenReportForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="What is changing in the report?",
        help_text="The team manager signs off the changed report, and it is shared with the "
        "parents again.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what is changing in the report"},
    )


class ParentsViewsForm(forms.Form):
    """Issue 21 item 5: what each parent said about the shared report, one box per family member
    on the invite list (``views_<person id>``)."""

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = list(parents)
        for parent in self.parents:
            self.fields[f"views_{parent.person_id}"] = GovukTextField(
                max_length=NOTE,
                label=f"What {parent.name} said about the report",
                help_text=f"{parent.connection}. Leave empty if they have not given their views.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def views(self) -> dict[int, str]:
        return {p.person_id: self.cleaned_data[f"views_{p.person_id}"] for p in self.parents}
