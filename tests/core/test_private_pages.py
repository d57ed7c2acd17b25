"""Every page that needs sign-in answers `Cache-Control: no-store, private`, whatever it answers
(a page, a refusal, a not-found, a download), so no browser or proxy keeps a copy of a page about
a child (issue 20 item 6). The URL list comes from the URL configuration."""

import pytest

from accounts.models import RoleCode
from tests.auth import login
from tests.factories.accounts import UserFactory

from .test_access_by_default import ALL_ROUTES, PUBLIC_URL_NAMES, _example_path

pytestmark = pytest.mark.django_db

PRIVATE = "no-store, private"


def test_every_signed_in_page_is_not_stored(client):
    login(client, UserFactory(roles=list(RoleCode)))
    wrong = []
    for name, route in ALL_ROUTES:
        if name in PUBLIC_URL_NAMES:
            continue
        path = _example_path(route)
        response = client.get(path)
        if response.get("Cache-Control") != PRIVATE:
            wrong.append(f"{name} {path} {response.status_code}: {response.get('Cache-Control')}")
    assert wrong == []


def test_pages_that_answer_normally_are_not_stored(client):
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER, RoleCode.CONFERENCE_COORDINATOR]))
    for path in ("/", "/children/", "/children/new/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == PRIVATE, path


def test_a_signed_out_visitor_sent_to_sign_in_is_not_stored_either(client):
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Cache-Control"] == PRIVATE


def test_the_public_pages_are_left_to_themselves(client):
    response = client.get("/accessibility-statement/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
