"""Issue 18 item 6: the invite list names each family member's relationship to every child in
the conference, before and after the invitations are sent, in a bounded number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from children.models import Relationship
from conferences.family_invitees import relationship_text
from tests.auth import login
from tests.factories.children import FamilyLinkFactory, PersonFactory
from tests.factories.conferences import booked_conference, send_invitations, send_request
from tests.shared_world import shareable

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@shareable
def stepfather(household):
    dan = PersonFactory(forename="Dan", surname="Step")
    FamilyLinkFactory(child=household["amelia"], person=dan, relationship=Relationship.STEP_PARENT)
    return dan


def _conference(worker, enquiries, coordinator, chair):
    request = send_request(by=worker, enquiries=enquiries)
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


def test_relationship_text_names_every_child(household, stepfather):
    children = [household["amelia"], household["noah"]]
    mother_links = list(household["mother"].links.all())
    assert relationship_text(mother_links, children) == "Mother of Amelia Jones and Noah Jones"
    assert relationship_text(list(stepfather.links.all()), children) == (
        "Step-parent of Amelia Jones; not recorded as related to Noah Jones"
    )


def test_the_invite_list_names_each_relationship_before_and_after_sending(
    client, worker, enquiries, stepfather, coordinator, chair
):
    conference = _conference(worker, enquiries, coordinator, chair)
    url = f"/conferences/{conference.pk}/invitations/"
    login(client, coordinator)
    before = client.get(url).content.decode()
    assert "Family members to be invited" in before
    assert "Sarah Jones: Mother of Amelia Jones and Noah Jones" in before
    assert "Mark Jones: Father of Amelia Jones and Noah Jones" in before
    assert "Dan Step: Step-parent of Amelia Jones; not recorded as related to Noah Jones" in before

    send_invitations(conference=conference, by=coordinator)
    after = client.get(url).content.decode()
    assert "Mother of Amelia Jones and Noah Jones" in after
    assert "Step-parent of Amelia Jones; not recorded as related to Noah Jones" in after


def _queries(client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(40) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_invite_list_issues_a_bounded_number_of_queries(
    client, worker, household, enquiries, coordinator, chair, django_assert_max_num_queries
):
    conference = _conference(worker, enquiries, coordinator, chair)
    url = f"/conferences/{conference.pk}/invitations/"
    login(client, coordinator)
    small = _queries(client, django_assert_max_num_queries, url)

    # Ten more relatives on the request's invite list (a new request for the same children).
    for n in range(10):
        person = PersonFactory(forename=f"Relative{n}", surname="Jones")
        for child in (household["amelia"], household["noah"]):
            FamilyLinkFactory(child=child, person=person, relationship=Relationship.GRANDPARENT)
    from conferences.models import ConferenceRequestInvitee, InviteeKind

    ConferenceRequestInvitee.objects.bulk_create(
        [
            ConferenceRequestInvitee(
                request_id=conference.request_id,
                kind=InviteeKind.FAMILY,
                person=link.person,
                name=link.person.full_name,
                connection="Grandparent",
            )
            for link in household["amelia"]
            .family_links.filter(relationship=Relationship.GRANDPARENT)
            .select_related("person")
        ]
    )
    large_page = client.get(url).content.decode()
    assert "Relative9 Jones: Grandparent of Amelia Jones and Noah Jones" in large_page
    large = _queries(client, django_assert_max_num_queries, url)
    assert large == small
