"""No record of the service can be deleted in the admin (issue 20 item 6): every project model
admin (and inline) refuses deletion and offers no "delete selected"; people, teams, agencies,
venues and anything else with an active flag are deactivated instead. The walk covers every
registered admin, so a new one is checked automatically."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import Team, User
from conferences.models import Venue
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# Other packages' admins: deleting a lockout is how an administrator lifts it (django-axes), and
# deleting an authenticator is how one is reset (django-otp); groups are Django's own.
THIRD_PARTY = {
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
}


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def _project_admins():
    return {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label not in THIRD_PARTY
    }


def test_the_only_admins_that_may_delete_are_other_packages_lockouts_and_devices():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered >= THIRD_PARTY
    assert len(_project_admins()) > 40


def test_no_project_model_admin_or_inline_allows_delete(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    allowing = []
    for label, model_admin in _project_admins().items():
        if model_admin.has_delete_permission(request) or model_admin.has_delete_permission(
            request, obj=object()
        ):
            allowing.append(label)
        if "delete_selected" in model_admin.get_actions(request):
            allowing.append(f"{label}: delete selected")
        for inline in model_admin.get_inline_instances(request):
            if inline.has_delete_permission(request):
                allowing.append(f"{label}: inline {type(inline).__name__}")
    assert allowing == []


def test_models_with_an_active_flag_offer_deactivate(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model in (User, Team, Venue):
        assert "deactivate" in admin.site._registry[model].get_actions(request), model


def test_a_team_is_deactivated_in_the_admin_and_kept_with_its_history(client, superuser):
    team = TeamFactory(is_active=True)
    login(client, superuser)
    response = client.post(
        "/admin/accounts/team/", {"action": "deactivate", "_selected_action": [team.pk]}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.is_active is False
    assert team.history.first().history_user == superuser


def test_the_admin_delete_page_is_refused(client, superuser):
    colleague = UserFactory()
    login(client, superuser)
    assert client.get(f"/admin/accounts/user/{colleague.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/accounts/user/{colleague.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert User.objects.filter(pk=colleague.pk).exists()


def test_every_project_admin_list_opens_for_an_administrator(client, superuser):
    """Each registered list (its columns and filters) renders: a column naming a field that is
    not there would be a 500 for the administrator correcting data."""
    login(client, superuser)
    for label, model_admin in sorted(_project_admins().items()):
        meta = model_admin.model._meta
        response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, label
