"""Feedback forms: invited professionals give their own (or anonymously); the coordinator enters
a family member's paper form; nobody else. Synthetic data only."""

import pytest

from accounts.models import RoleCode
from reports import services
from reports.models import ConferenceFeedback
from reports.services import ReportError
from tests.factories.accounts import UserFactory
from tests.factories.children import enquiries_needing_conference
from tests.factories.conferences import send_request
from tests.factories.reports import held_conference
from tests.shared_world import shareable


@shareable
def held(worker, coordinator, chair, children, agency_user):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference, _ = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=UserFactory(roles=[RoleCode.MINUTE_TAKER]),
        professionals=[agency_user],
        slot=False,
    )
    return conference


def test_invited_professional_gives_feedback(held, agency_user):
    feedback = services.record_feedback(
        conference=held, by=agency_user, understood=4, listened_to=5, went_well="Clear chairing"
    )
    assert feedback.from_family is False and feedback.invitation.user == agency_user
    anonymous = services.record_feedback(
        conference=held, by=agency_user, understood=2, listened_to=3, anonymous=True
    )
    assert anonymous.is_anonymous
    assert feedback.history.count() == 1


def test_coordinator_enters_family_paper_form(held, coordinator):
    mother = held.invitations.get(kind="family")
    feedback = services.record_feedback(
        conference=held,
        by=coordinator,
        understood=3,
        listened_to=2,
        could_be_better="Too many people in the room",
        invitation=mother,
    )
    assert feedback.from_family is True and feedback.entered_by == coordinator


@pytest.mark.parametrize("scores", [(0, 3), (3, 6), (None, 3)])
def test_scores_must_be_1_to_5(held, agency_user, scores):
    with pytest.raises(ReportError) as error:
        services.record_feedback(
            conference=held, by=agency_user, understood=scores[0], listened_to=scores[1]
        )
    assert error.value.field in ("understood", "listened_to")
    assert not ConferenceFeedback.objects.exists()


def test_uninvited_people_cannot_give_feedback(held, worker):
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    for user in (stranger, worker):
        with pytest.raises(ReportError, match="Only people invited"):
            services.record_feedback(conference=held, by=user, understood=3, listened_to=3)


def test_feedback_permissions(held, agency_user, coordinator, chair, qa_manager):
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    assert agency_user.has_perm("reports.give_feedback", held)
    assert coordinator.has_perm("reports.give_feedback", held)
    assert not stranger.has_perm("reports.give_feedback", held)
    for user in (chair, coordinator, qa_manager):
        assert user.has_perm("reports.view_feedback", held)
    assert not agency_user.has_perm("reports.view_feedback", held)
