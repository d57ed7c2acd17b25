import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from tests.e2e.conftest import assert_accessible, sign_in_with_form
from tests.factories.accounts import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLE_LABELS = dict(RoleCode.choices)


def test_sign_in_page_is_accessible(page):
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)


def test_sign_in_errors_are_shown_next_to_the_fields_and_in_the_summary(page):
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    assert "Enter your password" in page.locator("#id_password-error").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)


@pytest.mark.parametrize("role", list(RoleCode))
def test_each_role_signs_in_and_sees_its_home_page(page, role):
    user = UserFactory(roles=[role], email=f"{role}@test.example")
    sign_in_with_form(page, user.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(page.get_by_role("heading", name=ROLE_LABELS[role], level=2)).to_be_visible()
    expect(page.locator("header")).to_contain_text(user.full_name)
    assert_accessible(page)


def test_user_without_a_role_is_told_so(page):
    user = UserFactory(roles=[], email="new.starter@test.example")
    sign_in_with_form(page, user.email, TEST_PASSWORD)
    expect(
        page.get_by_role("heading", name="You do not have a role in this service yet")
    ).to_be_visible()
    assert_accessible(page)


def test_sign_out_then_public_pages(page):
    user = UserFactory(roles=[RoleCode.CHAIR], email="chair@test.example")
    sign_in_with_form(page, user.email, TEST_PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert_accessible(page)
    page.goto("/accessibility-statement/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Accessibility statement")
    assert_accessible(page)
    page.goto("/")
    assert page.url.endswith("/sign-in/?next=/")
    assert_accessible(page)


def test_not_found_page_is_accessible(page):
    user = UserFactory(roles=[RoleCode.CHAIR], email="chair2@test.example")
    sign_in_with_form(page, user.email, TEST_PASSWORD)
    assert_accessible(page)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
