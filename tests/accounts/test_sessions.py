"""Sessions end after 30 minutes without a request, with a warning first; a user can end all of
their sessions at once; passwords follow Django's validators."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import RoleCode
from config.settings.base import BASE_DIR


def test_sessions_expire_after_30_minutes_of_inactivity():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_REFRESH_SECONDS == 60
    assert "accounts.middleware.SessionActivityMiddleware" in django_settings.MIDDLEWARE


@pytest.mark.django_db
def test_activity_pushes_the_end_back(client, social_worker, settings):
    settings.SESSION_REFRESH_SECONDS = 0  # as if a minute had passed since the last write
    client.force_login(social_worker)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    assert Session.objects.get(pk=key).expire_date > timezone.now() + timedelta(minutes=29)


@pytest.mark.django_db
def test_a_page_straight_after_another_does_not_rewrite_the_session(
    client, social_worker, django_assert_max_num_queries
):
    client.force_login(social_worker)
    with django_assert_max_num_queries(50) as captured:
        client.get("/account/")
    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in captured)


@pytest.mark.django_db
def test_the_warning_counts_from_the_last_write(client, social_worker):
    client.force_login(social_worker)
    session = client.session
    session["accounts.activity"] -= 30  # written 30 seconds ago: not written again now
    session.save()
    html = client.get("/").content.decode()
    left = int(re.search(r'data-session-timeout="(\d+)"', html).group(1))
    assert 1800 - 32 <= left <= 1800 - 29


@pytest.mark.django_db
def test_the_page_tells_the_script_when_the_session_ends(client, social_worker):
    client.force_login(social_worker)
    html = client.get("/").content.decode()
    assert int(re.search(r'data-session-timeout="(\d+)"', html).group(1)) in {1799, 1800}
    assert 'data-keep-alive-url="/account/keep-alive/"' in html
    assert 'id="session-timeout-dialog"' in html
    assert "You&#x27;ll be signed out soon" in html or "You'll be signed out soon" in html
    assert "Stay signed in" in html


@pytest.mark.django_db
def test_no_timeout_for_anonymous_visitors(client):
    html = client.get("/sign-in/").content.decode()
    assert "data-session-timeout" not in html
    assert "session-timeout-dialog" not in html


def test_the_timeout_script_is_a_module_not_inline_script():
    base = (BASE_DIR / "templates" / "base.html").read_text()
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", base))
    app = (BASE_DIR / "static" / "js" / "app.mjs").read_text()
    assert "./session_timeout.mjs" in app
    assert (BASE_DIR / "static" / "js" / "session_timeout.mjs").exists()


@pytest.mark.django_db
def test_keep_alive_needs_sign_in(client):
    response = client.get("/account/keep-alive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_keep_alive_renews_the_session(client, social_worker):
    client.force_login(social_worker)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/account/keep-alive/").status_code == 204
    expires = Session.objects.get(pk=key).expire_date
    assert expires > timezone.now() + timedelta(minutes=29)


@pytest.mark.django_db
def test_an_expired_session_is_signed_out(client, social_worker):
    client.force_login(social_worker)
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_the_timed_out_page_says_why(client):
    html = client.get("/signed-out/?reason=inactive").content.decode()
    assert "You have been signed out" in html
    assert "30 minutes" in html


@pytest.mark.django_db
def test_signing_out_after_the_session_ended_lands_on_the_page_that_says_why(client):
    """The timeout warning's form is sent as the session ends; the user has no session by then."""
    response = client.post("/sign-out/", {"next": "/signed-out/?reason=inactive"})
    assert response.status_code == 302
    assert response["Location"] == "/signed-out/?reason=inactive"


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_session_of_the_user_only(make_user):
    user = make_user(RoleCode.SOCIAL_WORKER)
    colleague = make_user(RoleCode.SOCIAL_WORKER)
    laptop, phone, other = Client(), Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    other.force_login(colleague)
    assert phone.get("/").status_code == 200

    html = laptop.get("/account/").content.decode()
    assert "Sign out everywhere" in html
    response = laptop.post("/account/sign-out-everywhere/")
    assert response["Location"] == "/signed-out/?reason=everywhere"

    assert phone.get("/")["Location"].startswith("/sign-in/")
    assert laptop.get("/")["Location"].startswith("/sign-in/")
    assert other.get("/").status_code == 200
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in remaining
    assert str(colleague.pk) in remaining


@pytest.mark.django_db
def test_sign_out_everywhere_is_a_post(client, social_worker):
    client.force_login(social_worker)
    assert client.get("/account/sign-out-everywhere/").status_code == 405


def test_password_rules():
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in django_settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 12
    assert {"CommonPasswordValidator", "NumericPasswordValidator"} <= set(validators)
    for weak in ["short1!", "password1234", "123456789012345"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")


@pytest.mark.django_db
def test_the_countdown_is_announced(client, social_worker):
    """Issue 24: a screen reader user hears the time left change (a timer in a polite live
    region; the script updates it at whole minutes, then every 20 seconds)."""
    client.force_login(social_worker)
    html = client.get("/").content.decode()
    countdown = re.search(r"<span data-session-countdown([^>]*)>", html).group(1)
    assert 'role="timer"' in countdown and 'aria-live="polite"' in countdown
