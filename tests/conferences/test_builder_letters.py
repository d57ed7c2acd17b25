"""The journey builders file a stand-in letter (ADR 74); a test marked real_letters, and every
call of the service itself, gets the family's real letter."""

import pytest

from conferences import services
from conferences.models import Invitation, InviteeKind
from tests.factories.conferences import TEST_BASE_URL, booked_conference, send_invitations
from tests.pdfs import file_pdf_text, stand_in_pdf
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@shareable
def booked(conference_request, coordinator, chair):
    return booked_conference(request=conference_request, coordinator=coordinator, chair=chair)


def _mothers_letter(conference) -> Invitation:
    return Invitation.objects.get(
        conference=conference, kind=InviteeKind.FAMILY, name__startswith="Sarah"
    )


def _letter_bytes(invitation) -> bytes:
    with invitation.letter.open("rb") as handle:
        return handle.read()


def test_a_builder_files_the_stand_in_letter(booked, coordinator):
    send_invitations(conference=booked, by=coordinator)

    letter = _mothers_letter(booked)
    assert _letter_bytes(letter) == stand_in_pdf()
    assert "Letter (test stand-in)" in file_pdf_text(letter.letter)


@pytest.mark.real_letters
def test_a_test_marked_real_letters_gets_the_real_letter_from_a_builder(booked, coordinator):
    send_invitations(conference=booked, by=coordinator)

    text = file_pdf_text(_mothers_letter(booked).letter)
    assert "stand-in" not in text
    assert "Amelia" in text and "Sarah Jones" in text


def test_the_service_itself_always_lays_out_the_real_letter(booked, coordinator):
    services.send_invitations(conference=booked, by=coordinator, base_url=TEST_BASE_URL)

    letter = _mothers_letter(booked)
    assert _letter_bytes(letter) != stand_in_pdf()
    assert "Amelia" in file_pdf_text(letter.letter)
