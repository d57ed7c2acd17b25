"""The conference request form: which children, who to invite (with contact details), needs."""

import datetime

from django import forms
from django.utils import timezone

from children.forms import TimeOfDayField
from core.forms import GovukDateField
from core.templatetags.govuk import govuk_date

from .models import ChangeAgreedAs, ChildAttendance


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
    interpreter_languages = forms.CharField(
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
    separate_attendance_details = forms.CharField(
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
    advocacy_details = forms.CharField(
        label="Advocacy details (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_needs = forms.CharField(
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
    reason = forms.CharField(
        label="Why is the request being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the request is being withdrawn"},
    )


# Booking ----------------------------------------------------------------------------------------


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class AllocateChairForm(forms.Form):
    chair = UserChoiceField(
        label="Independent chair",
        queryset=None,
        empty_label="Select a chair",
        error_messages={
            "required": "Select an independent chair",
            "invalid_choice": "Select an independent chair",
        },
    )

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs


class BookConferenceForm(forms.Form):
    date = GovukDateField(
        label="Date of the conference",
        help_text="For example, 4 12 2026",
        label_for_errors="The date of the conference",
    )
    start_time = TimeOfDayField(
        label="Start time",
        help_text="For example, 10am or 14:30",
        error_messages={"required": "Enter the time the conference starts"},
    )
    end_time = TimeOfDayField(
        label="End time (optional)",
        required=False,
        help_text="Leave empty for 2 hours after the start.",
    )
    venue = forms.ModelChoiceField(
        label="Room",
        queryset=None,
        required=False,
        empty_label="No room: online only",
        error_messages={"invalid_choice": "Select a room from the list"},
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Needed when there is no room. For example, https://meet.example/abc",
        error_messages={
            "invalid": "Enter the link in the correct format, like https://meet.example/abc"
        },
    )
    minute_taker = UserChoiceField(
        label="Minute taker",
        queryset=None,
        required=False,
        empty_label="Not allocated yet",
        error_messages={"invalid_choice": "Select a minute taker from the list"},
    )
    late_reason = forms.CharField(
        label="Reason for booking after the due date",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the date is after a child's initial conference due date. It is "
        "recorded on the child's timescale for a manager to sign off.",
    )
    prebirth_reason = forms.CharField(
        label="Reason for booking outside weeks 24 to 30 of pregnancy",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the conference is not between weeks 24 and 30 of pregnancy.",
    )

    def __init__(self, *args, venues=None, minute_takers=None, pre_birth=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        self.fields["minute_taker"].queryset = minute_takers
        if not pre_birth:
            del self.fields["prebirth_reason"]

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            data["ends_at"] = (
                timezone.make_aware(datetime.datetime.combine(day, end)) if end else None
            )
            if end and end <= start:
                self.add_error("end_time", "The end time must be after the start time")
        if (
            not data.get("venue")
            and not data.get("online_link")
            and not self.has_error("online_link")
        ):
            self.add_error("venue", "Select a room or enter an online meeting link")
        return data


class AgreedByField(UserChoiceField):
    """A person who may agree, named with the capacity they agree in."""

    def __init__(self, *args, capacity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity or {}

    def label_from_instance(self, obj):
        if self.capacity.get(obj.pk) == ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER:
            return f"{obj.full_name} (conference service manager, if the service manager is absent)"
        return f"{obj.full_name} (service manager)"


class ChangeConferenceForm(forms.Form):
    """The service manager's (or conference service manager's) and the chair's agreement: the
    service (conferences.change_agreement) decides who may agree; its errors show here."""

    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))
    caused_by = forms.ChoiceField(
        label="Who caused the postponement?",
        widget=forms.RadioSelect,
        help_text="The Quality Assurance notification names them and goes to their manager. "
        "Choose the agency or person whose absence or report caused it, or the conference "
        "service.",
        error_messages={
            "required": "Select who caused the postponement",
            "invalid_choice": "Select who caused the postponement",
        },
    )
    agreed_by = AgreedByField(
        label="Service manager who agreed",
        queryset=None,
        empty_label="Select a service manager",
    )
    chair_agreed = forms.BooleanField(label="The chair agreed", required=False)

    def __init__(
        self,
        *args,
        verb: str = "postpone",
        managers=None,
        capacity=None,
        chair=None,
        causes=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if verb == "postpone":
            self.fields["caused_by"].choices = causes or []
        else:
            del self.fields["caused_by"]  # a cancellation's QAN goes to the social worker's
        self.fields["reason"].label = f"Why is the conference being {verb}d?"
        self.fields["reason"].error_messages["required"] = (
            f"Enter why the conference is being {verb}d"
        )
        agreed_by = self.fields["agreed_by"]
        agreed_by.label = f"Which service manager agreed to {verb} it?"
        agreed_by.help_text = (
            "The social worker's service manager or, only in their absence, the conference "
            "service manager"
        )
        agreed_by.queryset = managers
        agreed_by.capacity = capacity or {}
        message = f"Select the service manager who agreed to {verb} the conference"
        agreed_by.error_messages.update(required=message, invalid_choice=message)
        if chair is None:
            del self.fields["chair_agreed"]  # no chair allocated yet: nobody to agree
        else:
            self.fields[
                "chair_agreed"
            ].label = f"The chair, {chair.full_name}, agreed to {verb} the conference"


# Invitations, arrangements, advocacy, chair decisions and replies --------------------------------


class SendInvitationsForm(forms.Form):
    """No fields: the button. Errors from the service show in the error summary."""


class ArrangementsForm(forms.Form):
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)
    interpreter_languages = forms.CharField(
        label="Languages an interpreter is needed for",
        required=False,
        max_length=200,
        help_text="For example, Polish for the mother",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    interpreter_booked = forms.BooleanField(label="The interpreter is booked", required=False)
    childcare_needed = forms.BooleanField(label="Childcare is needed", required=False)
    childcare_details = forms.CharField(
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
    separate_attendance_details = forms.CharField(
        label="Who must not meet whom, and how they will attend separately",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Never shared with the family.",
    )
    seating_arrangements = forms.CharField(
        label="Seating arrangements (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_arrangements = forms.CharField(
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
    reason = forms.CharField(
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
    about = forms.CharField(
        label="The observer's name and role, or what the professionals-only slot is for",
        required=False,
        max_length=300,
    )
    requested_by = forms.CharField(
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
    reason = forms.CharField(
        label="Reason for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for your decision"},
    )

    def __init__(self, *args, children=None, **kwargs):
        from .models import ChairDecisionKind

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
    substitute_name = forms.CharField(
        label="Name and role of the person attending instead (if sending a substitute)",
        required=False,
        max_length=200,
        help_text="They must be briefed, and able to share your agency's view.",
    )
    note = forms.CharField(
        label="Anything the conference service should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .models import InvitationReply

        super().__init__(*args, **kwargs)
        self.fields["reply"].choices = [
            choice for choice in InvitationReply.choices if choice[0] != InvitationReply.AWAITING
        ]

    def clean(self):
        from .models import InvitationReply

        data = super().clean()
        if (
            data.get("reply") == InvitationReply.SUBSTITUTE
            and not (data.get("substitute_name") or "").strip()
        ):
            self.add_error("substitute_name", "Enter the name of the person attending instead")
        return data


# --- Holding the conference (issue 6) -----------------------------------------------------------


class AttendanceForm(forms.Form):
    """A status for each person on the attendance list (``status_<id>``), whether the parents met
    the chair beforehand, and how the child took part."""

    parents_met_chair_beforehand = forms.ChoiceField(
        label="Did the parents meet the chair before the conference?",
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the parents met the chair beforehand"},
    )
    child_participation = forms.ChoiceField(
        label="How did the child take part?",
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, rows=(), **kwargs):
        from .models import AttendanceStatus, ChildParticipation, ParentsMetChair

        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.fields["parents_met_chair_beforehand"].choices = ParentsMetChair.choices
        self.fields["child_participation"].choices = ChildParticipation.choices
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

    def statuses(self) -> dict:
        return {row.pk: self.cleaned_data[f"status_{row.pk}"] for row in self.rows}


class AddAttendeeForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    kind = forms.ChoiceField(
        label="Who are they?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )
    organisation = forms.CharField(
        label="Agency or organisation (for a professional)", max_length=200, required=False
    )
    capacity = forms.CharField(
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
        from .models import AttendanceKind, AttendanceStatus

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AttendanceKind.choices
        self.fields["status"].choices = [
            (value, label) for value, label in AttendanceStatus.choices if value != "expected"
        ]
        self.fields["status"].initial = AttendanceStatus.ATTENDED


class QuorateReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why does the conference proceed although it is not quorate?",
        help_text="For example: a baby known only to the health visitor.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the conference proceeds although it is not quorate"},
    )


class SignsOfSafetyForm(forms.Form):
    worried_about_harm = forms.CharField(
        label="What are we worried about? Harm and danger",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    complicating_factors = forms.CharField(
        label="Complicating factors", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    working_well = forms.CharField(
        label="What is working well?", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    needs_to_happen = forms.CharField(
        label="What needs to happen?", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    next_steps = forms.CharField(
        label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contingency_plan = forms.CharField(
        label="Contingency plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens if the plan is not followed or the children are not safe.",
    )


class DangerStatementForm(forms.Form):
    statement = forms.CharField(
        label="Danger statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the professionals are worried will happen to the child if nothing changes.",
        error_messages={"required": "Enter the danger statement"},
    )
    safety_goal = forms.CharField(
        label="Safety goal",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the family will be doing to show the child is safe.",
        error_messages={"required": "Enter the safety goal for this danger statement"},
    )


class ScaleScoreForm(forms.Form):
    """One participant's scores: a box for each danger statement for each child whose decision
    is not finalised (issue 17 item 11). The service checks each score; its errors name the box."""

    participant = forms.CharField(
        label="Who gave the scores?",
        max_length=200,
        error_messages={"required": "Enter who gave the score"},
    )
    role = forms.CharField(label="Their role or agency", max_length=300, required=False)
    comment = forms.CharField(
        label="What do they need to see for the scores to move up? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, children=(), dangers=(), **kwargs):
        from .scaling import score_field_name

        super().__init__(*args, **kwargs)
        self.boxes = []  # (child, [(danger, field name)]) for the template
        for child in children:
            names = []
            for danger in dangers:
                name = score_field_name(child.pk, danger.pk)
                self.fields[name] = forms.CharField(
                    label=f"Safety scale {danger.position} for {child.legal_name}",
                    help_text=f"Danger statement {danger.position}: {danger.statement}",
                    required=False,
                    max_length=3,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
                    ),
                )
                names.append((danger, name))
            self.boxes.append((child, names))

    def box_fields(self):
        """(child, [bound field]) in the order of the page."""
        return [(child, [self[name] for _, name in names]) for child, names in self.boxes]

    def clean(self):
        cleaned = super().clean()
        scores = [
            {"danger_statement": danger, "child": child, "score": cleaned.get(name, "").strip()}
            for child, names in self.boxes
            for danger, name in names
            if (cleaned.get(name) or "").strip()
        ]
        if not scores and self.boxes and self.boxes[0][1]:
            self.add_error(
                self.boxes[0][1][0][1], "Enter a score for at least one danger statement"
            )
        cleaned["scores"] = scores
        return cleaned


# --- The decision (issue 6 parts 3 and 4) -------------------------------------------------------

from plans.models import PlanCategory, SecondaryFactor  # noqa: E402

from .models import MAX_DANGER_STATEMENTS, DecisionOutcome  # noqa: E402

ACTION_ROWS = 3  # empty action rows offered; "Add another action" adds one more, no JavaScript


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="What does the social worker recommend?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the social worker's recommendation"},
    )


class ProfessionalViewForm(forms.Form):
    name = forms.CharField(
        label="Professional's name",
        max_length=200,
        error_messages={"required": "Enter the professional's name"},
    )
    role = forms.CharField(label="Their agency or role", max_length=300, required=False)
    agency = forms.ModelChoiceField(
        label="The agency they give the view for",
        help_text="If the conference adjourns on a split, the agency's manager is asked for a "
        "report. Leave as it is to use the agency they attended for.",
        queryset=None,
        required=False,
        empty_label="The agency they attended for",
    )
    view = forms.ChoiceField(
        label="What is their view?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the professional's view"},
    )
    category = forms.ChoiceField(
        label="Category of plan they give (when their view is a child protection plan)",
        choices=[("", "Not given")] + list(PlanCategory.choices),
        required=False,
    )
    dissent = forms.BooleanField(label="They dissent from the decision", required=False)
    dissent_reason = forms.CharField(
        label="Reason for the dissent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from accounts.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("dissent") and not (data.get("dissent_reason") or "").strip():
            self.add_error("dissent_reason", "Enter the reason for the dissent")
        return data


class ChildDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the chair's decision?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why the chair decided this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for the decision"},
    )
    overrule_reason = forms.CharField(
        label="If you overrule the majority of the views, why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ChoiceField(
        label="Category of the plan (for a child protection plan)",
        choices=PlanCategory.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    secondary_factors = forms.MultipleChoiceField(
        label="Secondary factors (for a child protection plan)",
        choices=SecondaryFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_category = forms.BooleanField(
        label="The conference changes the plan's category",
        help_text="Tick this to change the category to the one selected above; it is recorded in "
        "the plan's category history.",
        required=False,
    )
    contingency_plan = forms.CharField(
        label="Contingency plan",
        help_text="What happens if the plan is not followed.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcomes_for_child = forms.CharField(
        label="Outcomes for the child",
        help_text="What will be different for the child when the plan has worked.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visit_frequency_working_days = forms.IntegerField(
        label="Social work visits at least every (working days)",
        min_value=1,
        max_value=10,
        initial=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "min_value": "Enter a number of working days from 1 to 10",
            "max_value": "Enter a number of working days from 1 to 10",
            "invalid": "Enter a number of working days from 1 to 10",
        },
    )

    # At a review of a child on a plan (issue 7 part 6): ending the plan at its first review
    # needs the service manager's agreement; Early Help may follow no plan.
    service_manager_agreement = UserChoiceField(
        label="Service manager who agreed ending the plan (at the first review)",
        help_text="Needed when a review ends the plan at its first review.",
        queryset=None,
        required=False,
        empty_label="Not needed",
    )
    early_help = forms.BooleanField(
        label="Early Help follows (when the plan ends with no Child in Need plan)", required=False
    )
    significant_change = forms.BooleanField(
        label="The plan ends at its first review on a significant change of circumstances",
        help_text="The only way a neglect plan ends at its first review.",
        required=False,
    )
    significant_change_description = forms.CharField(
        label="What changed",
        help_text="For example, the child now lives with a different family.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    REVIEW_ONLY = (
        "change_category",
        "service_manager_agreement",
        "early_help",
        "significant_change",
        "significant_change_description",
    )

    def __init__(self, *args, review: bool = False, service_managers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if review:
            self.fields["service_manager_agreement"].queryset = service_managers
        else:
            for name in self.REVIEW_ONLY:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        is_plan = data.get("outcome") == DecisionOutcome.CHILD_PROTECTION_PLAN
        if is_plan and not data.get("category"):
            self.add_error("category", "Select the category of the plan")
        if data.get("visit_frequency_working_days") is None:
            data["visit_frequency_working_days"] = 10
        return data


class OutlineActionForm(forms.Form):
    what = forms.CharField(label="What will happen", required=False, max_length=2000)
    who = forms.CharField(label="Who", required=False, max_length=300)
    by_when = GovukDateField(label="By when", required=False)
    danger_statement_position = forms.ChoiceField(
        label="Danger statement it works towards",
        required=False,
        choices=[("", "None")] + [(str(n), str(n)) for n in range(1, MAX_DANGER_STATEMENTS + 1)],
    )

    def clean(self):
        data = super().clean()
        what, who = (data.get("what") or "").strip(), (data.get("who") or "").strip()
        if (what or who or data.get("by_when")) and not what:
            self.add_error("what", "Enter what will happen")
        if (what or data.get("by_when")) and not who:
            self.add_error("who", "Enter who will do it")
        return data


OutlineActionFormSet = forms.formset_factory(OutlineActionForm, extra=0)


class AdjournForm(forms.Form):
    reason = forms.CharField(
        label="Why is the conference adjourned?",
        help_text="For example the views are split, a report is missing, or too few agencies "
        "attended.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the conference is adjourned"},
    )


# --- end of the decision ------------------------------------------------------------------------
