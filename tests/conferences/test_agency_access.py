"""Agency professionals reach only the conferences they are invited to: another conference, a
child's record or a request, opened by guessing its number, is refused (403 or 404) and the page
never carries the data."""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from children.models import NamedAccess, Relationship
from conferences import selectors
from conferences.models import Invitation, InviteeKind
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request, working_day_at
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


def _conference_for(child, *, worker, coordinator, chair, days_ahead):
    FamilyLinkFactory(child=child, person=PersonFactory(), relationship=Relationship.MOTHER)
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=working_day_at(days_ahead)
    )


def _invite(conference, user, child):
    involvement = ProfessionalInvolvementFactory(child=child, user=user, name="")
    return Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        involvement=involvement,
        user=user,
        name=user.full_name,
        connection="Health visitor",
        email=user.email,
        method="email",
    )


@shareable
def two_conferences(worker, coordinator, chair, minute_taker):
    mine = ChildFactory(legal_forename="Ava", legal_surname="Invited", lead_social_worker=worker)
    other = ChildFactory(legal_forename="Zara", legal_surname="Secret", lead_social_worker=worker)
    return (
        mine,
        other,
        _conference_for(mine, worker=worker, coordinator=coordinator, chair=chair, days_ahead=6),
        _conference_for(other, worker=worker, coordinator=coordinator, chair=chair, days_ahead=7),
    )


@shareable
def health_visitor(db):
    return UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], full_name="Hana Visitor")


def test_an_invited_professional_opens_their_conference(client, two_conferences, health_visitor):
    mine, _other, conference, _ = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    response = client.get(reverse("conferences:conference", args=[conference.pk]))
    assert response.status_code == 200
    assert "Ava Invited" in response.content.decode()


def test_another_conference_by_its_number_is_not_found(client, two_conferences, health_visitor):
    mine, _other, conference, other_conference = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    response = client.get(reverse("conferences:conference", args=[other_conference.pk]))
    assert response.status_code in (403, 404)
    assert "Zara" not in response.content.decode()


def test_a_withdrawn_invitation_closes_the_conference(client, two_conferences, health_visitor):
    mine, _other, conference, _ = two_conferences
    invitation = _invite(conference, health_visitor, mine)
    invitation.is_active = False
    invitation.save()
    client.force_login(health_visitor)
    response = client.get(reverse("conferences:conference", args=[conference.pk]))
    assert response.status_code in (403, 404)
    assert "Ava" not in response.content.decode()


@pytest.mark.parametrize("which", ["mine", "other"])
def test_children_records_are_not_opened_by_url(client, two_conferences, health_visitor, which):
    """Being invited to a conference is not access to the child's social care record."""
    mine, other, conference, _ = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    child = mine if which == "mine" else other
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code in (403, 404)
    assert child.legal_surname not in response.content.decode()


def test_the_request_behind_a_conference_is_not_opened(client, two_conferences, health_visitor):
    mine, _other, conference, other_conference = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    for request_pk in (conference.request_id, other_conference.request_id):
        response = client.get(reverse("conferences:request", args=[request_pk]))
        assert response.status_code in (403, 404)
        assert "Invited" not in response.content.decode()
        assert "Secret" not in response.content.decode()


def test_the_conference_list_and_queue_are_refused(client, two_conferences, health_visitor):
    mine, _other, conference, _ = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    for name in ("conferences:conference-list", "conferences:request-queue"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Secret" not in response.content.decode()


def test_a_restricted_child_hides_the_conference_unless_named(two_conferences, health_visitor):
    mine, _other, conference, _ = two_conferences
    _invite(conference, health_visitor, mine)
    mine.is_restricted = True
    mine.save()
    assert not selectors.conferences_visible_to(health_visitor).filter(pk=conference.pk).exists()
    NamedAccess.objects.create(child=mine, user=health_visitor, reason="Named by the manager")
    assert selectors.conferences_visible_to(health_visitor).filter(pk=conference.pk).exists()


def test_internal_timescales_and_the_request_link_are_not_shown_to_agencies(
    client, two_conferences, health_visitor
):
    mine, _other, conference, _ = two_conferences
    _invite(conference, health_visitor, mine)
    client.force_login(health_visitor)
    page = client.get(reverse("conferences:conference", args=[conference.pk])).content.decode()
    assert "Timescales" not in page
    assert reverse("conferences:request", args=[conference.request_id]) not in page


def test_the_childrens_social_worker_opens_the_conference(client, two_conferences, worker):
    _mine, _other, conference, _ = two_conferences
    client.force_login(worker)
    response = client.get(reverse("conferences:conference", args=[conference.pk]))
    assert response.status_code == 200
