"""Forms for children, families, professionals, strategy discussions and S47 outcomes.

Forms check what can be checked from the answers alone (GOV.UK messages next to each field); the
services check everything again and add the rules that need the database (duplicates, an enquiry
already open), and views put those messages next to the right field too.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency, RoleCode, User
from core.forms import GovukDateField

from .models import (
    Disability,
    Ethnicity,
    PrimaryNeed,
    ProfessionalRole,
    ReferralSource,
    Relationship,
    S47Outcome,
    Sex,
    StrategyDecision,
    UpnUnknownReason,
)
from .validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, *, required=False, max_length=200, help_text="", width="", **attrs):
    widget_attrs = dict(attrs)
    if width:
        widget_attrs["class"] = f"govuk-input--width-{width}"
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
    )


class ChildForm(forms.Form):
    """The child's record: who the child is, identifiers, language, address, school and GP."""

    is_born = forms.ChoiceField(
        label="Has the child been born?",
        choices=[("yes", "Yes"), ("no", "No, the child is not born yet")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child has been born"},
    )
    legal_forename = _text(
        "Legal first name",
        max_length=100,
        help_text="As on the birth certificate. For an unborn child with no name yet, leave this empty.",
        autocomplete="off",
        spellcheck="false",
    )
    legal_surname = forms.CharField(
        label="Legal last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the child's last name"},
    )
    known_as = _text(
        "Known as (optional)",
        max_length=100,
        help_text="The name the child uses, if it is not their legal first name.",
        spellcheck="false",
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For a child who has been born. For example, 27 3 2019",
    )
    expected_date_of_delivery = GovukDateField(
        label="Expected date of delivery",
        required=False,
        help_text="For an unborn child. For example, 14 2 2027",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select the child's sex, or 'Not known'"},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOBT,
        help_text="As the child or family describe it. Children in Need census categories.",
    )
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)",
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    nhs_number = _text(
        "NHS number (optional)",
        max_length=20,
        width="10",
        help_text="10 numbers, for example 999 000 0018",
        inputmode="numeric",
        spellcheck="false",
    )
    upn = _text(
        "Unique Pupil Number (optional)",
        max_length=20,
        width="20",
        help_text="13 characters from the child's school, starting with a letter",
        spellcheck="false",
    )
    local_child_id = _text(
        "Child ID (optional)",
        max_length=30,
        width="10",
        help_text="The child's ID in the authority's case management system",
        spellcheck="false",
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no Unique Pupil Number, why not? (optional)",
        choices=[("", "Not needed: the child has a UPN")] + UpnUnknownReason.choices,
        required=False,
        help_text="The Children in Need census asks for a reason when there is no UPN.",
    )
    cin_referral_date = GovukDateField(
        label="Date of referral to children's social care (optional)",
        required=False,
        help_text="The referral that started this episode of need. For example, 3 9 2026",
    )
    referral_source = forms.ChoiceField(
        label="Who made the referral? (optional)",
        choices=[("", "Not recorded yet")] + ReferralSource.choices,
        required=False,
    )
    primary_need = forms.ChoiceField(
        label="Primary need (optional)",
        choices=[("", "Not recorded yet")] + PrimaryNeed.choices,
        required=False,
        help_text="The main reason the child is in need, as the Children in Need census codes it.",
    )
    first_language = _text("First language", max_length=100, width="20", required=False)
    interpreter_needed = forms.BooleanField(label="The child needs an interpreter", required=False)
    address_line_1 = _text("Address line 1 (optional)", autocomplete="address-line1")
    address_line_2 = _text("Address line 2 (optional)", autocomplete="address-line2")
    town = _text(
        "Town or city (optional)", max_length=100, width="20", autocomplete="address-level2"
    )
    postcode = _text("Postcode (optional)", max_length=10, width="10", autocomplete="postal-code")
    address_do_not_disclose = forms.BooleanField(
        label="Do not disclose this address",
        required=False,
        help_text="For example, a refuge or a placement the family must not know about.",
    )
    school = _text("School or nursery (optional)")
    gp_practice = _text("GP practice (optional)")
    lead_social_worker = forms.ModelChoiceField(
        label="Lead social worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not allocated yet",
    )
    confirm_different_child = forms.BooleanField(
        label="I have checked: this is a different child with the same name and date of birth",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_social_worker"].queryset = User.objects.filter(
            is_active=True, roles__code=RoleCode.SOCIAL_WORKER
        ).order_by("full_name")

    def offer_duplicate_confirmation(self) -> None:
        """Show the 'this is a different child' checkbox after a likely duplicate was found."""
        self.fields["confirm_different_child"].widget = forms.CheckboxInput()

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_upn(self):
        value = normalise_upn(self.cleaned_data["upn"])
        if value:
            validate_upn(value)
        return value

    def clean(self):
        data = super().clean()
        born = data.get("is_born")
        today = timezone.localdate()
        if born == "yes":
            dob = data.get("date_of_birth")
            if "date_of_birth" not in self.errors:
                if dob is None:
                    self.add_error("date_of_birth", "Enter the date of birth")
                elif dob > today:
                    self.add_error("date_of_birth", "Date of birth must be today or in the past")
            if not data.get("legal_forename") and "legal_forename" not in self.errors:
                self.add_error("legal_forename", "Enter the child's first name")
        elif born == "no":
            if data.get("date_of_birth"):
                self.add_error(
                    "date_of_birth",
                    "Leave the date of birth empty for a child who is not born yet",
                )
            if (
                data.get("expected_date_of_delivery") is None
                and "expected_date_of_delivery" not in self.errors
            ):
                self.add_error("expected_date_of_delivery", "Enter the expected date of delivery")
        if data.get("upn") and data.get("upn_unknown_reason"):
            self.add_error(
                "upn_unknown_reason",
                "Leave the reason empty: the child has a Unique Pupil Number",
            )
        referred = data.get("cin_referral_date")
        if referred and referred > today:
            self.add_error("cin_referral_date", "Date of referral must be today or in the past")
        disabilities = data.get("disabilities") or []
        if Disability.NONE in disabilities and len(disabilities) > 1:
            self.add_error(
                "disabilities", "Select 'No disability' or the child's disabilities, not both"
            )
        return data

    def child_details(self) -> dict:
        """The cleaned answers, named as children.services.create_child expects them."""
        data = self.cleaned_data
        details = {
            name: data[name]
            for name in (
                "legal_forename",
                "legal_surname",
                "known_as",
                "date_of_birth",
                "expected_date_of_delivery",
                "sex",
                "ethnicity",
                "disabilities",
                "nhs_number",
                "upn",
                "local_child_id",
                "upn_unknown_reason",
                "cin_referral_date",
                "referral_source",
                "primary_need",
                "first_language",
                "interpreter_needed",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "address_do_not_disclose",
                "school",
                "gp_practice",
                "lead_social_worker",
            )
        }
        details["is_unborn"] = data["is_born"] == "no"
        return details

    @classmethod
    def initial_from(cls, child) -> dict:
        initial = {name: getattr(child, name) for name in cls.base_fields if hasattr(child, name)}
        initial["is_born"] = "no" if child.is_unborn else "yes"
        initial["lead_social_worker"] = child.lead_social_worker_id
        initial.pop("confirm_different_child", None)
        return initial


