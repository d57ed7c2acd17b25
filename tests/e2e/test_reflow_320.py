"""Every page at 320 CSS pixels (issue 24 item 2): each page of the URL-by-role world that some
role opens (a 200 in the access table: dashboards, work lists for each role, the child, the
conference, the decision, the plan, the core group, minutes, timescales, returns and
indicators, search, ...) is visited in a 320 x 800 viewport as the first role the table lets open
it, and is no wider than the viewport. Each page is also checked with axe, and nothing on it
sits outside a landmark (axe's `region` rule)."""

import logging

import pytest
from playwright.sync_api import Error as PlaywrightError

from accounts.models import RoleCode
from tests.core.test_url_access_by_role import ALL_URLS, EXPECTED, concrete_path
from tests.core.url_access_world import ANONYMOUS, INVITED_PROFESSIONAL, VISITORS, build_world
from tests.e2e.conftest import add_engines, assert_no_axe_violations, sign_in
from tests.e2e.reflow import NARROW, outside_landmarks, too_wide
from tests.factories.accounts import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Who opens each page: the first of these the access table gives a 200 (the people who use the
# page most, so it shows the most).
PREFERENCE = (
    RoleCode.SOCIAL_WORKER.value,
    RoleCode.CONFERENCE_COORDINATOR.value,
    RoleCode.CHAIR.value,
    RoleCode.MINUTE_TAKER.value,
    RoleCode.TEAM_MANAGER.value,
    RoleCode.QA_MANAGER.value,
    RoleCode.SERVICE_MANAGER.value,
    RoleCode.HEAD_OF_SERVICE.value,
    INVITED_PROFESSIONAL,
    RoleCode.ENQUIRER.value,
    RoleCode.AGENCY_PROFESSIONAL.value,
    "no_role",
    ANONYMOUS,
)
# Not pages: the keep-alive answers 204, the health check is for machines.
NOT_PAGES = {"keep-alive", "healthz"}


def pages_by_visitor(world) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for name, route in ALL_URLS:
        if name not in EXPECTED or name in NOT_PAGES:
            continue
        answers = dict(zip(VISITORS, EXPECTED[name].split(), strict=True))
        visitor = next((v for v in PREFERENCE if answers[v] == "200"), None)
        if visitor:
            pages.setdefault(visitor, []).append(concrete_path(name, route, world))
    return pages


def test_no_page_scrolls_sideways_at_320_pixels(browser, live_server, settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    too_wide_pages, not_html, axe_failures, loose = [], [], [], []
    logging.disable(logging.WARNING)
    try:
        for visitor, paths in pages_by_visitor(world).items():
            context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=NARROW)
            add_engines(context)
            skipped_before = len(not_html)
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.live_server_url = live_server.url
            if visitor != ANONYMOUS:
                sign_in(page, world.user(visitor).email, TEST_PASSWORD)
            for path in paths:
                # Downloads (PDFs, spreadsheets, uploads) are not pages: the browser saves them
                # instead of opening them, and Playwright says so.
                try:
                    response = page.goto(path)
                except PlaywrightError as error:
                    if "Download is starting" not in str(error):
                        raise
                    not_html.append(path)
                    continue
                assert response.status == 200, f"{path} as {visitor}: {response.status}"
                if "text/html" not in (response.headers.get("content-type") or ""):
                    not_html.append(path)
                    continue
                problem = too_wide(page)
                if problem:
                    too_wide_pages.append(f"{problem}\n    (as {visitor})")
                loose += outside_landmarks(page)
                try:
                    assert_no_axe_violations(page)
                except pytest.fail.Exception as failure:
                    axe_failures.append(str(failure))
            # What was skipped as a download is one: no page escapes the check that way.
            for path in not_html[skipped_before:]:
                kind = context.request.get(path).headers.get("content-type") or ""
                assert "text/html" not in kind, f"{path} as {visitor} is a page, not a download"
            context.close()
    finally:
        logging.disable(logging.NOTSET)
    assert not too_wide_pages, f"{len(too_wide_pages)} page(s) wider than 320px:\n" + "\n".join(
        too_wide_pages
    )
    assert not axe_failures, "\n".join(axe_failures)
    assert not loose, "Outside every landmark:\n" + "\n".join(loose)
