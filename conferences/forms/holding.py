"""Holding the conference (issue 6): the attendance list, adding someone who was not invited,
and the chair's reason to proceed when the conference is not quorate."""

from django import forms

from core.forms import NOTE, GovukTextField
from voice.models import Participation

from ..models import AttendanceKind, AttendanceStatus, ParentsMetChair


class AttendanceForm(forms.Form):
    """A status for each person on the attendance list (``status_<id>``), whether the parents met
    the chair beforehand, and how each child took part (``participation_<child id>``, with
    ``participation_reason_<child id>``: issue 21, never one answer for all siblings)."""

    parents_met_chair_beforehand = forms.ChoiceField(
        label="Did the parents meet the chair before the conference?",
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the parents met the chair beforehand"},
    )

    def __init__(self, *args, rows=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.children = list(children)
        self.fields["parents_met_chair_beforehand"].choices = ParentsMetChair.choices
        for child in self.children:
            self.fields[f"participation_{child.pk}"] = forms.ChoiceField(
                label=f"How did {child.legal_name} take part?",
                widget=forms.RadioSelect,
                choices=Participation.choices,
                required=False,
            )
            self.fields[f"participation_reason_{child.pk}"] = GovukTextField(
                label=f"Why did {child.legal_name} not take part? (if they did not)",
                max_length=NOTE,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for row in self.rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                label=f"Attendance of {row.name}",
                choices=AttendanceStatus.choices,
                initial=row.status,
                error_messages={
                    "required": f"Select whether {row.name} attended",
                    "invalid_choice": f"Select whether {row.name} attended",
                },
            )

    def status_fields(self):
        return [(row, self[f"status_{row.pk}"]) for row in self.rows]

    def clean(self):
        cleaned = super().clean()
        for child in self.children:
            if (
                cleaned.get(f"participation_{child.pk}") == "did_not_take_part"
                and not (cleaned.get(f"participation_reason_{child.pk}") or "").strip()
            ):
                self.add_error(
                    f"participation_reason_{child.pk}",
                    f"Enter why {child.legal_name} did not take part",
                )
        return cleaned

    def participation_fields(self):
        return [
            (child, self[f"participation_{child.pk}"], self[f"participation_reason_{child.pk}"])
            for child in self.children
        ]

    def participation(self) -> dict:
        return {
            child.pk: (
                self.cleaned_data[f"participation_{child.pk}"],
                self.cleaned_data[f"participation_reason_{child.pk}"],
            )
            for child in self.children
        }

    def statuses(self) -> dict:
        return {row.pk: self.cleaned_data[f"status_{row.pk}"] for row in self.rows}


class AddAttendeeForm(forms.Form):
    name = GovukTextField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    kind = forms.ChoiceField(
        label="Who are they?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )
    organisation = GovukTextField(
        label="Agency or organisation (for a professional)", max_length=200, required=False
    )
    capacity = GovukTextField(
        label="Role or relationship to the children",
        max_length=300,
        required=False,
        help_text="For example health visitor, grandmother, or interpreter (Polish).",
    )
    is_social_worker = forms.BooleanField(
        label="They are the children's social worker", required=False
    )
    status = forms.ChoiceField(label="Attendance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AttendanceKind.choices
        self.fields["status"].choices = [
            (value, label) for value, label in AttendanceStatus.choices if value != "expected"
        ]
        self.fields["status"].initial = AttendanceStatus.ATTENDED


class QuorateReasonForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why does the conference proceed although it is not quorate?",
        help_text="For example: a baby known only to the health visitor.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the conference proceeds although it is not quorate"},
    )
