"""Issue 18 item 2: separate attendance (domestic abuse). Each parent's letter has their own
arrival time, time to meet the chair and room, and nothing of the other parent's; invitations are
refused until each parent has theirs; the professionals' email and the chair's page say that
separate attendance is arranged."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from accounts.models import RoleCode
from conferences import letters, services
from conferences.models import Invitation, SeparateArrangement
from conferences.separate_attendance import (
    ArrangementInput,
    record_separate_arrangements,
)
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    send_invitations,
    send_request,
)
from tests.pdfs import file_pdf_text
from tests.shared_world import shareable

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path


@shareable
def conference(worker, enquiries, household, coordinator, chair):
    """Booked for 10am, three working days ahead. Mark (the father) may be sent documents here:
    both parents get a letter. The request says they must attend separately."""
    father = household["father"]
    father.may_receive_documents = True
    father.save()
    agency_professional_for(
        child=household["amelia"], full_name="Helen Health", email="helen@nhs.test"
    )
    request = send_request(
        by=worker,
        enquiries=enquiries,
        separate_attendance_needed=True,
        separate_attendance_details="Mother and father must not meet (domestic abuse).",
    )
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


def _arrange(conference, household, by, overrides=None):
    arrangements = {
        household["mother"].pk: ArrangementInput(
            arrive_at=datetime.time(9, 0),
            meet_chair_at=datetime.time(9, 15),
            room="Willow Room",
        ),
        household["father"].pk: ArrangementInput(
            arrive_at=datetime.time(9, 30),
            meet_chair_at=datetime.time(9, 40),
            room="Oak Room",
        ),
    }
    arrangements.update(overrides or {})
    return record_separate_arrangements(conference=conference, by=by, arrangements=arrangements)


def _pdf_text(invitation) -> str:
    return file_pdf_text(invitation.letter)


def test_sending_is_refused_until_each_parent_has_their_own_arrangements(
    conference, household, coordinator
):
    with pytest.raises(services.InvitationError) as refused:
        send_invitations(conference=conference, by=coordinator)
    assert "each parent needs their own arrival time" in refused.value.message
    assert "Mark Jones" in refused.value.message and "Sarah Jones" in refused.value.message
    assert not Invitation.objects.filter(conference=conference).exists()
    assert mail.outbox == []

    # One parent's arrangements are not enough.
    record_separate_arrangements(
        conference=conference,
        by=coordinator,
        arrangements={
            household["mother"].pk: ArrangementInput(
                arrive_at=datetime.time(9, 0), meet_chair_at=datetime.time(9, 15)
            )
        },
    )
    with pytest.raises(services.InvitationError) as refused:
        send_invitations(conference=conference, by=coordinator)
    assert "Mark Jones" in refused.value.message and "Sarah Jones" not in refused.value.message

    _arrange(conference, household, coordinator)
    sent = send_invitations(conference=conference, by=coordinator)
    assert {invitation.name for invitation in sent if invitation.letter} == {
        "Sarah Jones",
        "Mark Jones",
    }


@pytest.mark.real_letters
def test_the_two_parents_letters_carry_only_their_own_arrangements(
    conference, household, coordinator
):
    _arrange(conference, household, coordinator)
    send_invitations(conference=conference, by=coordinator)
    mother = Invitation.objects.get(conference=conference, person=household["mother"])
    father = Invitation.objects.get(conference=conference, person=household["father"])
    mothers, fathers = _pdf_text(mother), _pdf_text(father)

    assert "Please arrive at 9am" in mothers and "meet you at 9:15am" in mothers
    assert "Willow Room" in mothers and "1 High Street" in mothers
    assert "Please arrive at 9:30am" in fathers and "meet you at 9:40am" in fathers
    assert "Oak Room" in fathers and "9 Low Road" in fathers
    # Neither names the other parent, their address, nor their times or room.
    for theirs, others in (
        (mothers, ("Mark", "9 Low Road", "9:30am", "9:40am", "Oak Room")),
        (fathers, ("Sarah", "1 High Street", "9am", "9:15am", "Willow Room")),
    ):
        for text in others:
            assert text not in theirs, text
    # Nor what the coordinator recorded about why.
    assert "domestic abuse" not in mothers and "domestic abuse" not in fathers


def test_letter_html_compared_before_pdf(conference, household, coordinator):
    _arrange(conference, household, coordinator)
    rows = {row.person_id: row for row in SeparateArrangement.objects.filter(conference=conference)}
    children = [link.child for link in conference.conference_children.all()]
    html = {}
    for person in (household["mother"], household["father"]):
        invitation = Invitation(
            conference=conference,
            person=person,
            name=person.full_name,
            address="\n".join(person.address_lines),
        )
        html[person.forename] = letters.family_letter_html(
            invitation=invitation,
            conference=conference,
            children=children,
            arrangement=rows[person.pk],
        )
    assert "9:30am" in html["Mark"] and "9:30am" not in html["Sarah"]
    assert "Oak Room" in html["Mark"] and "Oak Room" not in html["Sarah"]
    assert "Willow Room" in html["Sarah"] and "Willow Room" not in html["Mark"]
    assert "Mark" not in html["Sarah"] and "Sarah" not in html["Mark"]


def test_the_professionals_email_says_separate_attendance_is_arranged_without_details(
    conference, household, coordinator
):
    _arrange(conference, household, coordinator)
    send_invitations(conference=conference, by=coordinator)
    (email,) = [message for message in mail.outbox if "helen@nhs.test" in message.to]
    assert "Separate attendance is arranged" in email.body
    for detail in ("9:30am", "9:15am", "Oak Room", "Willow Room", "9 Low Road"):
        assert detail not in email.body


def test_the_chairs_page_says_separate_attendance_is_arranged(
    client, conference, household, coordinator, chair
):
    login(client, chair)
    before = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "Not arranged yet" in before and "Separate attendance is arranged" not in before
    _arrange(conference, household, coordinator)
    send_invitations(conference=conference, by=coordinator)
    body = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "Separate attendance is arranged" in body
    # The chair (not a family member) sees when to meet each parent.
    assert "Sarah Jones" in body and "9:15am" in body and "Oak Room" in body
    helen = Invitation.objects.get(conference=conference, name="Helen Health").user
    login(client, helen)
    invited = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "Separate attendance is arranged" in invited
    assert "Oak Room" not in invited and "9:40am" not in invited


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"arrive_at": datetime.time(9, 30), "meet_chair_at": None}, "meet_chair_at", "meets"),
        (
            {"arrive_at": datetime.time(9, 50), "meet_chair_at": datetime.time(9, 45)},
            "arrive_at",
            "at or before",
        ),
        (
            {"arrive_at": datetime.time(9, 50), "meet_chair_at": datetime.time(10, 0)},
            "meet_chair_at",
            "before the conference starts at 10am",
        ),
        (
            {"arrive_at": datetime.time(9, 0), "meet_chair_at": datetime.time(9, 50)},
            "arrive_at",
            "must not arrive at the same time",
        ),
        (
            {"arrive_at": datetime.time(9, 5), "meet_chair_at": datetime.time(9, 15)},
            "meet_chair_at",
            "must not meet the chair at the same time",
        ),
    ],
)
def test_the_arrangements_rules(conference, household, coordinator, override, field, message):
    father = household["father"]
    values = {"room": "Oak Room", **override}
    with pytest.raises(services.InvitationError) as refused:
        _arrange(conference, household, coordinator, {father.pk: ArrangementInput(**values)})
    assert message in refused.value.message
    assert refused.value.field == f"{field}_{father.pk}"
    assert not SeparateArrangement.objects.filter(conference=conference).exists()


def test_only_a_coordinator_and_only_for_family_on_the_invite_list(
    conference, household, coordinator, chair
):
    with pytest.raises(services.InvitationError):
        _arrange(conference, household, chair)
    stranger = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    from tests.factories.children import PersonFactory

    outsider = PersonFactory()
    with pytest.raises(services.InvitationError):
        record_separate_arrangements(
            conference=conference,
            by=stranger,
            arrangements={
                outsider.pk: ArrangementInput(
                    arrive_at=datetime.time(9), meet_chair_at=datetime.time(9, 10)
                )
            },
        )


def test_a_conference_moved_earlier_needs_new_times(conference, household, coordinator):
    _arrange(conference, household, coordinator)
    # The conference now starts at 9:30: the father's time to meet the chair (9:40) is too late.
    conference.starts_at = conference.starts_at.replace(hour=9, minute=30)
    conference.ends_at = conference.starts_at + datetime.timedelta(hours=2)
    conference.save()
    with pytest.raises(services.InvitationError) as refused:
        send_invitations(conference=conference, by=coordinator)
    assert "now starts at 9:30am" in refused.value.message
    assert "Mark Jones" in refused.value.message


def test_the_coordinators_page_records_the_arrangements_with_errors_next_to_fields(
    client, conference, household, coordinator, chair
):
    url = f"/conferences/{conference.pk}/arrangements/separate-attendance/"
    login(client, chair)
    assert client.get(url).status_code == 403
    login(client, coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert "Sarah Jones" in page.content.decode()
    mother, father = household["mother"].pk, household["father"].pk
    response = client.post(
        url,
        {
            f"arrive_at_{mother}": "9am",
            f"meet_chair_at_{mother}": "9:15am",
            f"room_{mother}": "Willow Room",
            f"arrive_at_{father}": "not a time",
            f"meet_chair_at_{father}": "9:40",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f'id="id_arrive_at_{father}-error"' in body
    # A rule the service holds goes next to its field too.
    response = client.post(
        url,
        {
            f"arrive_at_{mother}": "9am",
            f"meet_chair_at_{mother}": "9:15am",
            f"arrive_at_{father}": "9am",
            f"meet_chair_at_{father}": "9:40",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "must not arrive at the same time" in body
    assert (
        f'id="id_arrive_at_{father}-error"' in body or f'id="id_arrive_at_{mother}-error"' in body
    )
    response = client.post(
        url,
        {
            f"arrive_at_{mother}": "9am",
            f"meet_chair_at_{mother}": "9:15am",
            f"room_{mother}": "Willow Room",
            f"arrive_at_{father}": "9:30am",
            f"meet_chair_at_{father}": "9:40am",
            f"room_{father}": "Oak Room",
        },
    )
    assert response.status_code == 302
    assert SeparateArrangement.objects.filter(conference=conference).count() == 2
    page = client.get(f"/conferences/{conference.pk}/invitations/").content.decode()
    assert "arrives 9:30am, meets the chair 9:40am, Oak Room" in page
