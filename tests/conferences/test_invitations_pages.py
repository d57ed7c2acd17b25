"""The invitations and arrangements pages, the letter download, replies and "Your conferences":
who may open them, the error summary pattern, and query counts."""

import pytest
from django.core import mail

from accounts.models import RoleCode
from conferences import services
from conferences.models import Invitation, InvitationReply, InviteeKind
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    bulk_booked_conferences,
    bulk_invitations,
    invited_conference,
    send_request,
)
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path


@shareable
def helen(household):
    user, _ = agency_professional_for(
        child=household["amelia"], full_name="Helen Health", email="helen@nhs.test"
    )
    return user


@shareable
def conference(worker, enquiries, helen, coordinator, chair):
    request = send_request(by=worker, enquiries=enquiries)
    return invited_conference(request=request, coordinator=coordinator, chair=chair)


def error_next_to(body: str, field: str) -> str:
    marker = f'id="id_{field}-error"'
    assert marker in body, f"no error message next to {field}"
    return body.split(marker, 1)[1].split("</p>", 1)[0]


def test_the_coordinator_qa_and_the_chair_see_the_invitations_page(
    client, conference, coordinator, chair
):
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    for user in (coordinator, qa, chair):
        login(client, user)
        response = client.get(f"/conferences/{conference.pk}/invitations/")
        assert response.status_code == 200, user
        body = response.content.decode()
        assert "Invitations and arrangements" in body
        assert "Helen Health" in body and "Sarah Jones" in body
        assert "Download the letter" in body
        assert services.NO_DOCUMENTS_REASON in body  # Mark: not to be sent documents
    login(client, coordinator)
    detail = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert f"/conferences/{conference.pk}/invitations/" in detail


def test_others_cannot_open_the_invitations_page_or_the_letters(client, conference, helen, worker):
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    letter = Invitation.objects.filter(conference=conference).exclude(letter="").first()
    for user in (other_chair, helen, worker):
        login(client, user)
        assert client.get(f"/conferences/{conference.pk}/invitations/").status_code in (403, 404)
        response = client.get(f"/conferences/invitations/{letter.pk}/letter/")
        assert response.status_code in (403, 404)
        assert response.get("Content-Type") != "application/pdf"


