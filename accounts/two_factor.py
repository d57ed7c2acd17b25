"""Two-factor sign-in (ADR 26): who must use it, enrolling an authenticator app, recovery codes.

django-otp keeps the devices: a `TOTPDevice` for the authenticator app and a `StaticDevice` whose
`StaticToken`s are the recovery codes (a code is deleted when used, so it works once).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import STAFF_ROLES

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def two_factor_required(user) -> bool:
    """Staff roles and administrators must use a second factor; agency professionals and
    enquirers (people outside the council) may choose to."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or user.role_codes & STAFF_ROLES)


def must_verify(user) -> bool:
    """Whether this signed-in user still has to give a second factor in this session.

    Anyone with a confirmed device must use it (an agency professional who chose to set up an app
    is protected by it too); a staff user without one must set one up first."""
    if not settings.REQUIRE_TWO_FACTOR or not user.is_authenticated:
        return False
    if is_verified(user):
        return False
    return two_factor_required(user) or has_app(user)


def is_verified(user) -> bool:
    """OTPMiddleware gives request.user `is_verified()`; a user just signed in with a password
    (login() replaces request.user) has not given a second factor in this session."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def unconfirmed_app(user) -> TOTPDevice:
    """The device being set up: kept between the page and the code so a refresh shows the same
    secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def new_unconfirmed_app(user) -> TOTPDevice:
    """A new secret once the emailed code is entered (ADR 48): a secret drawn earlier (shown to
    whoever had only the password, before the email step existed) is never the one confirmed.
    An unconfirmed device is no record of the service: it is replaced, not kept."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32 (what authenticator apps accept), in groups of 4 for typing."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code, drawn on the server (no script, no image
    request carrying the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app", dark="#0b0c0c", light="#ffffff"
    )


@transaction.atomic
def confirm_app(device: TOTPDevice) -> list[str]:
    """Confirm the app, remove any other app, and issue a fresh set of recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with 10 new ones (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_devices(user) -> None:
    """What an administrator does for someone who has lost their phone and recovery codes: the
    next sign-in sets up a new app."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
