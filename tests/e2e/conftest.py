"""Browser tests: Playwright drives Debian's Chromium against Django's live_server.

The browser is never downloaded by the test tool: set CHROMIUM_PATH, or install Debian's chromium
(/usr/bin/chromium). Every page visited is checked with axe-core for WCAG 2.2 A and AA.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium is not installed: run `apt-get install chromium` or set CHROMIUM_PATH. "
            "Browser tests never download a browser."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` first.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.DEBUG = False
    # The service's language and time zone, whatever the machine's (issue 24 item 5).
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    page.live_server_url = live_server.url  # for sign_in's session cookie
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of every violation."""
    # Evaluated, not added as a <script> element: the Content Security Policy refuses inline
    # script (ADR 28), and Playwright's evaluate is not subject to it.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = result["violations"]
    if violations:
        summary = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [node["target"] for node in v["nodes"]][:5],
            }
            for v in violations
        ]
        pytest.fail(
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            + json.dumps(summary, indent=2)
        )


def sign_in(page, email: str, password: str) -> None:
    """Sign in by giving the browser a session cookie for the user (after checking the
    password, as the form would), then open the home page. Faster than the form; the sign-in
    form itself is tested with `sign_in_with_form` (test_sign_in.py)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    user = User.objects.get(email=email)
    assert user.check_password(password), f"Wrong password for {email}"
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.live_server_url,
            }
        ]
    )
    page.goto("/")
    page.wait_for_load_state()


def sign_in_with_form(page, email: str, password: str) -> None:
    """Sign in through the sign-in page, as a person does."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
