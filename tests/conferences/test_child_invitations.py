"""Issue 21 item 4: a child whose attendance the chair agreed is invited, and their letter
carries the children and young people's leaflet (plain words: what a conference is, who will be
there, how to have their say, what happens after). A parent's letter and a professional's email
do not carry it; a child the chair did not agree is not invited."""

import pytest
from django.core import mail

from conferences import services
from conferences.models import (
    AttendanceKind,
    ChairDecisionKind,
    Invitation,
    InvitationKind,
)
from tests.auth import login
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    move_to_today,
    send_invitations,
    send_request,
)
from tests.pdfs import file_pdf_text
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

LEAFLET = "Child protection conferences: information for children and young people"
PARENTS_LEAFLET = "Child protection conferences: information for parents and carers"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path


@shareable
def conference(worker, enquiries, household, coordinator, chair):
    agency_professional_for(
        child=household["amelia"], full_name="Helen Health", email="helen@nhs.test"
    )
    request = send_request(by=worker, enquiries=enquiries)
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


def _pdf_text(invitation) -> str:
    return file_pdf_text(invitation.letter)


def _decide(conference, chair, child, agreed=True):
    return services.record_chair_decision(
        conference=conference,
        by=chair,
        kind=ChairDecisionKind.CHILD_ATTENDANCE,
        child=child,
        agreed=agreed,
        reason="Amelia wants to come for the first part" if agreed else "Too upsetting",
    )


@pytest.mark.real_letters
def test_a_child_the_chair_agreed_gets_a_letter_with_the_childrens_leaflet(
    conference, chair, coordinator, household
):
    _decide(conference, chair, household["amelia"])
    _decide(conference, chair, household["noah"], agreed=False)
    send_invitations(conference=conference, by=coordinator)

    child_invitations = Invitation.objects.filter(conference=conference, kind=InvitationKind.CHILD)
    assert [i.child for i in child_invitations] == [household["amelia"]]
    amelia = child_invitations.get()
    assert amelia.is_active and amelia.sent_at and amelia.letter and amelia.address == ""
    text = _pdf_text(amelia)
    assert LEAFLET in text
    for plain in (
        "What is a child protection conference?",
        "Who will be there?",
        "How can I have my say?",
        "advocate",
        "draw a picture",
        "What happens after the meeting?",
    ):
        assert plain in text, plain
    assert "Dear Amelia" in text
    assert PARENTS_LEAFLET not in text
    # Never an address: the social worker gives the letter by hand.
    assert "1 High Street" not in text

    mother = Invitation.objects.get(conference=conference, person=household["mother"])
    mothers = _pdf_text(mother)
    assert PARENTS_LEAFLET in mothers and LEAFLET not in mothers
    professional_emails = [m for m in mail.outbox if "helen@nhs.test" in m.to]
    assert professional_emails
    assert all(LEAFLET not in message.body for message in professional_emails)
    assert not Invitation.objects.filter(conference=conference, child=household["noah"]).exists()


def test_no_decision_no_child_invitation(conference, coordinator):
    send_invitations(conference=conference, by=coordinator)
    assert not Invitation.objects.filter(conference=conference, kind=InvitationKind.CHILD).exists()


def test_a_decision_after_the_invitations_invites_the_child_then_withdraws_it(
    conference, chair, coordinator, household
):
    send_invitations(conference=conference, by=coordinator)
    _decide(conference, chair, household["amelia"])
    invitation = Invitation.objects.get(conference=conference, child=household["amelia"])
    assert invitation.is_active and LEAFLET in _pdf_text(invitation)
    _decide(conference, chair, household["amelia"], agreed=False)
    invitation.refresh_from_db()
    assert invitation.is_active is False  # kept, never deleted


def test_the_invited_child_is_on_the_attendance_list_as_a_child(
    conference, chair, coordinator, household
):
    _decide(conference, chair, household["amelia"])
    send_invitations(conference=conference, by=coordinator)
    move_to_today(conference)
    started = services.start_conference(conference=conference, by=chair)
    row = started.attendance.get(invitation__child=household["amelia"])
    assert row.kind == AttendanceKind.CHILD


def test_the_coordinator_downloads_the_childs_letter(
    client, conference, chair, coordinator, household
):
    _decide(conference, chair, household["amelia"])
    send_invitations(conference=conference, by=coordinator)
    invitation = Invitation.objects.get(conference=conference, child=household["amelia"])
    login(client, coordinator)
    page = client.get(f"/conferences/{conference.pk}/invitations/").content.decode()
    assert f"/conferences/invitations/{invitation.pk}/letter/" in page
    response = client.get(f"/conferences/invitations/{invitation.pk}/letter/")
    assert response.status_code == 200
