"""CSRF on every form (issue 9 part 5), generated from the URL configuration.

Approach: every URL pattern the project defines (the admin apart: Django's own, covered by one
check of its login) is resolved to a concrete path with example values, exactly as
test_access_by_default does, and POSTed to with `Client(enforce_csrf_checks=True)` and no token:

- signed in as one user holding every role, so LoginRequiredMiddleware lets the request through
  to the CSRF check whatever the view is (a coordinator, a chair and a social worker at once);
- the public pages (sign-in, sign-out...) anonymously.

Every one must answer 403 *from the CSRF check*: the `django.security.csrf` logger records the
refusal, so a 403 from a permission rule, or a GET-only view's 405, does not pass by accident.
CsrfViewMiddleware runs before any view, so GET-only views answer 403 too; that is the
expected, safe answer. As a control, the same POST with a valid token is not refused by the CSRF
check, so the test proves the token (and only the token) is what was missing. No view is marked
csrf_exempt; a new page is covered automatically.
"""

import logging

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from accounts.models import RoleCode
from tests.auth import login
from tests.core.test_access_by_default import ALL_ROUTES, PUBLIC_URL_NAMES, _example_path
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

CSRF_LOGGER = "django.security.csrf"


@pytest.fixture
def everyone(db):
    """One user with every role, so no page turns them away before the CSRF check."""
    return UserFactory(roles=list(RoleCode.values))


def _client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        login(client, user)
    return client


def _csrf_refusals(caplog):
    return [r for r in caplog.records if r.name == CSRF_LOGGER]


@pytest.mark.parametrize(("name", "route"), ALL_ROUTES)
def test_a_post_without_a_token_is_refused(caplog, everyone, name, route):
    path = _example_path(route)
    client = _client(None if name in PUBLIC_URL_NAMES else everyone)
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        response = client.post(path, {"action": "save"})
    assert response.status_code == 403, f"{name} ({path}) answered {response.status_code}"
    assert _csrf_refusals(caplog), f"{name} ({path}) was refused, but not by the CSRF check"


@pytest.mark.parametrize(("name", "route"), ALL_ROUTES)
def test_the_same_post_with_a_token_passes_the_csrf_check(caplog, everyone, name, route):
    path = _example_path(route)
    client = _client(None if name in PUBLIC_URL_NAMES else everyone)
    request = RequestFactory().get("/")
    token = get_token(request)  # the masked form token; the cookie holds the secret
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        client.post(path, {"action": "save", "csrfmiddlewaretoken": token})
    assert not _csrf_refusals(caplog), f"{name} ({path}) refused a valid token"


def test_the_admin_login_needs_a_token(caplog):
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        response = _client().post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert _csrf_refusals(caplog)


def test_no_view_is_csrf_exempt():
    from django.urls import get_resolver

    def callbacks(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from callbacks(pattern)
            else:
                yield pattern

    exempt = [
        p.name
        for p in callbacks(get_resolver())
        if getattr(p.callback, "csrf_exempt", False)
        and not p.callback.__module__.startswith("django.contrib.admin")
    ]
    assert exempt == []
