"""Failed sign-ins are throttled by django-axes: 10 failures lock the account (by username, not
by IP address: council offices share one) for 30 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings as django_settings
from django.utils import timezone

from accounts.models import RoleCode
from tests.accounts.helpers import password_sign_in

WRONG = "not-the-password-at-all"


def _fail(client, user, times):
    for _ in range(times):
        response = password_sign_in(client, user, password=WRONG)
    return response


def test_the_settings():
    assert django_settings.AXES_ENABLED is not False
    assert django_settings.AXES_FAILURE_LIMIT == 10
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert django_settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert django_settings.AXES_RESET_ON_SUCCESS is True
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in django_settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_wrong_password_says_so_on_the_form(client, social_worker):
    response = password_sign_in(client, social_worker, password=WRONG)
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_even_against_the_right_one(client, social_worker):
    _fail(client, social_worker, 9)
    assert password_sign_in(client, social_worker, password=WRONG).status_code == 429

    response = password_sign_in(client, social_worker)  # the right password, the 11th attempt
    assert response.status_code == 429
    html = response.content.decode()
    assert "Your account is locked for 30 minutes" in html
    assert 'class="govuk-heading-l"' in html  # a GOV.UK page, not a bare message
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_the_lock_is_per_account_not_per_office(client, make_user):
    locked, colleague = make_user(RoleCode.SOCIAL_WORKER), make_user(RoleCode.SOCIAL_WORKER)
    _fail(client, locked, 10)
    assert password_sign_in(client, colleague)["Location"] == "/"  # same IP address


@pytest.mark.django_db
def test_the_account_unlocks_after_the_cool_off(client, social_worker):
    _fail(client, social_worker, 10)
    assert password_sign_in(client, social_worker).status_code == 429
    # Time travel: every attempt was 31 minutes ago.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = password_sign_in(client, social_worker)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_administrator_can_unlock_at_once(client, social_worker):
    _fail(client, social_worker, 10)
    reset(username=social_worker.email)
    assert password_sign_in(client, social_worker)["Location"] == "/"


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_count(client, social_worker):
    _fail(client, social_worker, 9)
    assert password_sign_in(client, social_worker)["Location"] == "/"
    client.post("/sign-out/")
    assert _fail(client, social_worker, 9).status_code == 200
    assert password_sign_in(client, social_worker)["Location"] == "/"


@pytest.mark.django_db
def test_the_test_suites_force_login_is_unaffected(client, social_worker):
    client.force_login(social_worker)
    assert client.get("/").status_code == 200
    assert AccessAttempt.objects.count() == 0
