"""The menu shows what user.has_perm allows (issue 25, ADR 70), without the two queries Django's
ModelBackend made for the model permissions it never grants here."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import navigation

pytestmark = pytest.mark.django_db


def test_no_menu_permission_is_a_model_permission():
    for permission in navigation.permissions():
        app_label, codename = permission.split(".", 1)
        assert not Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), permission


@pytest.mark.parametrize("superuser", [False, True])
def test_the_menu_shows_what_has_perm_allows(make_user, superuser):
    user = make_user("team_manager")
    user.is_superuser = superuser
    user.save()
    expected = [
        item.label
        for item in sorted(navigation._items, key=lambda i: (i.order, i.label))
        if user.has_perm(item.permission)
    ]
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        shown = [item["text"] for item in navigation.items_for(fresh, "home")]
    assert shown == expected
    assert not any("auth_permission" in q["sql"] for q in queries)


def test_a_social_workers_menu(social_worker):
    shown = {item["text"]: item for item in navigation.items_for(social_worker, "home")}
    assert shown["Home"]["current"] and shown["Home"]["href"] == "/"
    assert "Find a child" in shown