class FamilyMemberForm(forms.Form):
    """A parent, carer, relative or family friend, and how they are connected to the children."""

    forename = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    surname = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=[("", "Choose a relationship"), *Relationship.choices],
        error_messages={"required": "Choose their relationship to the child"},
    )
    children = forms.MultipleChoiceField(
        label="Which children are they connected to?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one child"},
        help_text="The same relationship is recorded for each child you select.",
    )
    has_parental_responsibility = forms.BooleanField(
        label="They have parental responsibility", required=False
    )
    lives_with_child = forms.BooleanField(label="They live with the child", required=False)
    in_safety_network = forms.BooleanField(
        label="They are part of the family's safety network", required=False
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 1990"
    )
    phone = _text("Phone number (optional)", max_length=30, width="20", autocomplete="tel")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    address_line_1 = _text("Address line 1 (optional)")
    address_line_2 = _text("Address line 2 (optional)")
    town = _text("Town or city (optional)", max_length=100, width="20")
    postcode = _text("Postcode (optional)", max_length=10, width="10")
    address_withheld_from_family = forms.BooleanField(
        label="Withhold their address from other family members",
        required=False,
        help_text="For example, because of domestic abuse.",
    )
    may_receive_documents = forms.BooleanField(
        label="They may be sent documents",
        required=False,
        initial=True,
        help_text="Letters, reports, plans and minutes.",
    )
    first_language = _text("First language", max_length=100, width="20")
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children_by_id = {str(child.pk): child for child in children}
        self.fields["children"].choices = [
            (str(child.pk), child.display_name) for child in children
        ]

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise ValidationError("Date of birth must be today or in the past")
        return value

    def selected_children(self):
        return [self.children_by_id[pk] for pk in self.cleaned_data["children"]]

    def person_details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "forename",
                "surname",
                "date_of_birth",
                "phone",
                "email",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "address_withheld_from_family",
                "may_receive_documents",
                "first_language",
                "interpreter_needed",
            )
        }


