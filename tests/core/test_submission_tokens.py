"""One-time submission tokens (issue 20 item 3, ADR 49): every POST form in the templates carries
one, and a repeat is answered from the first submission's outcome. The add-a-child and enquiry
journeys, concurrent on PostgreSQL, are in tests/children and tests/enquiries."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Child
from core.submissions.models import SubmissionStatus, SubmissionToken
from core.submissions.tasks import prune_submission_tokens
from tests.auth import login
from tests.children.test_child_record import post_data
from tests.double_submissions import with_token
from tests.factories.accounts import UserFactory

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def test_every_post_form_in_the_templates_carries_a_submission_token():
    forms = 0
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for match in POST_FORM.finditer(template.read_text()):
            forms += 1
            if "{% submission_token %}" not in match.group(1):
                missing.append(f"{template.relative_to(TEMPLATES)}: {match.group(0)[:80]}")
    assert forms > 80  # the walk found the forms
    assert missing == []


def test_no_post_form_is_opened_in_one_template_and_closed_in_another():
    """The walk above reads each form to its </form>: a form left open would escape it."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        opened = len(re.findall(r"<form\b", text, re.I))
        assert opened == len(re.findall(r"</form>", text, re.I)), template


@pytest.mark.django_db
def test_a_form_page_renders_a_fresh_token_each_time(client, social_worker):
    login(client, social_worker)
    pattern = r'name="submission_token" value="([^"]+)"'
    first = re.findall(pattern, client.get("/children/new/").content.decode())
    second = re.findall(pattern, client.get("/children/new/").content.decode())
    assert first and second  # the child form and the sign-out button
    assert not set(first) & set(second)


@pytest.mark.django_db
def test_a_first_post_with_errors_releases_its_token_for_the_corrected_post(client, social_worker):
    login(client, social_worker)
    data = with_token(post_data())
    refused = client.post("/children/new/", {**data, "legal_surname": ""})
    assert refused.status_code == 200 and not Child.objects.exists()
    assert SubmissionToken.objects.get().status == SubmissionStatus.RELEASED
    accepted = client.post("/children/new/", data)
    child = Child.objects.get()
    assert accepted["Location"] == f"/children/{child.pk}/"
    row = SubmissionToken.objects.get()
    assert (row.status, row.location) == (SubmissionStatus.DONE, f"/children/{child.pk}/")


@pytest.mark.django_db
def test_someone_elses_token_is_refused_and_not_replayed(client, social_worker):
    data = with_token(post_data())
    login(client, social_worker)
    client.post("/children/new/", data)
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    response = client.post("/children/new/", data)
    assert response.status_code == 400
    assert Child.objects.count() == 1


@pytest.mark.django_db
def test_a_repeat_while_the_first_is_still_running_says_so(client, social_worker, settings):
    settings.SUBMISSION_WAIT_SECONDS = 0.1
    data = with_token(post_data())
    SubmissionToken.objects.create(
        token=data["submission_token"], user=social_worker, path="/children/new/"
    )
    login(client, social_worker)
    response = client.post("/children/new/", data)
    assert response.status_code == 409
    assert "still being sent" in response.content.decode()
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_a_first_that_never_answered_is_taken_over_after_a_while(client, social_worker):
    data = with_token(post_data())
    SubmissionToken.objects.create(
        token=data["submission_token"],
        user=social_worker,
        path="/children/new/",
        claimed_at=timezone.now() - datetime.timedelta(minutes=3),
    )
    login(client, social_worker)
    response = client.post("/children/new/", data)
    assert response["Location"] == f"/children/{Child.objects.get().pk}/"


@pytest.mark.django_db
def test_a_post_without_a_token_is_handled_as_before(client, social_worker):
    login(client, social_worker)
    client.post("/children/new/", post_data(legal_forename="Amelia"))
    client.post("/children/new/", post_data(legal_forename="Beatrice"))
    assert Child.objects.count() == 2
    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db
def test_tokens_older_than_a_day_are_pruned(social_worker):
    now = timezone.now()
    for token, age in (
        ("old", datetime.timedelta(hours=25)),
        ("new", datetime.timedelta(hours=23)),
    ):
        SubmissionToken.objects.create(
            token=token, user=social_worker, path="/children/new/", claimed_at=now - age
        )
    call_command("prune_submission_tokens")
    assert list(SubmissionToken.objects.values_list("token", flat=True)) == ["new"]


@pytest.mark.django_db
def test_the_scheduler_prunes_the_tokens_every_night(social_worker, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["prune-submission-tokens"]
    assert entry["task"] == prune_submission_tokens.name
    SubmissionToken.objects.create(
        token="old",
        user=social_worker,
        path="/children/new/",
        claimed_at=timezone.now() - datetime.timedelta(hours=25),
    )
    assert prune_submission_tokens() == 1
    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["a\x00b", "x" * 65, "not a token!", "é"])
def test_a_malformed_token_is_refused_before_it_reaches_the_database(client, social_worker, token):
    """The form fuzz sent a NUL in the token: PostgreSQL refused to store it, a 500."""
    login(client, social_worker)
    response = client.post("/children/new/", {**post_data(), "submission_token": token})
    assert response.status_code == 400
    assert not SubmissionToken.objects.exists()
    assert not Child.objects.exists()
