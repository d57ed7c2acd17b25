"""Two-factor helpers for the accounts tests."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories.accounts import TEST_PASSWORD


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for this device."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def give_app(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator app and 10 recovery codes, as if the user had enrolled."""
    device = TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    return device, two_factor.new_recovery_codes(user)


def password_sign_in(client, user, password=TEST_PASSWORD, next_url=None):
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/sign-in/", data)


def codes_on_page(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)
