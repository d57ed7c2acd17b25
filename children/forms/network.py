"""Forms for the people around a child: a family member and how they are connected to the
children, ending that link, a professional involved and ending their involvement."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency, RoleCode, User
from core.forms import GovukDateField, GovukTextField, UKPhoneNumberField

from ..models import ProfessionalRole, Relationship
from ._common import _text


class FamilyMemberForm(forms.Form):
    """A parent, carer, relative or family friend, and how they are connected to the children."""

    forename = GovukTextField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    surname = GovukTextField(
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
    phone = UKPhoneNumberField(
        label="Phone number (optional)",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,  # the model's EmailField; Django's form default of 320 is longer
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
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
    reason = GovukTextField(
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
        max_length=254,  # the model's EmailField; Django's form default of 320 is longer
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    phone = UKPhoneNumberField(
        label="Phone number",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "tel"}),
    )

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
    reason = GovukTextField(
        label="Why are they no longer involved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why they are no longer involved"},
    )