def test_the_letter_downloads_as_a_pdf_attachment(client, conference, coordinator):
    letter = Invitation.objects.filter(conference=conference).exclude(letter="").first()
    login(client, coordinator)
    response = client.get(f"/conferences/invitations/{letter.pk}/letter/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Jones" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Downloading a family's letter is a view of the children's record (the access log).
    from children.models import ChildRecordView

    logged = ChildRecordView.objects.filter(user=coordinator, what="Invitation letter")
    assert sorted(logged.values_list("child_id", flat=True)) == sorted(
        conference.conference_children.values_list("child_id", flat=True)
    )
    no_letter = Invitation.objects.get(conference=conference, person__forename="Mark")
    assert client.get(f"/conferences/invitations/{no_letter.pk}/letter/").status_code == 404


def test_sending_from_the_page_and_the_error_summary_when_already_sent(
    client, worker, enquiries, coordinator, chair
):
    request = send_request(by=worker, enquiries=enquiries)
    conference = booked_conference(request=request, coordinator=coordinator, chair=chair)
    login(client, coordinator)
    page = client.get(f"/conferences/{conference.pk}/invitations/").content.decode()
    assert "Send invitations" in page
    url = f"/conferences/{conference.pk}/invitations/send/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Invitation.objects.filter(conference=conference).count() == 3
    again = client.post(url)
    assert again.status_code == 200
    body = again.content.decode()
    assert "govuk-error-summary" in body and "were sent on" in body
    assert Invitation.objects.filter(conference=conference).count() == 3
    chair_login = login(client, chair)
    assert chair_login.post(url).status_code == 403


def test_arrangements_page_keeps_what_was_typed_and_shows_errors_next_to_fields(
    client, conference, coordinator, chair
):
    url = f"/conferences/{conference.pk}/arrangements/"
    login(client, chair)
    assert client.get(url).status_code == 403
    login(client, coordinator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "interpreter_needed": "on",
            "interpreter_languages": "",
            "separate_attendance_needed": "on",
            "separate_attendance_details": "",
            "seating_arrangements": "Mother by the door",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the languages" in error_next_to(body, "interpreter_languages")
    assert "Enter who must not meet whom" in error_next_to(body, "separate_attendance_details")
    assert "Mother by the door" in body
    response = client.post(
        url,
        {
            "interpreter_needed": "on",
            "interpreter_languages": "Polish",
            "interpreter_booked": "on",
            "separate_attendance_needed": "on",
            "separate_attendance_details": "Mother and father in separate rooms",
            "seating_arrangements": "Mother by the door",
        },
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.interpreter_booked and conference.interpreter_languages == "Polish"


def test_advocacy_opt_out_page(client, conference, coordinator, household):
    url = f"/conferences/{conference.pk}/advocacy/opt-out/"
    login(client, coordinator)
    response = client.post(url, {"child": str(household["amelia"].pk), "reason": ""})
    assert "Enter who said" in error_next_to(response.content.decode(), "reason")
    response = client.post(url, {"child": str(household["amelia"].pk), "reason": "Told her SW"})
    assert response.status_code == 302
    assert conference.advocacy_referrals.get().status == "opted_out"


def test_the_invitee_replies_but_another_agency_professional_cannot(
    client, conference, helen, household
):
    invitation = Invitation.objects.get(conference=conference, user=helen)
    url = f"/conferences/invitations/{invitation.pk}/reply/"
    stranger, _ = agency_professional_for(child=household["noah"])
    login(client, stranger)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"reply": "attending"}).status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.reply == InvitationReply.AWAITING
    with pytest.raises(services.ConferenceBookingError):
        services.reply_to_invitation(invitation=invitation, by=stranger, reply="attending")

    login(client, helen)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reply": "substitute", "substitute_name": "", "note": "On leave"})
    body = response.content.decode()
    assert "Enter the name of the person" in error_next_to(body, "substitute_name")
    assert "On leave" in body
    response = client.post(url, {"reply": "substitute", "substitute_name": "Sam Nurse"})
    assert response.status_code == 302 and response.url == "/conferences/invited/"
    invitation.refresh_from_db()
    assert invitation.reply == InvitationReply.SUBSTITUTE
    assert invitation.substitute_name == "Sam Nurse"
    assert invitation.replied_by == helen
    assert invitation.history.latest().history_user == helen


def test_the_coordinator_records_a_reply_on_someones_behalf(client, conference, coordinator):
    invitation = Invitation.objects.get(
        conference=conference, kind=InviteeKind.PROFESSIONAL, user__isnull=True
    )
    login(client, coordinator)
    response = client.post(
        f"/conferences/invitations/{invitation.pk}/reply/", {"reply": "apologies"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.reply == InvitationReply.APOLOGIES
    assert invitation.replied_by == coordinator


def test_your_conferences_lists_the_professionals_booked_invitations(
    client, conference, helen, coordinator, service_manager
):
    login(client, helen)
    home = client.get("/").content.decode()
    assert "Your conferences" in home and "/conferences/invited/" in home
    body = client.get("/conferences/invited/").content.decode()
    assert "Amelia Jones" in body and "Noah Jones" in body
    assert "/conferences/invitations/" in body and "No reply yet" in body
    services.postpone_conference(
        conference=conference,
        reason="Chair ill",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    body = client.get("/conferences/invited/").content.decode()
    assert "Amelia Jones" not in body
    login(client, coordinator)
    assert client.get("/conferences/invited/").status_code == 403


def test_your_conferences_takes_a_fixed_number_of_queries(
    client, coordinator, chair, django_assert_max_num_queries
):
    from tests.factories.accounts import AgencyFactory

    helen = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=AgencyFactory())
    conferences = bulk_booked_conferences(count=40, by=coordinator, chair=chair)
    bulk_invitations(conferences=conferences, user=helen)
    login(client, helen)
    with django_assert_max_num_queries(12):
        response = client.get("/conferences/invited/")
    assert (
        response.content.decode().count("Change your reply")
        + response.content.decode().count(">Reply<")
        == 40
    )


def test_the_invitations_page_takes_a_fixed_number_of_queries(
    client, coordinator, chair, django_assert_max_num_queries
):
    conference = bulk_booked_conferences(count=1, by=coordinator, chair=chair)[0]
    helpers = [UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]) for _ in range(3)]
    for user in helpers:
        bulk_invitations(conferences=[conference], user=user)
    login(client, coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/conferences/{conference.pk}/invitations/")
    for _ in range(30):
        bulk_invitations(conferences=[conference], user=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/conferences/{conference.pk}/invitations/")
    assert response.status_code == 200
    assert mail.outbox == []
