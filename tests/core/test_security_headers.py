"""Web hardening (issue 9 part 5; ADR 28): a strict Content Security Policy on every answer
(pages, errors, the admin), no inline script or style anywhere in the project's templates, and
the production settings' secure cookies, HSTS, frame denial and referrer policy, both as settings
and as the headers a production-like request receives."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import RoleCode
from tests.auth import login
from tests.factories.accounts import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert loose not in header.split(), f"{loose} in the policy"


@pytest.mark.parametrize("path", ["/sign-in/", "/accessibility-statement/", "/no-such-page/"])
def test_public_pages_and_errors_carry_the_strict_policy(client, path):
    assert_strict(client.get(path))


def test_signed_in_pages_carry_the_strict_policy(client):
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    assert_strict(client.get("/"))
    assert_strict(client.get("/children/"))


def test_the_admin_has_the_same_strict_policy(client, admin_user):
    """No relaxation for /admin/: Django's admin has no inline script or style."""
    assert_strict(client.get("/admin/login/"))
    client.force_login(admin_user)
    assert_strict(client.get("/admin/"))


# Templates WeasyPrint turns into PDFs carry their own <style>: they are never served as HTML.
PDF_TEMPLATES = {
    "conferences/letters/family_invitation.html",
    "conferences/letters/child_invitation.html",
    "conferences/decision/outline_plan_pdf.html",
    "reports/minutes/pdf.html",
}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (onclick=...)"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    """The policy would block them in the browser: keep them out of the source instead."""
    found = []
    root = BASE_DIR / "templates"
    for template in root.rglob("*.html"):
        name = template.relative_to(root).as_posix()
        if name in PDF_TEMPLATES or "pdf" in name.rsplit("/", 1)[-1]:
            continue
        text = template.read_text()
        found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


# --- Production settings -------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-production-like-secret-key-of-fifty-plus-characters-9f8e7d6c5b4a3",
    "ALLOWED_HOSTS": "conferences.example.gov.uk",
}
SETTING_NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "DEBUG",
]


def production_settings() -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV},
        **PRODUCTION_ENV,
    }
    env.pop("SECURE_HSTS_SECONDS", None)
    env.pop("SECURE_SSL_REDIRECT", None)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {SETTING_NAMES!r}}}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_harden_cookies_transport_framing_and_referrer():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_a_production_like_https_answer_carries_every_header(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/sign-in/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert_strict(response)
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]
