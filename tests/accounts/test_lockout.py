"""Failed sign-ins are throttled by django-axes (ADR 26, ADR 48): 10 failures for one account from
one address lock that account from that address for 30 minutes. A stranger at another address
cannot lock a colleague out, an office's shared address does not lock the whole office, and the
account's owner is emailed when it happens."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from accounts.models import LockoutNotice, RoleCode
from tests.accounts.helpers import password_sign_in

WRONG = "not-the-password-at-all"
STRANGER = "203.0.113.9"  # TEST-NET-3: somewhere else on the internet
OFFICE = "198.51.100.20"


def _fail(client, user, times, address="127.0.0.1"):
    for _ in range(times):
        response = password_sign_in(client, user, password=WRONG, address=address)
    return response


def test_the_settings():
    assert django_settings.AXES_ENABLED is not False
    assert django_settings.AXES_FAILURE_LIMIT == 10
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    # Changed by issue 20: the account and the address together, not the account alone.
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
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
    # Wording changed by issue 20: locked from this computer or network, not everywhere.
    assert "locked for 30 minutes" in html
    assert "from this computer or network" in html
    assert 'class="govuk-heading-l"' in html  # a GOV.UK page, not a bare message
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_stranger_elsewhere_cannot_lock_a_colleague_out(client, social_worker):
    """The finding of issue 20: 10 requests from anywhere locked any account for 30 minutes."""
    _fail(client, social_worker, 10, address=STRANGER)
    assert password_sign_in(client, social_worker, address=STRANGER).status_code == 429
    # The colleague, at their own address, signs in as usual.
    response = password_sign_in(client, social_worker, address=OFFICE)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_lock_is_per_account_not_per_office(client, make_user):
    locked, colleague = make_user(RoleCode.SOCIAL_WORKER), make_user(RoleCode.SOCIAL_WORKER)
    _fail(client, locked, 10, address=OFFICE)
    assert password_sign_in(client, colleague, address=OFFICE)["Location"] == "/"


@pytest.mark.django_db
def test_the_owner_is_emailed_once_when_the_account_is_locked(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user(RoleCode.SOCIAL_WORKER, full_name="Siobhan O'Brien")
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, user, 9, address=STRANGER)
    assert mail.outbox == []  # 9 failures: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, user, 5, address=STRANGER)  # the 10th locks; the rest try again
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Sign-in to your account was locked"
    assert "Dear Siobhan O'Brien," in message.body  # plain text, not HTML-escaped
    assert "&#x27;" not in message.body
    assert "30 minutes" in message.body
    # Minimum personal data: not the address the attempts came from, no password.
    assert STRANGER not in message.body
    assert WRONG not in message.body
    assert LockoutNotice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_locked_address_no_account_has_is_emailed_nothing(
    client, django_capture_on_commit_callbacks
):
    from tests.factories.accounts import UserFactory

    nobody = UserFactory.build(email="nobody@test.example")  # never saved
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, nobody, 11, address=STRANGER)
    assert mail.outbox == []


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
