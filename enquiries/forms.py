"""Forms for an enquiry: the call and call-back, the child asked about, the advice given."""

from django import forms

from accounts.models import Agency
from core.forms import NOTE, GovukDateField, GovukTextField, UKPhoneNumberField


def _text(label, *, required=True, max_length=200, help_text="", width="", message="", **attrs):
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    return GovukTextField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": message} if message else {},
    )


def _phone(label, *, required=True, help_text="", message=""):
    return UKPhoneNumberField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "inputmode": "tel", "autocomplete": "off"}
        ),
        error_messages={"required": message} if message else {},
    )


class CallForm(forms.Form):
    caller_name = _text("Who called?", message="Enter the name of the person who called")
    caller_role = _text("Their job title (optional)", required=False)
    agency = forms.ModelChoiceField(
        label="Which agency are they calling from?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency they are calling from"},
    )
    caller_number = _phone("The number they called from (optional)", required=False)
    reason = GovukTextField(
        max_length=NOTE,
        label="Why are they asking?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why they are asking"},
    )
    called_back_on = _phone(
        "The number you called them back on",
        help_text="Call the agency's switchboard, not the number they gave you. It is checked "
        "against the agency's known number.",
        message="Enter the number you called them back on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class CallBackForm(forms.Form):
    called_back_on = CallForm.base_fields["called_back_on"]


class ChildSearchForm(forms.Form):
    forename = _text("First name", required=False, max_length=100, spellcheck="false")
    surname = _text(
        "Last name", max_length=100, message="Enter the child's last name", spellcheck="false"
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="Or the expected date of delivery of an unborn baby. For example, 27 3 2019",
    )
    address_line_1 = _text("First line of the address", required=False, autocomplete="off")
    postcode = _text("Postcode", required=False, max_length=10, width="10", autocomplete="off")

    def clean(self):
        data = super().clean()
        line, postcode = data.get("address_line_1", ""), data.get("postcode", "")
        if line and not postcode:
            self.add_error("postcode", "Enter the postcode with the first line of the address")
        elif postcode and not line:
            self.add_error(
                "address_line_1", "Enter the first line of the address with the postcode"
            )
        elif (
            data.get("date_of_birth") is None
            and not (line and postcode)
            and "date_of_birth" not in self.errors
        ):
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or the first line of their address and postcode",
            )
        return data


class AdviceForm(forms.Form):
    advice = GovukTextField(
        max_length=NOTE,
        label="What advice did you give the caller?",
        help_text="For example, to speak to the lead social worker, or to make a referral to "
        "children's social care.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the advice you gave the caller"},
    )
