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


def password_sign_in(client, user, password=TEST_PASSWORD, next_url=None, address="127.0.0.1"):
    """Sign in with the form, from `address` (the REMOTE_ADDR django-axes counts failures by)."""
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/sign-in/", data, REMOTE_ADDR=address)


def emailed_code(mailbox) -> str:
    """The 6-digit code in the latest set-up email (django.core.mail.outbox)."""
    body = mailbox[-1].body
    return re.search(r"^(\d{6})$", body, re.MULTILINE).group(1)


def codes_on_page(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)


def prove_email(client, capture, next_url="/"):
    """The emailed-code step before set-up (ADR 48): open the page (which sends the code, after
    commit: `capture` is pytest-django's django_capture_on_commit_callbacks), enter the code."""
    from django.core import mail

    with capture(execute=True):
        client.get(f"/account/two-factor/check-your-email/?next={next_url}")
    response = client.post(
        "/account/two-factor/check-your-email/",
        {"code": emailed_code(mail.outbox), "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()
    return response
