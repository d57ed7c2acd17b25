"""The QA manager's returns page in a real browser: asking for the census for a year (prepared
by a Celery task, run in this process here), reading its checks, downloading it, and downloading
Annex A lists 5 and 7 as Excel and CSV. Every page is checked with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from returns.xml import schema_errors
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, UserFactory
from tests.factories.census import plan_with_history
from tests.factories.children import ChildFactory
from tests.factories.clock import LONDON

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


D = datetime.date


@pytest.fixture
def setting():
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    chair = UserFactory(roles=[RoleCode.CHAIR])
    UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example")
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        local_child_id="CH0001",
        upn="A123456789012",
        cin_referral_date=D(2025, 5, 28),
        referral_source="2A",
        primary_need="N1",
        disabilities=["NONE"],
        lead_social_worker=worker,
    )
    plan_with_history(
        child=amelia,
        by=worker,
        chair=chair,
        s47_on=D(2025, 6, 2),
        icpc_on=D(2025, 6, 20),
        reviews=[D(2025, 9, 15)],
    )


def fill_date(page, field: str, day: datetime.date) -> None:
    date_input = page.locator(f"#id_{field}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_the_qa_manager_checks_and_downloads_the_returns(page, setting, eager_tasks, clock):
    # The census it downloads (31 March 2026) must be in the past: a Wednesday in May.
    clock.move_to(datetime.datetime(2026, 5, 6, 10, 0, tzinfo=LONDON))
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Statutory returns").first.click()
    expect(page.get_by_role("heading", name="Statutory returns", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # A date that does not exist: the error beside the field.
    census_form = page.locator("form").filter(has=page.locator("#id_reference_date"))
    fill_date(page, "reference_date", D(2026, 3, 31))
    census_form.locator("#id_reference_date").get_by_label("Month").fill("13")
    page.get_by_role("button", name="Check the census").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(page)

    fill_date(page, "reference_date", D(2026, 3, 31))
    page.get_by_role("button", name="Check the census").click()
    expect(page.get_by_role("heading", name="Census to 31 March 2026", level=1)).to_be_visible()
    expect(page.get_by_text("The file matches the census schema.")).to_be_visible()
    expect(page.get_by_text("No DfE validation rule is broken.", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the census (XML)").click()
    assert schema_errors(download.value.path().read_bytes()) == []
    assert download.value.suggested_filename == "cin-census-2026-03-31.xml"

    page.get_by_role("link", name="Back to statutory returns").click()
    expect(page.locator("#census-runs")).to_contain_text("31 March 2026")
    expect(page.locator("#census-runs")).to_contain_text("Ready")
    assert_no_axe_violations(page)

    fill_date(page, "on", D(2026, 3, 31))
    page.get_by_label("Covering the months before").select_option("12")
    page.get_by_role("button", name="Choose these dates").click()
    expect(page.locator("#annex-downloads")).to_be_visible()
    assert_no_axe_violations(page)
    for name, filename in (
        ("Excel (list 5)", "annex-a-list-5-2026-03-31.xlsx"),
        ("CSV (list 5)", "annex-a-list-5-2026-03-31.csv"),
        ("Excel (list 7)", "annex-a-list-7-2026-03-31.xlsx"),
        ("CSV (list 7)", "annex-a-list-7-2026-03-31.csv"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename == filename
    csv_text = download.value.path().read_text(encoding="utf-8-sig")
    assert "CH0001" in csv_text and "20/06/2025" in csv_text
