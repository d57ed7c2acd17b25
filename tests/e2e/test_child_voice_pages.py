"""The child's voice in a real browser (issue 21): the social worker records two siblings' views
(an empty form is refused beside the field), the chair opens a child's notes, starts the
conference and records how each sibling took part, differently. Every page is checked with axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    booked_conference,
    move_to_today,
    send_invitations,
    send_request,
)
from voice.models import ChildVoice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, email="sw@test.example"
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    today = timezone.localdate()
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 11, day=1),
        lead_social_worker=worker,
    )
    noah = ChildFactory(
        legal_forename="Noah",
        legal_surname="Jones",
        household=amelia.household,
        date_of_birth=today.replace(year=today.year - 3, day=1),
        lead_social_worker=worker,
    )
    mother = PersonFactory(forename="Sarah")
    for child in (amelia, noah):
        FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
    ProfessionalInvolvementFactory(child=amelia, name="Hannah Visitor")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[amelia, noah])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    return move_to_today(conference)


def test_the_social_worker_and_the_chair_record_each_childs_voice(page, conference):
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Each child seen, consulted and heard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The children's voices")
    assert_accessible(page)
    page.get_by_role("link", name="Amelia Jones").click()
    expect(page.get_by_role("button", name="Save the child's views")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save the child's views").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Amelia Jones's views")
    assert_accessible(page)
    page.get_by_label("The child's wishes and feelings, in their own words").fill(
        "I want to stay at my school and see my nan."
    )
    page.get_by_role("button", name="Save the child's views").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The child's views are saved"
    )
    assert_accessible(page)

    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/voice/conferences/{conference.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Your notes for Noah Jones").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The chair's notes: Noah Jones")
    assert_accessible(page)

    page.goto(f"/conferences/{conference.pk}/attendance/")
    assert_accessible(page)
    page.get_by_role("button", name="Start the conference").click()
    expect(page.locator("#quoracy")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_parents_met_chair_beforehand_0").check()
    page.locator("fieldset", has_text="How did Amelia Jones take part?").get_by_label(
        "Took part through an advocate"
    ).check()
    page.locator("fieldset", has_text="How did Noah Jones take part?").get_by_label(
        "Did not take part"
    ).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why Noah Jones did not take part"
    )
    assert_accessible(page)
    page.get_by_label("Why did Noah Jones not take part? (if they did not)").fill("Noah is 3.")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The attendance is saved")
    assert_accessible(page)
    voices = {v.child.legal_forename: v for v in ChildVoice.objects.select_related("child")}
    assert voices["Amelia"].participation == "advocate"
    assert voices["Noah"].participation == "did_not_take_part"
    assert voices["Amelia"].views.startswith("I want to stay")
