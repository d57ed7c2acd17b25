"""Login is required on every page except sign-in, the health check and the accessibility statement.

The URL list is generated from the URL configuration, so a new page is covered automatically.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_URL_NAMES = {"sign-in", "healthz", "accessibility-statement", "signed-out", "sign-out"}


def _concrete_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # the admin has its own staff-only login
            yield from _concrete_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name, prefix + str(pattern.pattern)


def _example_path(route: str) -> str:
    """Turn a route like children/<int:pk>/ into a concrete path with harmless example values."""
    import re

    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"<(?:str|slug):[^>]+>", "example", path)
    path = re.sub(r"<[^>]+>", "example", path)
    path = path.lstrip("^").rstrip("$")
    return "/" + path


ALL_ROUTES = sorted(set(_concrete_patterns()))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [r for r in ALL_ROUTES if r[0] not in PUBLIC_URL_NAMES])
def test_anonymous_visitor_is_sent_to_sign_in(client, name, route):
    path = _example_path(route)
    response = client.get(path)
    assert response.status_code == 302, (
        f"{name} ({path}) answered {response.status_code} anonymously"
    )
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sign-in/", "/accessibility-statement/", "/signed-out/"])
def test_public_pages_are_open(client, path):
    assert client.get(path).status_code == 200


def test_every_route_is_known():
    names = {name for name, _ in ALL_ROUTES}
    assert {"home", "healthz", "sign-in", "accessibility-statement"} <= names
