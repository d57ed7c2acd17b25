"""The road to conference in a real browser: a social worker records a child and family, a
strategy discussion that decides S47, the S47 outcome and the conference request; the
coordinator sees it in the queue with the right ICPC due date. Every page is checked with axe.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AgencyKind, RoleCode
from children.models import Child, StrategyDiscussion
from core.templatetags.govuk import govuk_date
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import ChildFactory, synthetic_nhs_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    team = TeamFactory(name="Assessment Team North")
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], email="tm@test.example", team=team, agency=team.agency
    )
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        email="sw@test.example",
        full_name="Sam Worker",
        team=team,
        agency=team.agency,
        line_manager=manager,
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    AgencyFactory(name="Demo Constabulary", kind=AgencyKind.POLICE)
    AgencyFactory(name="Demo Health Trust", kind=AgencyKind.HEALTH)
    return {"worker": worker, "manager": manager, "coordinator": coordinator}


def fill_date(page, field: str, day: datetime.date) -> None:
    """Type a date into the GOV.UK date input (day, month and year boxes) of one field."""
    date_input = page.locator(f"#id_{field}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def fill_child(page, *, forename: str, surname: str, born: datetime.date, nhs: str = "") -> None:
    page.locator("#id_is_born_0").check()
    page.get_by_label("Legal first name").fill(forename)
    page.get_by_label("Legal last name").fill(surname)
    fill_date(page, "date_of_birth", born)
    page.locator("#id_sex_1").check()  # Female
    page.get_by_label("Ethnicity").select_option("WBRI")
    if nhs:
        page.get_by_label("NHS number (optional)").fill(nhs)


def test_social_worker_to_coordinator_queue(page, people):
    from timescales.calendar import add_working_days

    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=1)

    # 1. A child.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Add a child").first.click()
    expect(page.get_by_role("heading", name="Add a child")).to_be_visible()
    assert_no_axe_violations(page)
    fill_child(
        page,
        forename="Amelia",
        surname="Jones",
        born=today.replace(year=today.year - 8),
        nhs=synthetic_nhs_number(501),
    )
    page.get_by_label("Address line 1 (optional)").fill("1 High Street")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Amelia Jones", level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Amelia Jones has been added"
    )
    assert_no_axe_violations(page)

    # 2. Her family: a mother, a brother in the same household, a health visitor.
    page.get_by_role("link", name="Add a family or network member").click()
    assert_no_axe_violations(page)
    page.get_by_label("First name").fill("Sarah")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_label("They have parental responsibility").check()
    page.get_by_label("Phone number (optional)").fill("01632 960123")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#family ~ .app-table-scroll table").first).to_contain_text("Sarah Jones")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a professional").click()
    assert_no_axe_violations(page)
    page.get_by_label("Role").select_option("health_visitor")
    page.get_by_label("Name", exact=True).fill("Hannah Visitor")
    page.get_by_label("Agency (optional)").select_option(label="Demo Health Trust")
    page.get_by_label("Email address").fill("hannah.visitor@health.example")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#professionals ~ .app-table-scroll table").first).to_contain_text(
        "Hannah Visitor"
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a brother or sister").click()
    assert_no_axe_violations(page)
    expect(page.get_by_label("Legal last name")).to_have_value("Jones")
    page.locator("#id_is_born_0").check()
    page.get_by_label("Legal first name").fill("Noah")
    fill_date(page, "date_of_birth", today.replace(year=today.year - 3))
    page.locator("#id_sex_0").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Noah Jones", level=1)).to_be_visible()
    expect(page.get_by_text("Amelia Jones, 8 years old")).to_be_visible()
    assert_no_axe_violations(page)
    amelia = Child.objects.get(legal_forename="Amelia")
    page.goto(f"/children/{amelia.pk}/")
    assert_no_axe_violations(page)

    # 3. A strategy discussion that decides S47 for both children.
    page.get_by_role("link", name="Record a strategy discussion").click()
    expect(page.get_by_role("heading", name="Record a strategy discussion")).to_be_visible()
    assert_no_axe_violations(page)
    fill_date(page, "held_on", held_on)
    page.get_by_label("Time it started").fill("10:30am")
    page.get_by_label("Noah Jones").check()
    page.locator("#id_participants-0-name").fill("DC Amy Ward")
    page.locator("#id_participants-0-agency").select_option(label="Demo Constabulary")
    page.locator("#id_participants-1-name").fill("Sam Worker")
    page.locator("#id_participants-1-agency").select_option(label="Demo Health Trust")
    page.get_by_label("What are the concerns?").fill("Bruising seen at school.")
    page.get_by_label("Start a Section 47 enquiry").check()
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(govuk_date(held_on))
    expect(page.get_by_text("Start a Section 47 enquiry")).to_be_visible()
    assert_no_axe_violations(page)

    # 4. The S47 outcome for each child.
    for name in ("Amelia Jones", "Noah Jones"):
        page.get_by_role("link", name=f"Record the outcome for {name}").click()
        expect(
            page.get_by_role("heading", name="Record the outcome of the Section 47 enquiry")
        ).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_label("An initial child protection conference is needed").check()
        fill_date(page, "concluded_on", today)
        page.get_by_role("button", name="Save the outcome").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"The outcome of {name}'s Section 47 enquiry has been recorded"
        )
        assert_no_axe_violations(page)
        discussion = StrategyDiscussion.objects.get()
        page.goto(f"/children/strategy-discussions/{discussion.pk}/")
        assert_no_axe_violations(page)

    # 5. Amelia's page shows her open deadlines; then the conference request, with the invite
    # list and needs.
    page.goto(f"/children/{amelia.pk}/")
    deadlines = page.locator("#deadlines + .app-table-scroll table")
    expect(deadlines).to_contain_text("Initial conference held")
    expect(deadlines).to_contain_text(govuk_date(add_working_days(held_on, 15)))
    expect(deadlines).to_contain_text("Conference service told an initial conference is needed")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Request a conference").click()
    expect(
        page.get_by_role("heading", name="Request an initial child protection conference")
    ).to_be_visible()
    assert_no_axe_violations(page)
    expect(page.get_by_label("Amelia Jones: Section 47 enquiry", exact=False)).to_be_checked()
    expect(page.get_by_label("Noah Jones: Section 47 enquiry", exact=False)).to_be_checked()
    expect(page.get_by_label("Sarah Jones", exact=False)).to_be_checked()
    page.get_by_label("Some family members need to attend separately").check()
    page.get_by_label("Who needs to attend separately, and why").fill(
        "The parents are separated after domestic abuse."
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your request has been sent to the conference service"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amelia Jones and Noah Jones")
    expect(page.get_by_text("01632 960123")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_no_axe_violations(page)

    # 6. The coordinator's queue, with the ICPC due date: 15 working days from the discussion.
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Conference requests").first.click()
    expect(page.get_by_role("heading", name="Conference requests")).to_be_visible()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Amelia Jones, Noah Jones")
    expect(row).to_contain_text(govuk_date(add_working_days(held_on, 15)))
    expect(row).to_contain_text("Sam Worker")
    assert_no_axe_violations(page)
    row.get_by_role("link").click()
    expect(page.get_by_text("Hannah Visitor")).to_be_visible()
    assert_no_axe_violations(page)


def test_bad_input_is_explained_next_to_the_field_and_a_duplicate_is_offered(page, people):
    today = timezone.localdate()
    existing = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 8),
    )
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto("/children/new/")
    assert_no_axe_violations(page)

    fill_child(
        page,
        forename="Amelia",
        surname="Jones",
        born=today + datetime.timedelta(days=2),
        nhs="9990000017",
    )
    page.get_by_label("Unique Pupil Number (optional)").fill("A999123426001")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_date_of_birth-error")).to_contain_text(
        "Date of birth must be today or in the past"
    )
    expect(page.locator("#id_nhs_number-error")).to_contain_text("Enter a valid NHS number")
    expect(page.locator("#id_upn-error")).to_contain_text("Enter a valid Unique Pupil Number")
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)

    fill_date(page, "date_of_birth", existing.date_of_birth)
    page.get_by_label("NHS number (optional)").fill("")
    page.get_by_label("Unique Pupil Number (optional)").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_date_of_birth-error")).to_contain_text(
        "A child with the same name and date of birth is already recorded"
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Open the record of Amelia Jones").click()
    expect(page).to_have_url(f"{page.url.split('/children/')[0]}/children/{existing.pk}/")
    assert_no_axe_violations(page)
    assert Child.objects.count() == 1


def test_impossible_strategy_and_outcome_dates_are_refused(page, people):
    from tests.factories.children import strategy_discussion

    today = timezone.localdate()
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones")
    sign_in(page, "sw@test.example", TEST_PASSWORD)

    page.goto(f"/children/{child.pk}/strategy-discussions/new/")
    assert_no_axe_violations(page)
    fill_date(page, "held_on", today + datetime.timedelta(days=1))
    page.get_by_label("Time it started").fill("10:30am")
    page.locator("#id_participants-0-name").fill("DC Amy Ward")
    page.locator("#id_participants-0-agency").select_option(label="Demo Constabulary")
    page.get_by_label("What are the concerns?").fill("Bruising.")
    page.get_by_label("Start a Section 47 enquiry").check()
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator("#id_held_on-error")).to_contain_text(
        "Date of the strategy discussion must be today or in the past"
    )
    assert_no_axe_violations(page)
    assert not StrategyDiscussion.objects.exists()

    discussion = strategy_discussion(
        by=people["worker"],
        children=[child],
        when=timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=2), datetime.time(9))
        ),
    )
    enquiry = discussion.s47_enquiries.get()
    page.goto(f"/children/s47-enquiries/{enquiry.pk}/outcome/")
    assert_no_axe_violations(page)
    page.get_by_label("An initial child protection conference is needed").check()
    fill_date(page, "concluded_on", today - datetime.timedelta(days=5))
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator("#id_concluded_on-error")).to_contain_text(
        "Date the enquiry concluded must be on or after the strategy discussion"
    )
    assert_no_axe_violations(page)
    enquiry.refresh_from_db()
    assert enquiry.is_open
