"""The access log in a real browser (issue 9 "done when"): a social worker opens a child's
record, then the QA manager follows the child's page to "Who looked at this record" and sees that
view, with its time. Both pages pass axe, and neither the child's page, the log nor the admin
breaks the Content Security Policy (the browser reports no violation)."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, UserFactory
from tests.factories.children import ChildFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    """Every Content Security Policy refusal the browser reports on the page's console."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_the_qa_manager_sees_the_social_workers_view_in_the_access_log(page):
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], email="sw@test.example", full_name="Sam Worker"
    )
    UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example", full_name="Quinn Audit")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    refused = watch_csp(page)

    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Amelia Jones", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Who looked at this record")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto(f"/children/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Who looked at this record").click()
    expect(
        page.get_by_role("heading", name="Who looked at Amelia Jones's record", level=1)
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Sam Worker")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Child's record")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the child's record").click()
    expect(page.get_by_role("heading", name="Amelia Jones", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="History of this record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of Amelia Jones")
    assert_accessible(page)
    assert refused == []


def test_the_admin_works_under_the_content_security_policy(page):
    """No relaxation for /admin/ (ADR 28): its pages load their scripts and styles from files."""
    UserFactory(email="admin@test.example", is_staff=True, is_superuser=True)
    refused = watch_csp(page)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("admin@test.example")
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/admin/accounts/user/")
    expect(page.locator("#changelist")).to_be_visible()
    page.goto("/admin/children/child/add/")
    expect(page.locator("#content")).to_be_visible()
    assert refused == []
