"""A family's request for a change of worker through the child's page (issue 22 item 6): the
social worker records it, only their team manager sees "Decide the request", and agreeing changes
the lead social worker shown on the page."""

from html import unescape

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory
from tests.factories.clock import PINNED

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(team):
    user = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    team.manager = user
    team.save()
    return user


@pytest.fixture
def worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        full_name="Nadia Okafor",
    )


def test_recorded_by_the_worker_and_decided_by_their_team_manager(client, team, worker, manager):
    child = ChildFactory(legal_forename="Oliver", legal_surname="Hughes", lead_social_worker=worker)
    new_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, full_name="Owen Pritchard")
    today = PINNED.date()
    login(client, worker)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    new = reverse("children:change-of-worker-new", args=[child.pk])
    assert new in page
    refused = client.post(new, {"requested_by_name": "", "reason": ""})
    text = unescape(refused.content.decode())
    assert "Enter who asked for a change of worker" in text
    assert "Enter the family's reason for asking" in text
    response = client.post(
        new,
        {
            "requested_by_name": "Gemma Hughes (mother)",
            "requested_on_day": today.day,
            "requested_on_month": today.month,
            "requested_on_year": today.year,
            "reason": "She does not feel listened to.",
        },
    )
    assert response.status_code == 302
    decide = reverse("children:change-of-worker-decide", args=[child.pk])
    assert client.get(decide).status_code == 403
    login(client, UserFactory(roles=[RoleCode.TEAM_MANAGER]))
    assert client.get(decide).status_code == 403
    login(client, manager)
    page = unescape(client.get(reverse("children:detail", args=[child.pk])).content.decode())
    assert "Waiting for the team manager" in page
    assert decide in page
    refused = client.post(decide, {"agreed": "yes", "decision_reason": "Fair."})
    assert "Select the new lead social worker" in unescape(refused.content.decode())
    response = client.post(
        decide,
        {"agreed": "yes", "decision_reason": "A fresh start.", "new_worker": new_worker.pk},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.lead_social_worker == new_worker
    page = unescape(client.get(reverse("children:detail", args=[child.pk])).content.decode())
    assert "Agreed by" in page
    assert "new social worker Owen Pritchard" in page
    assert client.get(decide).status_code == 404
