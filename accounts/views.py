from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from core.view_helpers import local_next

from . import enrolment, sessions, two_factor
from .forms import EmailCodeForm, EnrolForm, SignInForm, VerifyForm

RECOVERY_CODES_SESSION_KEY = "accounts.recovery_codes"


def _safe_next(request, default="home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return local_next(request, candidate) or reverse(default)


def _with_next(name: str, next_url: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _is_enrolment_link(path: str) -> bool:
    try:
        return resolve(path).url_name == "two-factor-enrolment-link"
    except Resolver404:
        return False


class SignInView(auth_views.LoginView):
    """The password step. LoginView hands `request` to the form, which passes it to
    `authenticate`, so django-axes sees every attempt."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self):
        next_url = super().get_success_url()
        user = self.request.user
        if two_factor.must_verify(user):
            if _is_enrolment_link(next_url):
                return next_url  # the administrator's link stands in for the emailed code
            name = "two-factor-verify" if two_factor.has_app(user) else "two-factor-enrol"
            return _with_next(name, next_url)
        return next_url


@method_decorator(login_not_required, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (from the header button) so a link cannot sign someone out. Open to a
    session that has already ended: the timeout warning signs out just as the session ends, and
    must still land on the page that says why."""


@login_not_required
def signed_out(request):
    inactive = request.GET.get("reason") == "inactive"
    minutes = settings.SESSION_COOKIE_AGE // 60
    return render(request, "accounts/signed_out.html", {"inactive": inactive, "minutes": minutes})


def axes_username(request, credentials=None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: the email address as the sign-in form cleans it
    (lower case), so "Name@Council" and "name@council" count against the same account."""
    source = credentials if credentials else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower()


def locked_out(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the plain-English page for a locked account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def _already_has_app(request, next_url):
    """Someone with an app does not set one up again: verify, or go to their account."""
    if two_factor.is_verified(request.user):
        return redirect("account")
    return redirect(_with_next("two-factor-verify", next_url))


def enrol_email_code(request):
    """Before the app's secret is shown: the code emailed to the user (ADR 48), so a password
    alone never reaches the secret. Opening the page sends a code unless one is still live."""
    user = request.user
    next_url = _safe_next(request)
    if two_factor.has_app(user):
        return _already_has_app(request, next_url)
    if enrolment.is_proven(request.session, user):
        return redirect(_with_next("two-factor-enrol", next_url))
    send_again = request.method == "POST" and "send-again" in request.POST
    form = EmailCodeForm(None if send_again else (request.POST or None), user=user)
    try:
        if send_again:
            enrolment.send_code(user, again=True)
            messages.success(request, f"We have sent a new code to {user.email}")
            return redirect(_with_next("two-factor-email-code", next_url))
        if request.method != "POST":
            enrolment.send_code(user)
    except enrolment.EnrolmentCodeError as error:
        form.show_refusal(error.message)
    if request.method == "POST" and not send_again and form.is_valid():
        two_factor.new_unconfirmed_app(user)
        request.session.cycle_key()
        enrolment.mark_proven(request.session, user)
        return redirect(_with_next("two-factor-enrol", next_url))
    return render(
        request,
        "accounts/two_factor_email_code.html",
        {
            "form": form,
            "email": user.email,
            "minutes": int(enrolment.CODE_LIFETIME.total_seconds() // 60),
            "next": next_url,
        },
    )


def enrolment_link(request, token):
    """A set-up link an administrator issued (ADR 48): it stands in for the emailed code, for the
    account it was issued for, once."""
    user = request.user
    if two_factor.has_app(user):
        return _already_has_app(request, reverse("home"))
    try:
        enrolment.use_link(user, token)
    except enrolment.EnrolmentCodeError as error:
        return render(
            request, "accounts/enrolment_link_refused.html", {"message": error.message}, status=404
        )
    two_factor.new_unconfirmed_app(user)
    request.session.cycle_key()
    enrolment.mark_proven(request.session, user)
    return redirect("two-factor-enrol")


def enrol(request):
    """Set up an authenticator app: a QR code (or the secret to type), then the first code.
    Only for a session that has entered the code emailed to the user."""
    user = request.user
    next_url = _safe_next(request)
    if two_factor.has_app(user):
        return _already_has_app(request, next_url)
    if not enrolment.is_proven(request.session, user):
        return redirect(_with_next("two-factor-email-code", next_url))
    device = two_factor.unconfirmed_app(user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(device)
        request.session.cycle_key()
        otp_login(request, device)
        enrolment.forget_proof(request.session)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect(_with_next("two-factor-recovery-codes", next_url))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_display(device),
            "next": next_url,
            "required": two_factor.two_factor_required(user),
        },
    )


def recovery_codes(request):
    """The recovery codes, shown once: they leave the session as the page is drawn."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": codes, "next": _safe_next(request)},
    )


def verify(request):
    """The second step of sign-in: a code from the app or a recovery code."""
    user = request.user
    next_url = _safe_next(request)
    if not two_factor.has_any_device(user):
        return redirect(_with_next("two-factor-enrol", next_url))
    if two_factor.is_verified(user):
        return redirect(next_url)
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        otp_login(request, form.device)
        if form.device.name == two_factor.RECOVERY_DEVICE_NAME:
            left = two_factor.recovery_codes_left(user)
            messages.warning(
                request,
                f"You used a recovery code. It will not work again. You have {left} left: "
                "get new ones from your account page.",
            )
        return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def account(request):
    """The signed-in user's account: two-factor sign-in, recovery codes, sign out everywhere."""
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "has_app": two_factor.has_app(user),
            "required": two_factor.two_factor_required(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )


@require_POST
def new_recovery_codes(request):
    user = request.user
    if not two_factor.has_app(user) or not two_factor.is_verified(user):
        return redirect("account")
    request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.new_recovery_codes(user)
    return redirect(_with_next("two-factor-recovery-codes", reverse("account")))


@require_POST
def sign_out_everywhere(request):
    """End every session of this user (other browsers, phones, a shared computer left signed
    in), then this one."""
    sessions.end_sessions_of(request.user)
    logout(request)
    return redirect(f"{reverse('signed-out')}?reason=everywhere")


def keep_alive(request):
    """The timeout warning's "Stay signed in": renews the session now (SessionActivityMiddleware
    saves a modified session), so there is nothing to return."""
    request.session.modified = True
    return HttpResponse(status=204)
