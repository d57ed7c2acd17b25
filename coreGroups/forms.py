"""Forms for core group meetings and visits, rendered in GOV.UK markup by core.forms."""

import datetime

from django import forms
from django.utils import timezone

from children.forms import TimeOfDayField
from core.forms import NOTE, GovukDateField, GovukTextField
from core.templatetags.govuk import govuk_date
from plans.models import ActionStatus

from .models import MAX_SCORE, MIN_SCORE, AttendanceStatus

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def _at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class _WhenMixin:
    def _held_at(self, data):
        day, time = data.get("date"), data.get("time")
        if day and time:
            data["held_at"] = _at(day, time)
        return data


class PlanMeetingForm(_WhenMixin, forms.Form):
    date = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 4 12 2026",
        label_for_errors="The date of the meeting",
    )
    time = TimeOfDayField(
        label="Start time",
        help_text="For example, 10am or 14:30",
        error_messages={"required": "Enter the time the meeting starts"},
    )
    chaired_by = UserChoiceField(
        label="Chair",
        queryset=None,
        empty_label="Select the chair",
        help_text="The first core group after the conference is chaired by the team manager.",
        error_messages={
            "required": "Select who chairs the meeting",
            "invalid_choice": "Select a chair from the list",
        },
    )
    venue = GovukTextField(
        label="Where (optional)",
        required=False,
        max_length=300,
        help_text="For example, the family home, or the school",
    )

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chaired_by"].queryset = chairs

    def clean(self):
        return self._held_at(super().clean())