class EndFamilyLinkForm(forms.Form):
    reason = forms.CharField(
        label="Why are they no longer part of the child's network?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why they are no longer part of the child's network"},
    )


class ProfessionalForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *ProfessionalRole.choices],
        error_messages={"required": "Choose the professional's role"},
    )
    user = forms.ModelChoiceField(
        label="Professional who uses this service (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="They do not use this service",
        help_text="If they are not in the list, leave this and enter their details below.",
    )
    name = _text("Name", help_text="For a professional who does not use this service.")
    job_title = _text("Job title (optional)")
    agency = forms.ModelChoiceField(
        label="Agency (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not in the list",
    )
    organisation = _text("Organisation", help_text="If their agency is not in the list.")
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = _text("Phone number", max_length=30, width="20")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .filter(roles__code=RoleCode.AGENCY_PROFESSIONAL)
            .select_related("agency")
            .order_by("full_name")
            .distinct()
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.full_name}, {user.job_title}" + (f", {user.agency}" if user.agency_id else "")
        )
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class EndInvolvementForm(forms.Form):
    reason = forms.CharField(
        label="Why are they no longer involved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why they are no longer involved"},
    )


# --- Strategy discussions -------------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time_of_day(text: str) -> datetime.time | None:
    """'14:30', '2:30pm', '2pm', '9.15am', 'midday', 'noon', 'midnight'."""
    value = (text or "").strip().lower().replace(" ", "")
    if value in {"midday", "noon", "12noon"}:
        return datetime.time(12, 0)
    if value == "midnight":
        return datetime.time(0, 0)
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        return None  # '14' alone is ambiguous
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeOfDayField(forms.Field):
    """A time typed as people write it ('9:30am', '14:30'), cleaned to a datetime.time.

    A plain Field, not a CharField: a CharField's length validator would run on the parsed time.
    """

    MAX_LENGTH = 10

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        parsed = parse_time_of_day(value) if len(value) <= self.MAX_LENGTH else None
        if parsed is None:
            raise ValidationError(
                "Enter the time in the correct format, like 9:30am or 14:30", code="invalid"
            )
        return parsed


class StrategyDiscussionForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the strategy discussion",
        help_text="For example, 20 11 2026",
        label_for_errors="Date of the strategy discussion",
    )
    held_at_time = TimeOfDayField(
        label="Time it started",
        help_text="For example, 9:30am or 14:30",
        error_messages={"required": "Enter the time the strategy discussion started"},
    )
    children = forms.MultipleChoiceField(
        label="Which children was it about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children the discussion was about"},
    )
    concerns = forms.CharField(
        label="What are the concerns?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write so the family can understand it: they may read this record.",
        error_messages={"required": "Enter the concerns discussed"},
    )
    decision = forms.ChoiceField(
        label="What was decided?",
        choices=StrategyDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was decided"},
    )
    reason_for_decision = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed if no Section 47 enquiry: say why, and what happens instead.",
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children_by_id = {str(child.pk): child for child in children}
        self.fields["children"].choices = [
            (str(child.pk), child.display_name) for child in children
        ]

    def clean(self):
        data = super().clean()
        held_on, held_time = data.get("held_on"), data.get("held_at_time")
        now = timezone.localtime()
        if held_on and held_on > now.date():
            self.add_error(
                "held_on", "Date of the strategy discussion must be today or in the past"
            )
        elif held_on and held_time and held_on == now.date() and held_time > now.time():
            self.add_error("held_at_time", "Time it started must be in the past")
        if (
            data.get("decision") == StrategyDecision.NO_S47
            and not (data.get("reason_for_decision") or "").strip()
        ):
            self.add_error("reason_for_decision", "Enter why a Section 47 enquiry is not needed")
        return data

    @property
    def held_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(
            self.cleaned_data["held_on"], self.cleaned_data["held_at_time"]
        )
        return timezone.make_aware(naive, timezone.get_default_timezone())

    def selected_children(self):
        return [self.children_by_id[pk] for pk in self.cleaned_data["children"]]


class ParticipantForm(forms.Form):
    name = _text("Name", max_length=200)
    role = _text("Role (optional)", help_text="For example, detective constable")
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean(self):
        data = super().clean()
        if (data.get("name") or "").strip() and not data.get("agency"):
            self.add_error("agency", "Choose the agency they were from")
        if data.get("agency") and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the name of the person from this agency")
        return data


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        named = [f for f in self.forms if (f.cleaned_data.get("name") or "").strip()]
        if not named:
            raise ValidationError("Enter at least one person who took part and their agency")

    def participants(self) -> list[dict]:
        return [
            {
                "name": f.cleaned_data["name"],
                "role": f.cleaned_data.get("role", ""),
                "agency": f.cleaned_data["agency"],
            }
            for f in self.forms
            if (f.cleaned_data.get("name") or "").strip()
        ]


PARTICIPANT_ROWS = 5

ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=PARTICIPANT_ROWS, max_num=20
)


def participant_formset(data=None, *, agencies=None):
    return ParticipantFormSet(
        data,
        prefix="participants",
        form_kwargs={
            "agencies": agencies or Agency.objects.filter(is_active=True).order_by("name")
        },
    )


class SignOffForm(forms.Form):
    """A button only: the team manager confirms they have read the record."""


class S47OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the Section 47 enquiry conclude?",
        choices=S47Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the enquiry concluded"},
    )
    concluded_on = GovukDateField(
        label="Date the enquiry concluded",
        help_text="For example, 24 11 2026",
        label_for_errors="Date the enquiry concluded",
    )
    reason = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Needed if no conference is needed: say why, and what support continues.",
    )

    def __init__(self, *args, enquiry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enquiry = enquiry

    def clean(self):
        from core.templatetags.govuk import govuk_date

        data = super().clean()
        concluded_on = data.get("concluded_on")
        if concluded_on:
            if concluded_on > timezone.localdate():
                self.add_error(
                    "concluded_on", "Date the enquiry concluded must be today or in the past"
                )
            elif self.enquiry and concluded_on < self.enquiry.started_on:
                self.add_error(
                    "concluded_on",
                    "Date the enquiry concluded must be on or after the strategy discussion on "
                    f"{govuk_date(self.enquiry.started_on)}",
                )
        if (
            data.get("outcome") == S47Outcome.NO_CONFERENCE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Enter why no conference is needed")
        return data


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, date of birth, NHS number or child ID",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text="For example, Amelia Jones, 12/03/2019, 999 000 0018 or a child ID",
    )
