"""Two-factor sign-in is enforced here, for every page (ADR 26)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from .two_factor import has_app, must_verify

# The pages a user who has given only a password may reach.
ALLOWED_URL_NAMES = frozenset(
    {
        "sign-in",
        "sign-out",
        "signed-out",
        "healthz",
        "accessibility-statement",
        "keep-alive",
        "two-factor-email-code",
        "two-factor-enrol",
        "two-factor-enrolment-link",
        "two-factor-verify",
        "two-factor-recovery-codes",
    }
)


class TwoFactorMiddleware:
    """Send a signed-in user who still owes a second factor to set one up or to give it.

    Runs after AuthenticationMiddleware and django-otp's OTPMiddleware (which gives
    `user.is_verified()`), and before LoginRequiredMiddleware, which deals with anonymous
    visitors. Does nothing when REQUIRE_TWO_FACTOR is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_TWO_FACTOR:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if not must_verify(request.user):
            return None
        target = "two-factor-verify" if has_app(request.user) else "two-factor-enrol"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")


class SessionActivityMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without a request (ADR 26).

    Each request of a signed-in user pushes the end back, like SESSION_SAVE_EVERY_REQUEST, but the
    session row is rewritten at most once every SESSION_REFRESH_SECONDS rather than on every
    request (a page and its keep-alive do not each cost a database write). The seconds left are
    put on the request for <body data-session-timeout>, so the warning is never late.
    Placed after SessionMiddleware, so its response step runs before the session is saved.
    """

    KEY = "accounts.activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None:
            return self.get_response(request)
        now = int(time.time())
        age = settings.SESSION_COOKIE_AGE
        refreshed = session.get(self.KEY, 0) if "_auth_user_id" in session else 0
        stale = now - refreshed >= settings.SESSION_REFRESH_SECONDS
        request.session_seconds_left = age if stale else max(0, age - (now - refreshed))
        response = self.get_response(request)
        if "_auth_user_id" in session and (stale or session.modified):
            session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


def start_activity_clock(sender, request, user, **kwargs):
    """Signing in starts the inactivity clock (the new session is saved anyway)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionActivityMiddleware.KEY] = int(time.time())


class SignedInUserMiddleware:
    """`request.user` as the user (or AnonymousUser) itself, once the user is known.

    AuthenticationMiddleware and django-otp's OTPMiddleware each wrap the user in a lazy object,
    so every `request.user.<attribute>` went through two proxies: about 2 microseconds each, a
    few hundred times a page (issue 25). Every page needs the user anyway (LoginRequired, the
    two-factor check), so it is read here and the proxies dropped. Runs after OTPMiddleware, whose
    `is_verified()` and `otp_device` stay on the user; sign-in and sign-out still set
    `request.user` as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = unwrapped(user)
        return self.get_response(request)


def unwrapped(value):
    """The object behind any number of Django lazy objects (SimpleLazyObject), evaluated."""
    while isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    return value
