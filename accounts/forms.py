from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict

from .enrolment import EnrolmentCodeError, check_code


class SignInForm(AuthenticationForm):
    """Sign in with a work email address, with GOV.UK wording for every mistake."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Contact the conference service.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


def _six_digit_code(*, label: str, help_text: str, required: str) -> forms.CharField:
    """A one-time code box: the phone's keypad, no spellcheck, the browser may fill it in."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": required},
    )


def _normalise_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


class EnrolForm(forms.Form):
    """The first code from a newly set-up authenticator app, which proves it is set up right."""

    token = _six_digit_code(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code the app shows, for example 123456.",
        required="Enter the 6-digit code from your authenticator app",
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = _normalise_code(self.cleaned_data["token"])
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                "The code is not right. Check the app shows this service, then enter the code it "
                "shows now"
            )
        return token


class VerifyForm(forms.Form):
    """The second factor at sign-in: a code from the app, or one recovery code."""

    token = forms.CharField(
        label="Code",
        help_text=(
            "Enter the 6-digit code from your authenticator app. If you do not have your phone, "
            "enter one of your recovery codes instead."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={
            "required": "Enter the code from your authenticator app or a recovery code"
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        from django_otp import match_token

        token = _normalise_code(self.cleaned_data["token"])
        self.device = match_token(self.user, token) if token else None
        if self.device is None:
            raise forms.ValidationError(
                "The code is not right. Enter the code your app shows now, or a recovery code you "
                "have not used before"
            )
        return token


class EmailCodeForm(forms.Form):
    """The code emailed to the user before they may set up an authenticator app (ADR 48)."""

    code = _six_digit_code(
        label="Code from the email",
        help_text="Enter the 6-digit code, for example 123456.",
        required="Enter the 6-digit code from the email",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_code(self):
        # A service call in a form, like EnrolForm's verify_token: the wrong try is counted.
        code = _normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from the email")
        try:
            check_code(self.user, code)
        except EnrolmentCodeError as error:
            raise forms.ValidationError(error.message) from error
        return code

    def show_refusal(self, message: str) -> None:
        """A refusal to send a code (too soon, too many), shown beside the field on a page that
        posted no code."""
        self._errors = ErrorDict({"code": self.error_class([message], renderer=self.renderer)})