class RecordMeetingForm(_WhenMixin, forms.Form):
    """Attendance for each active member, progress on each action and a score against each
    danger statement, built from the plan's rows; the field names carry the row's id."""

    date = GovukDateField(label="Date of the meeting", label_for_errors="The date of the meeting")
    time = TimeOfDayField(
        label="Start time",
        help_text="For example, 10am or 14:30",
        error_messages={"required": "Enter the time the meeting started"},
    )
    other_name = GovukTextField(
        label="Someone else who attended (optional)",
        required=False,
        max_length=200,
        help_text="For example, a grandparent who is not in the core group",
    )
    other_role = GovukTextField(label="Their role (optional)", required=False, max_length=300)
    notes = GovukTextField(
        max_length=NOTE,
        label="What was discussed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decisions = GovukTextField(
        max_length=NOTE,
        label="Decisions",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the meeting's decisions"},
    )

    def __init__(self, *args, members=(), actions=(), statements=(), first_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.actions, self.statements = members, actions, statements
        if first_due is not None:
            # The first core group: asked why when it met after CG_FIRST's due date; the service
            # decides whether it did (from the date entered) and refuses without a reason.
            self.fields["late_reason"] = GovukTextField(
                max_length=NOTE,
                label="Why did the first core group meet after its due date?",
                help_text=f"It was due by {govuk_date(first_due.due_on)}. Leave this empty if "
                "it met by then. Say why it met later and how the child was kept safe "
                "meanwhile: a manager signs off the reason.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for member in members:
            role = member.role or (
                member.user.agency.name if member.user_id and member.user.agency_id else ""
            )
            label = f"{member.name} ({role})" if role else member.name
            self.fields[f"attendance_{member.pk}"] = forms.ChoiceField(
                label=label,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"inline": True}),
                error_messages={"required": f"Select whether {member.name} attended"},
            )
        for number, action in enumerate(actions, start=1):
            self.fields[f"progress_{action.pk}"] = forms.ChoiceField(
                label=f"Action {number}: {action.what}",
                help_text=f"Who: {action.who}",
                choices=ActionStatus.choices,
                initial=action.status,
                error_messages={"required": f"Select the progress on action {number}"},
            )
            self.fields[f"progress_comment_{action.pk}"] = GovukTextField(
                max_length=NOTE,
                label=f"Comment on action {number} (optional)",
                required=False,
            )
        for statement in statements:
            position = statement.position
            self.fields[f"score_{statement.pk}"] = forms.IntegerField(
                label=f"Score for danger statement {position} (optional)",
                help_text=f"0 to 10, where 10 means the safety goal is met. {statement.safety_goal}",
                required=False,
                min_value=MIN_SCORE,
                max_value=MAX_SCORE,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
                ),
                error_messages={
                    "invalid": f"Enter a whole number from 0 to 10 for danger statement {position}",
                    "min_value": f"Enter a score from 0 to 10 for danger statement {position}",
                    "max_value": f"Enter a score from 0 to 10 for danger statement {position}",
                },
            )
            self.fields[f"score_comment_{statement.pk}"] = GovukTextField(
                max_length=NOTE,
                label=f"What the core group said about danger statement {position} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = self._held_at(super().clean())
        if data.get("other_role") and not data.get("other_name"):
            self.add_error("other_name", "Enter the name of the person who attended")
        return data

    # Groups of bound fields for the template's sections.
    def attendance_fields(self):
        return [self[f"attendance_{member.pk}"] for member in self.members]

    def progress_fields(self):
        return [(self[f"progress_{a.pk}"], self[f"progress_comment_{a.pk}"]) for a in self.actions]

    def scaling_fields(self):
        return [
            (statement, self[f"score_{statement.pk}"], self[f"score_comment_{statement.pk}"])
            for statement in self.statements
        ]

    def record(self) -> dict:
        """The keyword arguments for services.record_meeting."""
        data = self.cleaned_data
        attendance = [
            {"member": member, "status": data[f"attendance_{member.pk}"]} for member in self.members
        ]
        if data.get("other_name"):
            attendance.append(
                {
                    "member": None,
                    "name": data["other_name"],
                    "role": data.get("other_role", ""),
                    "status": AttendanceStatus.ATTENDED,
                }
            )
        return {
            "held_at": data["held_at"],
            "attendance": attendance,
            "progress": [
                {
                    "action": action,
                    "status": data[f"progress_{action.pk}"],
                    "comment": data.get(f"progress_comment_{action.pk}", ""),
                }
                for action in self.actions
            ],
            "scaling": [
                {
                    "danger_statement": statement,
                    "score": data[f"score_{statement.pk}"],
                    "comment": data.get(f"score_comment_{statement.pk}", ""),
                }
                for statement in self.statements
                if data.get(f"score_{statement.pk}") is not None
            ],
            "decisions": data["decisions"],
            "notes": data.get("notes", ""),
            "late_reason": data.get("late_reason", ""),
        }


class DangerStatementForm(forms.Form):
    text = GovukTextField(
        max_length=NOTE,
        label="Danger statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the core group is worried will happen to the child if nothing changes",
        error_messages={"required": "Enter the danger statement"},
    )
    safety_goal = GovukTextField(
        max_length=NOTE,
        label="Safety goal",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the core group needs to see to be confident the child is safe",
        error_messages={"required": "Enter the safety goal"},
    )


class StatementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"Danger statement {obj.position}: {obj.text[:80]}"


class ActionForm(forms.Form):
    what = GovukTextField(
        max_length=NOTE,
        label="What is to happen",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what is to happen"},
    )
    who = GovukTextField(
        label="Who will do it",
        max_length=300,
        error_messages={"required": "Enter who will do it"},
    )
    by_when = GovukDateField(
        label="By when (optional)",
        required=False,
        help_text="For example, 4 12 2026",
        label_for_errors="The date it is due by",
    )
    danger_statement = StatementChoiceField(
        label="Danger statement it addresses (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a danger statement from the list"},
    )

    def __init__(self, *args, statements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["danger_statement"].queryset = statements


class VisitForm(forms.Form):
    visited_on = GovukDateField(
        label="Date of the visit",
        help_text="For example, 4 12 2026",
        label_for_errors="The date of the visit",
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the child was seen"},
    )
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(attrs={"inline": True}),
        help_text="Answer if the child was seen.",
    )
    reason_not_seen = GovukTextField(
        max_length=NOTE,
        label="Why was the child not seen?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if the child was not seen. The visit does not count towards the "
        "visiting timescale: the child must be seen.",
    )
    notes = GovukTextField(
        max_length=NOTE,
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        seen = _yes_no(data.get("child_seen"))
        data["seen"] = seen
        data["alone"] = bool(_yes_no(data.get("seen_alone"))) if seen else False
        if seen and not data.get("seen_alone"):
            self.add_error("seen_alone", "Select whether the child was seen alone")
        if seen is False and not (data.get("reason_not_seen") or "").strip():
            self.add_error("reason_not_seen", "Enter why the child was not seen")
        return data
