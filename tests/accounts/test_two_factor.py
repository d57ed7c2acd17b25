"""Two-factor sign-in (ADR 26): a staff user reaches nothing but the sign-in steps until they have
given a code from their authenticator app or a recovery code."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import ALLOWED_URL_NAMES
from accounts.models import STAFF_ROLES, RoleCode
from tests.accounts.helpers import (
    codes_on_page,
    current_code,
    give_app,
    password_sign_in,
    prove_email,
)
from tests.core.test_access_by_default import ALL_ROUTES, _example_path

EMAIL_CODE = "/account/two-factor/check-your-email/"
ENROL = "/account/two-factor/set-up/"
VERIFY = "/account/two-factor/verify/"
RECOVERY = "/account/two-factor/recovery-codes/"

GUARDED_ROUTES = [r for r in ALL_ROUTES if r[0] not in ALLOWED_URL_NAMES]


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def no_throttle(settings):
    """django-otp slows guessing: after a wrong code a device refuses every code for 1 second,
    then 2, 4, 8... Tests that enter a right code straight after a wrong one turn that off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def chair(make_user):
    return make_user(RoleCode.CHAIR)


def test_the_setting_is_on_by_default_and_off_for_tests_and_make_run():
    from config.settings import base, local, test

    assert base.REQUIRE_TWO_FACTOR is True or base.env("REQUIRE_TWO_FACTOR") is not None
    assert test.REQUIRE_TWO_FACTOR is False
    assert local.REQUIRE_TWO_FACTOR is False or local.env("REQUIRE_TWO_FACTOR") is not None


def test_every_staff_role_is_forced_and_outsiders_are_not():
    from accounts.two_factor import two_factor_required

    class FakeUser:
        is_authenticated = True
        is_staff = False
        is_superuser = False

        def __init__(self, codes):
            self.role_codes = frozenset(codes)

    for role in STAFF_ROLES:
        assert two_factor_required(FakeUser({role}))
    assert not two_factor_required(FakeUser({RoleCode.AGENCY_PROFESSIONAL}))
    assert not two_factor_required(FakeUser({RoleCode.ENQUIRER}))
    assert two_factor_required(FakeUser({RoleCode.ENQUIRER, RoleCode.SOCIAL_WORKER}))


@pytest.mark.django_db
def test_password_sign_in_sends_a_staff_user_without_an_app_to_enrolment(
    client, two_factor_on, social_worker
):
    response = password_sign_in(client, social_worker, next_url="/children/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fchildren%2F"
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_sign_in_sends_a_staff_user_with_an_app_to_verify(
    client, two_factor_on, social_worker
):
    give_app(social_worker)
    response = password_sign_in(client, social_worker)
    assert response["Location"] == f"{VERIFY}?next=%2F"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), GUARDED_ROUTES)
def test_no_page_is_reachable_with_a_password_alone(client, two_factor_on, chair, name, route):
    """Generated from the URL configuration, like test_access_by_default: a new page is covered."""
    client.force_login(chair)  # a password sign-in: authenticated, no second factor
    path = _example_path(route)
    for response in (client.get(path), client.post(path, {})):
        assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
        assert response["Location"].startswith(f"{ENROL}?next="), (
            f"{name} ({path}) sent a password-only user to {response['Location']}"
        )


@pytest.mark.django_db
def test_with_an_app_every_page_sends_to_verify(client, two_factor_on, chair):
    give_app(chair)
    client.force_login(chair)
    for name, route in GUARDED_ROUTES:
        response = client.get(_example_path(route))
        assert response["Location"].startswith(f"{VERIFY}?next="), name


@pytest.mark.django_db
def test_the_admin_site_needs_the_second_factor_too(client, two_factor_on, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response["Location"].startswith(f"{ENROL}?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/healthz", "/accessibility-statement/", "/signed-out/", EMAIL_CODE, "/account/keep-alive/"],
)
def test_the_sign_in_steps_stay_open(client, two_factor_on, chair, path):
    client.force_login(chair)
    response = client.get(path)
    assert response.status_code in {200, 204}, path


@pytest.mark.django_db
def test_sign_out_stays_open(client, two_factor_on, chair):
    client.force_login(chair)
    response = client.post("/sign-out/")
    assert response["Location"] == reverse("signed-out")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_set_up_asks_for_the_emailed_code_first(client, two_factor_on, chair):
    client.force_login(chair)
    response = client.get(ENROL)
    assert response["Location"] == f"{EMAIL_CODE}?next=%2F"
    assert not TOTPDevice.objects.filter(user=chair).exists()


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_the_secret(
    client, two_factor_on, chair, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    prove_email(client, django_capture_on_commit_callbacks)
    html = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=chair, confirmed=False)
    assert "<svg" in html and "QR code for your authenticator app" in html
    from accounts.two_factor import secret_for_display

    assert secret_for_display(device) in html
    # A refresh shows the same secret rather than a new one.
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=chair).count() == 1


