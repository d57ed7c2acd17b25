"""Django's model permissions are still granted; a name no model permission has is refused without
the two permission queries (accounts.backends, issue 25, ADR 70)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import model_permission_names

pytestmark = pytest.mark.django_db


def test_every_model_permission_in_the_database_is_known_by_name():
    in_database = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert in_database <= model_permission_names()


def test_a_model_permission_is_still_granted_through_a_group_or_directly(make_user):
    user = make_user("team_manager")
    group = Group.objects.create(name="Admin readers")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_team"))
    fresh = type(user).objects.get(pk=user.pk)
    assert fresh.has_perm("accounts.view_user")
    assert fresh.has_perm("accounts.change_team")
    assert not fresh.has_perm("accounts.delete_user")


def test_a_permission_rules_refuses_costs_no_permission_queries(make_user):
    user = make_user("social_worker")
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert not fresh.has_perm("timescales.view_dashboard")
    assert not any("auth_permission" in q["sql"] for q in queries)
    assert "timescales.view_dashboard" not in model_permission_names()
