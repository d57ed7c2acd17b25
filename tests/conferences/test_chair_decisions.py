"""The chair's decisions before a conference: a child's attendance, an observer (only with the
family's agreement), a professionals-only slot. Only the conference's chair records them."""

import pytest

from accounts.models import RoleCode
from conferences import services
from conferences.models import ChairDecision, ChairDecisionKind
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory
from tests.factories.conferences import booked_conference
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@shareable
def conference(conference_request, coordinator, chair):
    return booked_conference(request=conference_request, coordinator=coordinator, chair=chair)


def test_the_chair_records_a_childs_attendance(conference, chair, household):
    decision = services.record_chair_decision(
        conference=conference,
        by=chair,
        kind=ChairDecisionKind.CHILD_ATTENDANCE,
        agreed=True,
        reason="Amelia wants to say what she thinks; she will attend the first part.",
        child=household["amelia"],
    )
    assert decision.decided_by == chair and decision.child == household["amelia"]
    assert decision.history.latest().history_user == chair


def test_a_childs_attendance_needs_a_child_of_the_conference(conference, chair):
    for child in (None, ChildFactory()):
        with pytest.raises(services.ConferenceBookingError) as error:
            services.record_chair_decision(
                conference=conference,
                by=chair,
                kind=ChairDecisionKind.CHILD_ATTENDANCE,
                agreed=True,
                reason="Wants to attend",
                child=child,
            )
        assert error.value.field == "child"
    assert not ChairDecision.objects.exists()


def test_only_the_conferences_chair_records_decisions(conference, coordinator):
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    for user in (other_chair, coordinator):
        with pytest.raises(services.ConferenceBookingError, match="Only the conference's chair"):
            services.record_chair_decision(
                conference=conference,
                by=user,
                kind=ChairDecisionKind.PROFESSIONAL_SLOT,
                agreed=True,
                reason="Police information",
                about="Police intelligence",
            )
    assert not ChairDecision.objects.exists()


def test_an_observer_is_refused_without_the_familys_agreement(conference, chair):
    base = {
        "conference": conference,
        "by": chair,
        "kind": ChairDecisionKind.OBSERVER,
        "reason": "A student social worker learning about conferences",
    }
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_chair_decision(**base, agreed=True, about="", requested_by="SW")
    assert error.value.field == "about"
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_chair_decision(**base, agreed=True, about="Student", requested_by="")
    assert error.value.field == "requested_by"
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_chair_decision(
            **base, agreed=True, about="Sam Student", requested_by="Team manager"
        )
    assert error.value.field == "family_agreed"
    with pytest.raises(services.ConferenceBookingError, match="only come if the family agrees"):
        services.record_chair_decision(
            **base,
            agreed=True,
            about="Sam Student, student social worker",
            requested_by="Team manager",
            family_agreed=False,
        )
    assert not ChairDecision.objects.exists()
    # Not agreed, because the family did not agree: recorded.
    services.record_chair_decision(
        **base,
        agreed=False,
        about="Sam Student, student social worker",
        requested_by="Team manager",
        family_agreed=False,
    )
    agreed = services.record_chair_decision(
        **base,
        agreed=True,
        about="Sam Student, student social worker",
        requested_by="Team manager",
        family_agreed=True,
    )
    assert agreed.family_agreed is True and agreed.agreed is True
    assert ChairDecision.objects.count() == 2


def test_a_professional_slot_needs_what_it_is_for_and_a_reason(conference, chair):
    base = {"conference": conference, "by": chair, "kind": ChairDecisionKind.PROFESSIONAL_SLOT}
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_chair_decision(**base, agreed=True, reason="x", about="")
    assert error.value.field == "about"
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_chair_decision(**base, agreed=True, reason=" ", about="Police")
    assert error.value.field == "reason"


def test_the_chair_decisions_page(client, conference, chair, coordinator):
    url = f"/conferences/{conference.pk}/chair-decisions/"
    login(client, coordinator)
    page = client.get(url)
    assert page.status_code == 200 and "Record the decision" not in page.content.decode()
    assert client.post(url, {"kind": "professional_slot"}).status_code == 403
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    login(client, other_chair)
    assert client.get(url).status_code == 403

    login(client, chair)
    response = client.post(
        url,
        {
            "kind": "observer",
            "about": "Sam Student",
            "requested_by": "Team manager",
            "family_agreed": "no",
            "agreed": "yes",
            "reason": "Learning",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "only come if the family agrees" in body
    assert "Sam Student" in body  # what was typed is kept
    response = client.post(
        url,
        {
            "kind": "observer",
            "about": "Sam Student",
            "requested_by": "Team manager",
            "family_agreed": "yes",
            "agreed": "yes",
            "reason": "Learning",
        },
    )
    assert response.status_code == 302
    assert "Sam Student" in client.get(url).content.decode()
    assert ChairDecision.objects.get().decided_by == chair
