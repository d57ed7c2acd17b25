"""Before the conference: sending the invitations, the arrangements, a child's opting out of
advocacy, the chair's decisions, and an invited professional's reply."""

from django import forms

from core.forms import NOTE, GovukTextField

from ..models import ChairDecisionKind, InvitationReply


class SendInvitationsForm(forms.Form):
    """No fields: the button. Errors from the service show in the error summary."""


class ArrangementsForm(forms.Form):
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)
    interpreter_languages = GovukTextField(
        label="Languages an interpreter is needed for",
        required=False,
        max_length=200,
        help_text="For example, Polish for the mother",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    interpreter_booked = forms.BooleanField(label="The interpreter is booked", required=False)
    childcare_needed = forms.BooleanField(label="Childcare is needed", required=False)
    childcare_details = GovukTextField(
        max_length=NOTE,
        label="Childcare details (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a crèche for a baby and a 3 year old during the conference.",
    )
    separate_attendance_needed = forms.BooleanField(
        label="Someone must attend separately",
        required=False,
        help_text="For example, one parent must not meet another because of domestic abuse.",
    )
    separate_attendance_details = GovukTextField(
        max_length=NOTE,
        label="Who must not meet whom, and how they will attend separately",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Never shared with the family.",
    )
    seating_arrangements = GovukTextField(
        max_length=NOTE,
        label="Seating arrangements (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_arrangements = GovukTextField(
        max_length=NOTE,
        label="Other arrangements (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, step-free access, a hearing loop or large print.",
    )

    def clean(self):
        data = super().clean()
        if data.get("interpreter_needed") and not (data.get("interpreter_languages") or "").strip():
            self.add_error(
                "interpreter_languages", "Enter the languages an interpreter is needed for"
            )
        if (
            data.get("separate_attendance_needed")
            and not (data.get("separate_attendance_details") or "").strip()
        ):
            self.add_error(
                "separate_attendance_details",
                "Enter who must not meet whom, and how they will attend separately",
            )
        return data


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.legal_name


class AdvocacyOptOutForm(forms.Form):
    child = ChildChoiceField(
        label="Which child does not want an advocate?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the child",
            "invalid_choice": "Select a child the conference is about",
        },
    )
    reason = GovukTextField(
        max_length=NOTE,
        label="Who said so, and when?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, Amelia told her social worker on 3 March that she does not want "
        "an advocate.",
        error_messages={"required": "Enter who said the child does not want an advocate, and when"},
    )

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class ChairDecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the decision about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the decision is about"},
    )
    child = ChildChoiceField(
        label="Which child? (for a child's attendance)",
        queryset=None,
        required=False,
        empty_label="Select a child",
        error_messages={"invalid_choice": "Select a child the conference is about"},
    )
    about = GovukTextField(
        label="The observer's name and role, or what the professionals-only slot is for",
        required=False,
        max_length=300,
    )
    requested_by = GovukTextField(
        label="Who asked for the observer? (for an observer)",
        required=False,
        max_length=200,
    )
    family_agreed = forms.ChoiceField(
        label="Did the family agree to the observer? (for an observer)",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(attrs={"inline": True}),
    )
    agreed = forms.ChoiceField(
        label="Do you agree?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether you agree"},
    )
    reason = GovukTextField(
        max_length=NOTE,
        label="Reason for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for your decision"},
    )

    def __init__(self, *args, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ChairDecisionKind.choices
        self.fields["child"].queryset = children

    def decision(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "child": data.get("child"),
            "about": data.get("about", ""),
            "requested_by": data.get("requested_by", ""),
            "family_agreed": _yes_no(data.get("family_agreed")),
            "agreed": _yes_no(data.get("agreed")),
            "reason": data["reason"],
        }


class InvitationReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Will you attend the conference?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select your reply"},
    )
    substitute_name = GovukTextField(
        label="Name and role of the person attending instead (if sending a substitute)",
        required=False,
        max_length=200,
        help_text="They must be briefed, and able to share your agency's view.",
    )
    note = GovukTextField(
        max_length=NOTE,
        label="Anything the conference service should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].choices = [
            choice for choice in InvitationReply.choices if choice[0] != InvitationReply.AWAITING
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("reply") == InvitationReply.SUBSTITUTE
            and not (data.get("substitute_name") or "").strip()
        ):
            self.add_error("substitute_name", "Enter the name of the person attending instead")
        return data
