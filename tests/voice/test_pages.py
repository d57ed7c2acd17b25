"""The child's voice pages (issue 21): the social worker's page per child, the chair's notes,
the download of what the child made; who may see and write (default deny); bounded queries;
the child's views on the decision page, the social work report and the plan page."""

import io

import pytest

from accounts.models import RoleCode
from conferences.models import Invitation
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import agency_professional_for, started_conference
from voice import services
from voice.models import ChildVoice, ChildVoiceUpload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def conference(conference_request, coordinator, chair, minute_taker):
    return started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )


def _url(conference, child, part=""):
    return f"/voice/conferences/{conference.pk}/children/{child.pk}/{part}"


def _invite(conference, user):
    return Invitation.objects.create(
        conference=conference,
        kind="professional",
        user=user,
        name="Invited",
        connection="Health visitor",
        method="email",
    )


def test_the_social_worker_records_a_childs_views_on_their_page(
    client, conference, worker, household, django_assert_max_num_queries
):
    amelia = household["amelia"]
    login(client, worker)
    with django_assert_max_num_queries(45):
        page = client.get(_url(conference, amelia))
    assert page.status_code == 200
    assert "voice: Amelia Jones" in page.content.decode()
    response = client.post(
        _url(conference, amelia),
        {"action": "views", "views-views": "I want my own bedroom.", "views-not_sought_reason": ""},
    )
    assert response.status_code == 302
    voice = ChildVoice.objects.get(conference=conference, child=amelia)
    assert voice.views == "I want my own bedroom." and voice.views_recorded_by == worker
    # Noah's record is his own.
    assert not ChildVoice.objects.get(
        conference=conference, child=household["noah"]
    ).views.startswith("I want")
    # Neither views nor a reason: the error is beside the field.
    page = client.post(_url(conference, amelia), {"action": "views"})
    assert page.status_code == 200
    assert "views, or why they were not sought" in page.content.decode()


def test_what_the_child_made_is_checked_and_served_only_to_those_who_may_see_it(
    client, conference, worker, household
):
    amelia = household["amelia"]
    login(client, worker)
    bad = io.BytesIO(b"not a picture")
    bad.name = "drawing.png"
    page = client.post(_url(conference, amelia), {"action": "upload", "upload-upload": bad})
    assert page.status_code == 200 and "must be a picture" in page.content.decode()
    good = io.BytesIO(PNG)
    good.name = "my house.png"
    response = client.post(
        _url(conference, amelia),
        {"action": "upload", "upload-upload": good, "upload-description": "Amelia's drawing"},
    )
    assert response.status_code == 302
    upload = ChildVoiceUpload.objects.get()
    download = client.get(f"/voice/uploads/{upload.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    login(client, stranger)
    assert client.get(f"/voice/uploads/{upload.pk}/").status_code == 404


def test_who_may_see_and_write(client, conference, worker, manager, chair, household):
    amelia = household["amelia"]
    invited, _ = agency_professional_for(child=amelia)
    _invite(conference, invited)
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    post = {"action": "views", "views-views": "Words"}
    # The invited professional reads the child's views but writes nothing.
    login(client, invited)
    assert client.get(_url(conference, amelia)).status_code == 200
    assert client.post(_url(conference, amelia), post).status_code == 403
    assert client.get(_url(conference, amelia, "chair/")).status_code == 403
    # Someone not at the conference does not learn it exists.
    login(client, stranger)
    assert client.get(_url(conference, amelia)).status_code == 404
    # Another social worker: not this child's.
    login(client, other_worker)
    assert client.post(_url(conference, amelia), post).status_code in (403, 404)
    # The child's social worker may not write the chair's part; the chair may not write views.
    login(client, worker)
    assert client.get(_url(conference, amelia, "chair/")).status_code == 403
    login(client, chair)
    assert client.post(_url(conference, amelia), post).status_code == 403
    assert client.get(_url(conference, amelia, "chair/")).status_code == 200
    # The team manager writes.
    login(client, manager)
    assert client.post(_url(conference, amelia), post).status_code == 302
    assert not ChildVoice.objects.filter(views="Words").exclude(updated_by=manager).exists()


def test_the_chair_records_why_a_child_was_not_seen_and_the_meeting_beforehand(
    client, conference, chair, household
):
    noah = household["noah"]
    login(client, chair)
    response = client.post(
        _url(conference, noah, "chair/"),
        {
            "action": "notes",
            "notes-chair_meets_child": "alone",
            "notes-meets_on_day": "11",
            "notes-meets_on_month": "3",
            "notes-meets_on_year": "2026",
            "notes-meets_at": "9:30am",
        },
    )
    assert response.status_code == 302
    voice = ChildVoice.objects.get(conference=conference, child=noah)
    assert voice.chair_meets_child == "alone" and voice.chair_meets_child_at is not None


def test_the_childs_views_show_on_the_decision_page_and_the_report(
    client, conference, chair, worker, household
):
    amelia = household["amelia"]
    services.record_views(
        conference=conference, child=amelia, by=worker, views="Please let me stay at my school."
    )
    login(client, chair)
    page = client.get(f"/conferences/{conference.pk}/decision/{amelia.pk}/")
    assert page.status_code == 200
    assert "Please let me stay at my school." in page.content.decode()
    login(client, worker)
    listing = client.get(f"/voice/conferences/{conference.pk}/")
    assert listing.status_code == 200 and "Amelia Jones" in listing.content.decode()


def test_each_childs_views_show_on_the_plan_page(
    client, conference, chair, minute_taker, worker, household, django_assert_max_num_queries
):
    from plans.models import ChildProtectionPlan
    from tests.factories.conferences import add_danger_statements, decide_every_child, make_quorate

    amelia, noah = household["amelia"], household["noah"]
    services.record_views(conference=conference, child=amelia, by=worker, views="Amelia's words.")
    services.record_views(conference=conference, child=noah, by=worker, views="Noah's words.")
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=chair, count=1)
    decide_every_child(conference, chair=chair)
    plan = ChildProtectionPlan.objects.get(child=amelia)
    login(client, worker)
    with django_assert_max_num_queries(80):
        page = client.get(f"/plans/{plan.pk}/")
    text = page.content.decode()
    assert "Amelia&#x27;s words." in text or "Amelia's words." in text
    # Amelia's plan shows Amelia's views, never her brother's.
    assert "Noah&#x27;s words." not in text and "Noah's words." not in text


def test_the_childs_views_show_on_the_social_work_report(client, conference, worker, household):
    from reports import services as report_services

    services.record_views(
        conference=conference, child=household["amelia"], by=worker, views="I like my school."
    )
    report_services.save_social_work_report(conference=conference, by=worker, worries="Bruising.")
    login(client, worker)
    page = client.get(f"/reports/conferences/{conference.pk}/social-work-report/")
    assert page.status_code == 200
    assert "I like my school." in page.content.decode()