@pytest.mark.django_db
def test_enrolment_refuses_a_wrong_code_next_to_the_field(
    client, two_factor_on, chair, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    prove_email(client, django_capture_on_commit_callbacks)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=chair)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"token": wrong, "next": "/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_token-error"' in html
    assert "The code is not right" in html
    assert "There is a problem" in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith(ENROL)

    response = client.post(ENROL, {"token": "12ab"})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


@pytest.mark.django_db
def test_enrolment_with_the_right_code_shows_ten_recovery_codes_once(
    client, two_factor_on, chair, django_capture_on_commit_callbacks
):
    password_sign_in(client, chair)
    prove_email(client, django_capture_on_commit_callbacks)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=chair)
    response = client.post(ENROL, {"token": current_code(device), "next": "/children/"})
    assert response.status_code == 302
    assert response["Location"] == f"{RECOVERY}?next=%2Fchildren%2F"
    device.refresh_from_db()
    assert device.confirmed

    html = client.get(response["Location"]).content.decode()
    codes = codes_on_page(html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "I have saved these codes" in html
    assert 'href="/children/"' in html
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=chair).values_list("token", flat=True)
    )
    # Shown once.
    assert codes_on_page(client.get(RECOVERY).content.decode()) == []
    # Verified: the service is open.
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_verify_with_a_code_from_the_app(client, two_factor_on, no_throttle, chair):
    device, _ = give_app(chair)
    password_sign_in(client, chair)
    response = client.post(VERIFY, {"token": "000000", "next": "/"})
    if response.status_code == 302:  # 1 in a million: 000000 was the right code
        return
    assert "The code is not right" in response.content.decode()
    assert client.get("/").status_code == 302
    response = client.post(VERIFY, {"token": current_code(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, two_factor_on, no_throttle, chair):
    _, codes = give_app(chair)
    password_sign_in(client, chair)
    response = client.post(VERIFY, {"token": codes[0].upper(), "next": "/"})
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "You used a recovery code" in home.content.decode()
    assert StaticToken.objects.filter(device__user=chair).count() == 9

    client.post("/sign-out/")
    password_sign_in(client, chair)
    response = client.post(VERIFY, {"token": codes[0], "next": "/"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": codes[1], "next": "/"})["Location"] == "/"


@pytest.mark.django_db
def test_guessing_is_slowed_down(client, two_factor_on, chair):
    device, _ = give_app(chair)
    password_sign_in(client, chair)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": current_code(device)})
    assert response.status_code == 200  # refused for a moment, even the right code
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


@pytest.mark.django_db
def test_verify_does_not_follow_a_next_to_another_site(client, two_factor_on, chair):
    _, codes = give_app(chair)
    password_sign_in(client, chair)
    response = client.post(VERIFY, {"token": codes[0], "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_verify_goes_home_for_a_next_that_is_a_bare_word_not_a_500(client, two_factor_on, chair):
    """redirect() would reverse a bare word as a view name (issue 20: no input makes a 500)."""
    _, codes = give_app(chair)
    password_sign_in(client, chair)
    response = client.post(VERIFY, {"token": codes[0], "next": "99999999999999999999"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, two_factor_on, chair):
    _, old = give_app(chair)
    password_sign_in(client, chair)
    client.post(VERIFY, {"token": old[0], "next": "/"})
    response = client.post("/account/two-factor/new-recovery-codes/")
    new = codes_on_page(client.get(response["Location"]).content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=chair, token=old[1]).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [RoleCode.AGENCY_PROFESSIONAL, RoleCode.ENQUIRER])
def test_agency_professionals_and_enquirers_are_offered_it_but_not_forced(
    client, two_factor_on, make_user, role
):
    user = make_user(role)
    response = password_sign_in(client, user)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    account = client.get("/account/").content.decode()
    assert "Set up two-factor sign-in" in account


@pytest.mark.django_db
def test_an_agency_professional_who_chose_an_app_must_use_it(client, two_factor_on, make_user):
    user = make_user(RoleCode.AGENCY_PROFESSIONAL)
    give_app(user)
    response = password_sign_in(client, user)
    assert response["Location"].startswith(VERIFY)
    assert client.get("/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_with_the_setting_off_a_password_is_enough(client, settings, chair):
    settings.REQUIRE_TWO_FACTOR = False
    response = password_sign_in(client, chair)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_request_carries_the_user_itself_with_its_second_factor_state(client, chair):
    """SignedInUserMiddleware (issue 25): no lazy proxies left on request.user, and django-otp's
    answers are still on the user."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import LazyObject

    from accounts.models import User

    response = client.get(reverse("sign-in"))
    assert type(response.wsgi_request.user) is AnonymousUser
    client.force_login(chair)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User and not isinstance(user, LazyObject)
    assert user.pk == chair.pk and user.is_verified() is False and user.otp_device is None
