"""The conference request form: which children, who to invite (with contact details), needs;
and withdrawing a request."""

from django import forms

from core.forms import NOTE, GovukTextField
from core.templatetags.govuk import govuk_date

from ..models import ChildAttendance


def _join(parts) -> str:
    return ", ".join(part for part in parts if part)


class ConferenceRequestForm(forms.Form):
    enquiries = forms.MultipleChoiceField(
        label="Which children is the conference for?",
        widget=forms.CheckboxSelectMultiple,
        help_text="A conference considers all the children of a household.",
        error_messages={
            "required": "Select the children the conference is for",
            # The list changed since the page was opened: someone else sent a request meanwhile.
            "invalid_choice": (
                "A conference has already been requested for a child you selected, or their "
                "Section 47 enquiry has changed. Check the children and send the request again"
            ),
        },
    )
    family_members = forms.MultipleChoiceField(
        label="Family and network members to invite",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Their contact details are sent with the request. Check they are up to date.",
        error_messages={
            "invalid_choice": (
                "Someone you selected is no longer part of the children's network. Check who "
                "to invite and send the request again"
            )
        },
    )
    professionals = forms.MultipleChoiceField(
        label="Professionals to invite",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": (
                "A professional you selected is no longer involved with the children. Check who "
                "to invite and send the request again"
            )
        },
    )
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)
    interpreter_languages = GovukTextField(
        label="Languages an interpreter is needed for",
        required=False,
        max_length=200,
        help_text="For example, Polish for the mother",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    separate_attendance_needed = forms.BooleanField(
        label="Some family members need to attend separately",
        required=False,
        help_text="For example, because of domestic abuse between the parents.",
    )
    separate_attendance_details = GovukTextField(
        max_length=NOTE,
        label="Who needs to attend separately, and why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    child_attending = forms.ChoiceField(
        label="Will the child attend?",
        choices=ChildAttendance.choices,
        initial=ChildAttendance.NOT_DECIDED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child will attend"},
    )
    advocacy_needed = forms.BooleanField(
        label="The child needs an advocate",
        required=False,
        help_text="Children aged 10 and over are referred to advocacy unless they opt out.",
    )
    advocacy_details = GovukTextField(
        max_length=NOTE,
        label="Advocacy details (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_needs = GovukTextField(
        max_length=NOTE,
        label="Anything else the conference service needs to know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, access needs, visual aids or times the family cannot attend.",
    )

    def __init__(self, *args, enquiries=(), family_links=(), professionals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.enquiries_by_id = {str(e.pk): e for e in enquiries}
        self.fields["enquiries"].choices = [
            (
                str(e.pk),
                f"{e.child.display_name}: Section 47 enquiry from the strategy discussion on "
                f"{govuk_date(e.started_on)}",
            )
            for e in enquiries
        ]
        people: dict[str, tuple] = {}
        for link in family_links:
            key = str(link.person_id)
            person = link.person
            relationships = people.get(key, (person, []))[1]
            relationships.append(
                f"{link.get_relationship_display().lower()} of {link.child.legal_name}"
            )
            people[key] = (person, relationships)
        self.people_by_id = {key: person for key, (person, _) in people.items()}
        self.fields["family_members"].choices = [
            (key, self._person_label(person, relationships))
            for key, (person, relationships) in people.items()
        ]
        self.professionals_by_id = {str(p.pk): p for p in professionals}
        self.fields["professionals"].choices = [
            (str(p.pk), self._professional_label(p)) for p in professionals
        ]

    @staticmethod
    def _person_label(person, relationships) -> str:
        contact = (
            _join(
                [
                    ", ".join(person.address_lines),
                    person.phone,
                    person.email,
                ]
            )
            or "no contact details recorded"
        )
        flags = []
        if person.address_withheld_from_family:
            flags.append("address withheld from family")
        if not person.may_receive_documents:
            flags.append("do not send documents")
        if person.interpreter_needed:
            flags.append(f"needs an interpreter ({person.first_language})")
        label = f"{person.full_name} ({'; '.join(relationships)}). {contact}"
        if flags:
            label += f". {'; '.join(flags).capitalize()}"
        return label

    @staticmethod
    def _professional_label(involvement) -> str:
        contact = _join([involvement.contact_phone, involvement.contact_email]) or (
            "no contact details recorded"
        )
        return (
            f"{involvement.display_name}, {involvement.get_role_display().lower()} for "
            f"{involvement.child.legal_name}"
            + (f", {involvement.organisation_name}" if involvement.organisation_name else "")
            + f". {contact}"
        )

    def clean(self):
        data = super().clean()
        if not (data.get("family_members") or data.get("professionals")) and not self.has_error(
            "family_members"
        ):
            self.add_error("family_members", "Select at least one person to invite")
        if data.get("interpreter_needed") and not (data.get("interpreter_languages") or "").strip():
            self.add_error(
                "interpreter_languages", "Enter the languages an interpreter is needed for"
            )
        if (
            data.get("separate_attendance_needed")
            and not (data.get("separate_attendance_details") or "").strip()
        ):
            self.add_error(
                "separate_attendance_details", "Enter who needs to attend separately and why"
            )
        return data

    def selected(self) -> dict:
        data = self.cleaned_data
        return {
            "enquiries": [self.enquiries_by_id[pk] for pk in data["enquiries"]],
            "family_members": [self.people_by_id[pk] for pk in data["family_members"]],
            "professionals": [self.professionals_by_id[pk] for pk in data["professionals"]],
            "interpreter_needed": data["interpreter_needed"],
            "interpreter_languages": data["interpreter_languages"],
            "separate_attendance_needed": data["separate_attendance_needed"],
            "separate_attendance_details": data["separate_attendance_details"],
            "child_attending": data["child_attending"],
            "advocacy_needed": data["advocacy_needed"],
            "advocacy_details": data["advocacy_details"],
            "other_needs": data["other_needs"],
        }


class WithdrawRequestForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why is the request being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the request is being withdrawn"},
    )
