"""Browser tests: Playwright drives Debian's Chromium against Django's live_server.

The browser is never downloaded by the test tool: set CHROMIUM_PATH, or install Debian's chromium
(/usr/bin/chromium). Every page visited is checked by two engines (ADR 0065): axe-core for WCAG 2.2 A
and AA, and HTML_CodeSniffer's WCAG2AA standard (errors only). A test that leaves a page the
helper never checked fails at teardown, so no page slips past both engines.
"""

import json
import os
import shutil
from functools import cache, partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.htmlcs_known import KNOWN_HTMLCS_FALSE_POSITIVES, UNCHECKED_PATHS

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
HTMLCS_SCRIPT = BASE_DIR / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
HTMLCS_STANDARD = "WCAG2AA"
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

    for script in (AXE_SCRIPT, HTMLCS_SCRIPT):
        if not script.exists():
            pytest.fail(f"{script.relative_to(BASE_DIR)} is missing: run `npm ci` first.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note a failed test, so the page fixture does not add "never checked" to its failure."""
    report = yield
    if report.when == "call" and report.failed:
        item.a11y_test_failed = True
    return report


@pytest.fixture
def page(request, browser, live_server, settings):
    settings.DEBUG = False
    # The service's language and time zone, whatever the machine's (issue 24 item 5).
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    page.live_server_url = live_server.url  # for sign_in's session cookie
    page.set_default_timeout(10_000)
    page.a11y_documents = {}  # each HTML document the page loaded, by its time origin: its URL
    page.a11y_checked = set()  # the time origins of the documents both engines checked
    page.expose_binding("__a11yDocumentLoaded", partial(_document_loaded, page))
    page.add_init_script(REPORT_DOCUMENT_SCRIPT)
    add_engines(context)
    yield page
    context.close()
    unchecked = [
        url
        for origin, url in page.a11y_documents.items()
        if origin not in page.a11y_checked
        and not urlsplit(url).path.startswith(tuple(UNCHECKED_PATHS))
    ]
    if unchecked and not getattr(request.node, "a11y_test_failed", False):
        pytest.fail(
            "These pages were visited but never checked by assert_accessible (axe and "
            "HTML_CodeSniffer):\n" + "\n".join(unchecked)
        )


# Run in every document before its own scripts (an init script is not subject to the Content
# Security Policy): tell the test which HTML page loaded, keyed by the document's time origin,
# which no two documents share.
REPORT_DOCUMENT_SCRIPT = """
if (window === window.top && location.protocol.startsWith('http')) {
  document.addEventListener('DOMContentLoaded', () => {
    if (document.contentType === 'text/html') {
      window.__a11yDocumentLoaded(performance.timeOrigin, location.href);
    }
  });
}
"""


def _document_loaded(page, source, time_origin, url) -> None:
    page.a11y_documents[time_origin] = url


def assert_accessible(page) -> None:
    """Check the page as it is now with both engines, axe-core and HTML_CodeSniffer; fail with a
    readable list of everything either found."""
    # A click on a link returns once the navigation has started, and a test checks the next page
    # straight after; on a busy machine the old document can go while the engines read it
    # ("Execution context was destroyed", or axe finding no document). Then the page that
    # loaded is checked, once it has loaded.
    # (Not waited for beforehand: a click that downloads a file starts no page load to wait for.)
    for attempt in range(1, 4):
        try:
            time_origin, problems = _check(page)
            break
        except _PageWentAway:
            if attempt == 3:
                raise
            page.wait_for_load_state("load")
    # A page from the `page` fixture records what was checked for its guard; a page a test
    # opened in its own browser context (the 320 px test) has no guard to tell.
    checked = getattr(page, "a11y_checked", None)
    if checked is not None:
        checked.add(time_origin)
    if problems:
        pytest.fail(f"Accessibility problems on {page.url}:\n" + "\n".join(problems))


# What Playwright and axe say when the document they were reading went away.
NAVIGATED_AWAY = (
    "Execution context was destroyed",
    "reading 'documentElement'",
)


class _PageWentAway(Exception):
    """The document being checked was replaced by the next page before the check finished."""


def _check(page) -> tuple[float, list[str]]:
    try:
        # A page from a context without add_engines (or a document that somehow missed them)
        # gets them here; evaluated, not added as <script> elements, which the Content Security
        # Policy refuses (ADR 28).
        if not page.evaluate(ENGINES_LOADED):
            page.evaluate(_script(AXE_SCRIPT))
            page.evaluate(_script(HTMLCS_SCRIPT))
        time_origin = page.evaluate("performance.timeOrigin")
        problems = _axe_violations(page) + _htmlcs_errors(page)
        still_there = page.evaluate("performance.timeOrigin") == time_origin
    except PlaywrightError as error:
        if any(sign in str(error) for sign in NAVIGATED_AWAY):
            raise _PageWentAway(str(error)) from error
        raise
    if not still_there:  # the engines finished, but on the page before
        raise _PageWentAway(f"{page.url} loaded while the page before it was checked")
    return time_origin, problems


ENGINES_LOADED = "typeof axe !== 'undefined' && typeof HTMLCS !== 'undefined'"


def add_engines(context) -> None:
    """Load axe-core and HTML_CodeSniffer into every document of a browser context as it opens.
    Every page a test visits is checked (the guard above), so each document needs them anyway;
    an init script is sent to the browser once per context, where evaluating them per check sent
    both engines' source (over half a megabyte) through Playwright's pipe on every check. Init
    scripts run before the page's own and are not subject to its Content Security Policy."""
    for script in (AXE_SCRIPT, HTMLCS_SCRIPT):
        context.add_init_script(path=script)


@cache
def _script(path: Path) -> str:
    return path.read_text()


assert_no_axe_violations = assert_accessible  # the older name, kept for tests written before 0065


# Only violations are asked for (resultTypes: axe then skips gathering every passing node) and
# only what the failure message shows comes back through Playwright, not the whole result.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((node) => node.target),
  }));
}"""


def _axe_violations(page) -> list[str]:
    return ["axe " + json.dumps(v) for v in page.evaluate(AXE_RUN, WCAG_TAGS)]


# HTMLCS reports each problem with its element; the test needs a selector and a snippet, and
# drops the known false positives (tests/e2e/htmlcs_known.py) by code and selector.
HTMLCS_RUN = """
([standard, known]) => new Promise((resolve, reject) => {
  const selectorOf = (el) => {
    if (!el || el.nodeType !== 1) return '(document)';
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id) { parts.unshift('#' + CSS.escape(node.id)); break; }
      let part = node.localName;
      const same = node.parentElement
        ? [...node.parentElement.children].filter((c) => c.localName === node.localName) : [];
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const isKnown = (message) => known.some(([code, selector]) =>
    message.code === code && message.element && message.element.nodeType === 1
      && message.element.matches(selector));
  HTMLCS.process(standard, document, () => {
    resolve(HTMLCS.getMessages()
      .filter((message) => message.type === HTMLCS.ERROR && !isKnown(message))
      .map((message) => ({
        code: message.code,
        message: message.msg,
        selector: selectorOf(message.element),
        html: message.element && message.element.outerHTML
          ? message.element.outerHTML.slice(0, 200) : '',
      })));
  }, () => reject(new Error('HTML_CodeSniffer could not load ' + standard)), 'en');
})
"""


def _htmlcs_errors(page) -> list[str]:
    known = [[entry["code"], entry["selector"]] for entry in KNOWN_HTMLCS_FALSE_POSITIVES]
    errors = page.evaluate(HTMLCS_RUN, [HTMLCS_STANDARD, known])
    return [
        f"HTML_CodeSniffer {e['code']}\n    {e['message']}\n    at {e['selector']}\n    {e['html']}"
        for e in errors
    ]


def sign_in(page, email: str, password: str) -> None:
    """Sign in by giving the browser a session cookie for the user (after checking the
    password, as the form would), then open the home page and check it. Faster than the form; the sign-in
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
    assert_accessible(page)


def sign_in_with_form(page, email: str, password: str) -> None:
    """Sign in through the sign-in page, as a person does. The sign-in page is checked here; the
    page it leads to is the caller's to check."""
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
