"""The QA manager brings children in from a census return in a real browser (issue 23): a file
that is not a return is refused with a message; the deliberate-errors return is checked (nothing
saved), its report read, then confirmed. Every page is checked with axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Child
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ERRORS_FILE = Path(__file__).parent.parent / "returns" / "census_files" / "deliberate_errors.xml"


def test_the_qa_manager_uploads_checks_and_confirms_a_census_return(page, tmp_path):
    UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example")
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto("/returns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statutory returns")
    assert_no_axe_violations(page)
    page.get_by_role(
        "link", name="Bring children in from your current system's census return"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bring children in from a census return"
    )
    assert_no_axe_violations(page)

    # Nothing chosen: the error summary and the message by the field.
    page.get_by_role("button", name="Check the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the census return")
    assert_no_axe_violations(page)

    # Not a return at all.
    broken = tmp_path / "broken.xml"
    broken.write_text("<Message><Header>")
    page.get_by_label("Census return (XML)").set_input_files(str(broken))
    page.get_by_role("button", name="Check the return").click()
    expect(page.locator("#import-status")).to_contain_text("not well-formed XML")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Upload another file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bring children in from a census return"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Census return (XML)").set_input_files(str(ERRORS_FILE))
    page.get_by_role("button", name="Check the return").click()
    expect(page.locator("#import-status")).to_contain_text("nothing has been saved yet")
    expect(page.locator("#children-refused")).to_contain_text("'X' is not a valid code for the sex")
    expect(page.locator("#children-refused")).to_contain_text("Two child protection plans overlap")
    expect(page.locator("#children-created")).to_contain_text("GOOD1")
    assert_no_axe_violations(page)
    assert not Child.objects.exists()

    page.get_by_role("button", name="Bring these children in").click()
    expect(page.locator("#import-status")).to_contain_text("Brought in")
    expect(page.locator("#import-totals")).to_contain_text("2")
    assert_no_axe_violations(page)
    assert set(Child.objects.values_list("local_child_id", flat=True)) == {"GOOD1", "GOOD2"}
