"""The child's voice forms (issue 21): one small form per part of the page, each with its own
button, so a mistake in one part never loses what is typed in another."""

import datetime

from django import forms
from django.utils import timezone

from children.forms.time_of_day import TimeOfDayField
from core.forms import LONG_TEXT, NOTE, SHORT_TEXT, GovukDateField, GovukTextField

from .models import AdvocacyAnswer, AdvocatePart, ChairMeetsChild, ConsultationMethod

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, max_length=NOTE, rows=4, **kwargs):
    return GovukTextField(
        label=label,
        max_length=max_length,
        required=kwargs.pop("required", False),
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class SeenForm(forms.Form):
    seen_on = GovukDateField(
        label="Date the child was seen", label_for_errors="the date the child was seen"
    )
    seen_by_name = GovukTextField(
        label="Who saw the child (leave empty if it was you)",
        max_length=SHORT_TEXT,
        required=False,
    )
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the child was seen alone"},
    )


class ConsultationForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label="How was the child consulted?",
        choices=ConsultationMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    not_consulted_reason = _text("If the child was not consulted, why not")
    next_time = _text("What will change next time (if the child was not consulted)")


class ViewsForm(forms.Form):
    views = _text(
        "The child's wishes and feelings, in their own words", max_length=LONG_TEXT, rows=8
    )
    not_sought_reason = _text("If the child's views were not sought, why not")


class AdvocacyForm(forms.Form):
    advocacy = forms.ChoiceField(
        label="Did the child accept an advocate?",
        choices=AdvocacyAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child accepted an advocate"},
    )
    advocate_name = GovukTextField(
        label="The advocate's name", max_length=SHORT_TEXT, required=False
    )
    advocate_organisation = GovukTextField(
        label="The advocate's organisation", max_length=SHORT_TEXT, required=False
    )
    advocate_part = forms.ChoiceField(
        label="What did the advocate do?",
        choices=AdvocatePart.choices,
        widget=forms.RadioSelect,
        initial=AdvocatePart.NOT_YET,
        error_messages={"required": "Select what the advocate did"},
    )


class TellingForm(forms.Form):
    told_before = _text("What the child will be told before the conference")
    told_during = _text("What the child will be told during the conference")


class UploadForm(forms.Form):
    upload = forms.FileField(
        label="Something the child made: a drawing, a letter or a recording",
        help_text="A picture (PNG or JPEG), a PDF or a recording (MP3, M4A or WAV).",
        error_messages={"required": "Select a file"},
    )
    description = GovukTextField(
        label="What it is (optional)", max_length=SHORT_TEXT, required=False
    )


class NotSeenReasonForm(forms.Form):
    reason = _text(
        "Why the conference goes ahead although the child was not seen",
        required=True,
        error_messages={"required": "Enter why the conference goes ahead without the child seen"},
    )


class ChairNotesForm(forms.Form):
    consultation_chair_note = _text("Your note on how the child was consulted (or why not)")
    advocacy_chair_note = _text("Your note on advocacy")
    chair_meets_child = forms.ChoiceField(
        label="Do you meet the child before the conference?",
        choices=ChairMeetsChild.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    meets_on = GovukDateField(
        label="Date of the meeting (if you meet the child)",
        label_for_errors="the date of the meeting",
        required=False,
    )
    meets_at = TimeOfDayField(
        label="Time of the meeting", help_text="For example 9:30am or 14:30", required=False
    )

    def meets_when(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("meets_on")
        if day is None:
            return None
        time = self.cleaned_data.get("meets_at") or datetime.time(9, 0)
        return timezone.make_aware(datetime.datetime.combine(day, time))
