"""Setting up an authenticator app needs a second channel (issue 20, ADR 48): after the password,
a one-time code goes to the user's email address, and only the session that enters it sees the
app's secret. The code expires after 15 minutes, works once, allows 5 wrong tries and is kept
only as a keyed hash."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentCode, RoleCode
from accounts.two_factor import secret_for_display
from tests.accounts.helpers import current_code, emailed_code, password_sign_in, prove_email

EMAIL_CODE = "/account/two-factor/check-your-email/"
ENROL = "/account/two-factor/set-up/"


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def chair(make_user):
    return make_user(RoleCode.CHAIR, full_name="Aoife O'Brien")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def signed_in(client, two_factor_on, chair, capture):
    """The chair after the password step, with the code emailed (the page was opened)."""
    password_sign_in(client, chair)
    with capture(execute=True):
        response = client.get(f"{EMAIL_CODE}?next=/")
    assert response.status_code == 200
    return client


def _secret_shown(html: str) -> bool:
    return 'id="two-factor-secret"' in html or "<svg" in html


@pytest.mark.django_db
def test_a_password_alone_never_shows_the_secret(client, two_factor_on, chair, capture):
    """The finding of issue 20: whoever signed in first with the password got the secret."""
    response = password_sign_in(client, chair)
    assert response["Location"] == f"{ENROL}?next=%2F"
    response = client.get(ENROL, follow=True)
    assert response.redirect_chain == [(f"{EMAIL_CODE}?next=%2F", 302)]
    html = response.content.decode()
    assert "Check your email" in html
    assert not _secret_shown(html)
    assert not TOTPDevice.objects.filter(user=chair).exists()
    # Guessing at the app step does not help either.
    response = client.post(ENROL, {"token": "123456", "next": "/"})
    assert response["Location"].startswith(EMAIL_CODE)
    assert not TOTPDevice.objects.filter(user=chair).exists()


@pytest.mark.django_db
def test_the_code_goes_to_the_users_email_in_plain_text(signed_in, chair):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [chair.email]
    code = emailed_code(mail.outbox)
    assert code not in message.subject  # not on a phone's lock screen
    assert "Dear Aoife O'Brien," in message.body  # plain text is not HTML-escaped
    assert "&#x27;" not in message.body
    assert "15 minutes" in message.body


@pytest.mark.django_db
def test_the_code_is_kept_only_as_a_keyed_hash(signed_in, chair):
    code = emailed_code(mail.outbox)
    row = EnrolmentCode.objects.get(user=chair)
    assert code not in row.code_hash
    import hashlib

    assert row.code_hash != hashlib.sha256(code.encode()).hexdigest()
    assert row.expires_at - row.created_at == timedelta(minutes=15)


@pytest.mark.django_db
def test_the_right_code_opens_set_up_with_a_new_secret(signed_in, chair):
    # A secret drawn before the email step existed (shown to whoever had the password).
    old = TOTPDevice.objects.create(user=chair, name="Authenticator app", confirmed=False)
    response = signed_in.post(EMAIL_CODE, {"code": emailed_code(mail.outbox), "next": "/"})
    assert response["Location"] == f"{ENROL}?next=%2F"
    html = signed_in.get(ENROL).content.decode()
    assert _secret_shown(html)
    device = TOTPDevice.objects.get(user=chair)
    assert device.pk != old.pk
    assert secret_for_display(device) in html
    assert secret_for_display(old) not in html
    # The app is then confirmed as before.
    response = signed_in.post(ENROL, {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_the_proof_belongs_to_the_session_that_gave_it(signed_in, chair):
    """Someone else with the password, in another browser, still gets no secret."""
    signed_in.post(EMAIL_CODE, {"code": emailed_code(mail.outbox), "next": "/"})
    stranger = Client()
    password_sign_in(stranger, chair, address="203.0.113.9")
    response = stranger.get(ENROL)
    assert response["Location"].startswith(EMAIL_CODE)


@pytest.mark.django_db
def test_the_code_expires_after_15_minutes(signed_in, chair, clock):
    code = emailed_code(mail.outbox)
    clock.shift(timedelta(minutes=15, seconds=1))
    response = signed_in.post(EMAIL_CODE, {"code": code, "next": "/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The code has expired or has been used" in html
    assert 'id="id_code-error"' in html
    assert signed_in.get(ENROL)["Location"].startswith(EMAIL_CODE)


@pytest.mark.django_db
def test_the_code_still_works_just_before_15_minutes(signed_in, chair, clock):
    code = emailed_code(mail.outbox)
    clock.shift(timedelta(minutes=14, seconds=59))
    response = signed_in.post(EMAIL_CODE, {"code": code, "next": "/"})
    assert response["Location"].startswith(ENROL)


@pytest.mark.django_db
def test_the_code_works_once(signed_in, chair, capture):
    code = emailed_code(mail.outbox)
    assert signed_in.post(EMAIL_CODE, {"code": code})["Location"].startswith(ENROL)
    signed_in.post("/sign-out/")
    password_sign_in(signed_in, chair)
    # Posting straight away, before the page sends a new one: no live code.
    response = signed_in.post(EMAIL_CODE, {"code": code, "next": "/"})
    assert "The code has expired or has been used" in response.content.decode()
    assert signed_in.get(ENROL)["Location"].startswith(EMAIL_CODE)
    # And once a new code has been sent, the old one is still refused.
    with capture(execute=True):
        signed_in.get(EMAIL_CODE)
    response = signed_in.post(EMAIL_CODE, {"code": code, "next": "/"})
    if emailed_code(mail.outbox) != code:  # 1 in a million, the new code is the same digits
        assert "The code is not right" in response.content.decode()
        assert signed_in.get(ENROL)["Location"].startswith(EMAIL_CODE)


@pytest.mark.django_db
def test_wrong_codes_are_limited_to_5(signed_in, chair):
    code = emailed_code(mail.outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        html = signed_in.post(EMAIL_CODE, {"code": wrong}).content.decode()
        assert f"The code is not right. Check the email and enter the 6-digit code ({left} " in html
    html = signed_in.post(EMAIL_CODE, {"code": wrong}).content.decode()
    assert "entered wrongly too many times. Send a new code" in html
    # Now even the right code is refused.
    response = signed_in.post(EMAIL_CODE, {"code": code})
    assert response.status_code == 200
    assert "The code has expired or has been used" in response.content.decode()
    assert EnrolmentCode.objects.get(user=chair).wrong_attempts == 5
    assert signed_in.get(ENROL)["Location"].startswith(EMAIL_CODE)


@pytest.mark.django_db
def test_not_a_6_digit_code_is_refused_without_using_a_try(signed_in, chair):
    html = signed_in.post(EMAIL_CODE, {"code": "12ab"}).content.decode()
    assert "Enter the 6-digit code from the email" in html
    assert "There is a problem" in html
    html = signed_in.post(EMAIL_CODE, {"code": ""}).content.decode()
    assert "Enter the 6-digit code from the email" in html
    assert EnrolmentCode.objects.get(user=chair).wrong_attempts == 0


@pytest.mark.django_db
def test_opening_the_page_again_does_not_send_another_code(signed_in, chair, capture):
    with capture(execute=True):
        signed_in.get(EMAIL_CODE)
        signed_in.get(EMAIL_CODE)
    assert len(mail.outbox) == 1
    assert EnrolmentCode.objects.filter(user=chair).count() == 1


@pytest.mark.django_db
def test_a_new_code_after_a_minute_replaces_the_old_one(signed_in, chair, clock, capture):
    old = emailed_code(mail.outbox)
    with capture(execute=True):
        html = signed_in.post(EMAIL_CODE, {"send-again": "1"}, follow=True).content.decode()
    assert "Wait a minute before asking for another" in html
    assert len(mail.outbox) == 1

    clock.shift(timedelta(minutes=1))
    with capture(execute=True):
        response = signed_in.post(EMAIL_CODE, {"send-again": "1", "next": "/"})
    assert response["Location"] == f"{EMAIL_CODE}?next=%2F"
    assert len(mail.outbox) == 2
    new = emailed_code(mail.outbox)
    if new != old:  # 1 in a million
        assert "The code is not right" in signed_in.post(EMAIL_CODE, {"code": old}).content.decode()
    assert signed_in.post(EMAIL_CODE, {"code": new})["Location"].startswith(ENROL)


@pytest.mark.django_db
def test_at_most_5_codes_an_hour(signed_in, chair, clock, capture):
    for _ in range(4):
        clock.shift(timedelta(minutes=2))
        with capture(execute=True):
            signed_in.post(EMAIL_CODE, {"send-again": "1"})
    assert len(mail.outbox) == 5
    clock.shift(timedelta(minutes=2))
    with capture(execute=True):
        html = signed_in.post(EMAIL_CODE, {"send-again": "1"}, follow=True).content.decode()
    assert "We have sent you 5 codes in the last hour" in html
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_someone_who_already_has_an_app_is_not_sent_a_code(client, two_factor_on, chair, capture):
    from tests.accounts.helpers import give_app

    give_app(chair)
    password_sign_in(client, chair)
    with capture(execute=True):
        response = client.get(EMAIL_CODE)
    assert response["Location"].startswith("/account/two-factor/verify/")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_mail_server_failure_does_not_make_an_error_page(
    client, two_factor_on, chair, capture, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    password_sign_in(client, chair)
    with capture(execute=True):
        response = client.get(EMAIL_CODE)
    assert response.status_code == 200
    assert EnrolmentCode.objects.filter(user=chair).count() == 1


@pytest.mark.django_db
def test_an_agency_professional_choosing_an_app_also_proves_their_email(
    client, two_factor_on, make_user, capture
):
    user = make_user(RoleCode.AGENCY_PROFESSIONAL)
    password_sign_in(client, user)
    assert client.get(ENROL)["Location"].startswith(EMAIL_CODE)
    prove_email(client, capture)
    assert _secret_shown(client.get(ENROL).content.decode())


# --- A set-up link issued by an administrator, for someone who cannot get the email ----------


@pytest.fixture
def administrator(make_user):
    return make_user(is_staff=True, is_superuser=True)


def _issue_link(client, administrator, user) -> str:
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "issue_enrolment_link", "_selected_action": [user.pk]},
        follow=True,
    )
    html = response.content.decode()
    path = re.search(r"http://testserver(/account/two-factor/set-up-link/[^/]+/)", html).group(1)
    client.logout()
    return path


@pytest.mark.django_db
def test_an_administrators_link_stands_in_for_the_emailed_code(
    client, settings, chair, administrator
):
    path = _issue_link(client, administrator, chair)
    row = EnrolmentCode.objects.get(user=chair)
    assert row.kind == EnrolmentCode.Kind.ADMINISTRATOR_LINK
    assert row.issued_by == administrator
    assert path.rsplit("/", 2)[-2] not in row.code_hash  # kept as a keyed hash

    settings.REQUIRE_TWO_FACTOR = True
    # Opened before signing in: the password first, then straight back to the link.
    assert client.get(path)["Location"].startswith("/sign-in/")
    response = password_sign_in(client, chair, next_url=path)
    assert response["Location"] == path
    response = client.get(path)
    assert response["Location"] == ENROL
    assert _secret_shown(client.get(ENROL).content.decode())
    assert mail.outbox == []  # no email needed


@pytest.mark.django_db
def test_the_link_works_once_for_its_own_account_within_15_minutes(
    client, settings, make_user, chair, administrator, clock
):
    path = _issue_link(client, administrator, chair)
    settings.REQUIRE_TWO_FACTOR = True
    colleague = make_user(RoleCode.CHAIR)
    password_sign_in(client, colleague)
    response = client.get(path)
    assert response.status_code == 404
    assert "is not for the account you signed in with" in response.content.decode()
    assert client.get(ENROL)["Location"].startswith(EMAIL_CODE)
    client.post("/sign-out/")

    clock.shift(timedelta(minutes=15, seconds=1))
    password_sign_in(client, chair)
    assert client.get(path).status_code == 404
    clock.shift(-timedelta(minutes=15, seconds=1))

    assert client.get(path)["Location"] == ENROL
    client.post("/sign-out/")
    password_sign_in(client, chair)
    assert client.get(path).status_code == 404  # used


@pytest.mark.django_db
def test_a_new_link_replaces_the_old_one(client, chair, administrator):
    first = _issue_link(client, administrator, chair)
    second = _issue_link(client, administrator, chair)
    client.force_login(chair)
    assert client.get(first).status_code == 404
    assert client.get(second)["Location"] == ENROL
