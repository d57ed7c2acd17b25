"""The child's record form (who the child is, identifiers, census codes, language, address, school
and GP) and the form that searches for a child."""

from django import forms
from django.utils import timezone

from accounts.models import RoleCode, User
from core.forms import GovukDateField, GovukTextField

from ..models import (
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReferralSource,
    Sex,
    UpnUnknownReason,
)
from ..services.child_record import PRIMARY_NEED_NEEDED
from ..validators import (
    LOCAL_CHILD_ID_MAX_LENGTH,
    normalise_nhs_number,
    normalise_upn,
    validate_local_child_id,
    validate_nhs_number,
    validate_upn,
)
from ._common import _text


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
    legal_surname = GovukTextField(
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
        width="20",
        help_text=(
            "The child's ID in the authority's case management system: letters and numbers "
            f"only, up to {LOCAL_CHILD_ID_MAX_LENGTH}"
        ),
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
        label="Primary need",
        choices=[("", "Not recorded yet")] + PrimaryNeed.choices,
        required=False,
        help_text=(
            "The main reason the child is in need, as the Children in Need census codes it. "
            "Needed once a date of referral is recorded."
        ),
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

    def clean_local_child_id(self):
        value = self.cleaned_data["local_child_id"].strip().upper()
        if value:
            validate_local_child_id(value)
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
        if referred and not data.get("primary_need") and "primary_need" not in self.errors:
            self.add_error("primary_need", PRIMARY_NEED_NEEDED)
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


class SearchForm(forms.Form):
    q = GovukTextField(
        label="Search by name, date of birth, NHS number or child ID",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text="For example, Amelia Jones, 12/03/2019, 999 000 0018 or a child ID",
    )
