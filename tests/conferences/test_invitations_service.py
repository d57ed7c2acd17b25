"""Sending invitations: family letters (PDF, the leaflet, only their own address, none for someone
not to be sent documents), professional emails with a calendar invitation that names no child,
the INVITES deadline, advocacy referrals at 10 and over unless opted out, re-sending after a
re-booking, and the arrangements copied at allocation and kept up to date."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services
from conferences.calendar_invites import escape_text, fold
from conferences.models import (
    AdvocacyReferral,
    AdvocacyStatus,
    Invitation,
    InvitationMethod,
    InviteeKind,
)
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory, FamilyLinkFactory, PersonFactory
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    invited_conference,
    send_invitations,
    send_request,
    venue,
    working_day_at,
)
from tests.pdfs import file_pdf_text
from tests.shared_world import shareable
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path


@shareable
def stepfather(household):
    """Dan, whose address is withheld from the family but who may be sent documents."""
    dan = PersonFactory(
        forename="Dan",
        surname="Withheld",
        address_line_1="7 Hidden Lane",
        town="Secretville",
        postcode="ZZ1 1ZZ",
        address_withheld_from_family=True,
        may_receive_documents=True,
    )
    FamilyLinkFactory(child=household["amelia"], person=dan, relationship=Relationship.STEP_PARENT)
    return dan


@shareable
def health_visitor_user(household):
    user, _ = agency_professional_for(
        child=household["amelia"], full_name="Helen Health", email="helen@nhs.test"
    )
    return user


@shareable
def request_with_everyone(worker, enquiries, stepfather, health_visitor_user):
    return send_request(by=worker, enquiries=enquiries)


def pdf_text(invitation) -> str:
    return file_pdf_text(invitation.letter)


def ics_of(message) -> str:
    parts = [a for a in message.attachments if not isinstance(a, tuple)]
    assert parts, "no calendar attachment"
    part = parts[0]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    return part.get_payload(decode=True).decode("utf-8")


def unfold(ics: str) -> str:
    return ics.replace("\r\n ", "")


def test_allocation_copies_the_requests_interpreter_and_separate_attendance_needs(
    worker, enquiries, coordinator, chair
):
    request = send_request(
        by=worker,
        enquiries=enquiries,
        interpreter_needed=True,
        interpreter_languages="Polish for the mother",
        separate_attendance_needed=True,
        separate_attendance_details="Mother and father must not meet",
    )
    conference = services.allocate_chair(request=request, chair=chair, by=coordinator)
    conference.refresh_from_db()
    assert conference.interpreter_needed
    assert conference.interpreter_languages == "Polish for the mother"
    assert not conference.interpreter_booked
    assert conference.separate_attendance_needed
    assert conference.separate_attendance_details == "Mother and father must not meet"


def test_arrangements_need_languages_and_separate_attendance_details(
    conference_request, coordinator, chair
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_arrangements(conference=conference, by=coordinator, interpreter_needed=True)
    assert error.value.field == "interpreter_languages"
    with pytest.raises(services.ConferenceBookingError) as error:
        services.record_arrangements(
            conference=conference, by=coordinator, separate_attendance_needed=True
        )
    assert error.value.field == "separate_attendance_details"
    with pytest.raises(services.ConferenceBookingError):
        services.record_arrangements(
            conference=conference, by=chair, childcare_needed=True, childcare_details="Creche"
        )
    saved = services.record_arrangements(
        conference=conference,
        by=coordinator,
        interpreter_needed=True,
        interpreter_languages=" Arabic ",
        interpreter_booked=True,
        childcare_needed=True,
        childcare_details="Creche for Noah",
        seating_arrangements="Mother near the door",
    )
    assert (saved.interpreter_languages, saved.interpreter_booked) == ("Arabic", True)
    assert saved.history.latest().history_user == coordinator
    # Not needed any more: the details go with it.
    saved = services.record_arrangements(
        conference=conference, by=coordinator, interpreter_needed=False
    )
    assert (saved.interpreter_languages, saved.interpreter_booked) == ("", False)


@pytest.mark.real_letters
def test_invitations_produce_letters_emails_and_meet_invites(
    request_with_everyone, coordinator, chair, household, stepfather, health_visitor_user
):
    conference = invited_conference(
        request=request_with_everyone, coordinator=coordinator, chair=chair
    )
    invitations = {i.name: i for i in Invitation.objects.filter(conference=conference)}

    mother = invitations["Sarah Jones"]
    assert mother.method == InvitationMethod.LETTER and mother.sent_at and mother.letter
    text = pdf_text(mother)
    assert "Amelia Jones" in text and "Noah Jones" in text
    assert "Child protection conferences: information for parents and carers" in text
    assert "Carol Chair" in text
    assert "1 High Street" in text  # her own address
    # Never another family member's address (Dan's and Mark's are withheld from the family).
    assert "7 Hidden Lane" not in text and "9 Low Road" not in text
    assert "supporter" in text

    dan = invitations["Dan Withheld"]
    dans = pdf_text(dan)
    assert "7 Hidden Lane" in dans
    assert "1 High Street" not in dans

    # Mark may not be sent documents: no letter, and the coordinator is told why.
    mark = invitations["Mark Jones"]
    assert not mark.letter and mark.sent_at is None
    assert mark.not_sent_reason == services.NO_DOCUMENTS_REASON

    # Professionals: one email each with a calendar invitation, naming no child.
    helen = invitations["Helen Health"]
    assert helen.method == InvitationMethod.EMAIL and helen.user == health_visitor_user
    assert helen.agency == health_visitor_user.agency
    hannah = invitations["Hannah Visitor"]
    assert hannah.agency == household["health_visitor"].agency
    emails = {message.to[0]: message for message in mail.outbox}
    assert set(emails) == {"helen@nhs.test", "hannah.visitor@health.example"}
    for message in emails.values():
        ics = ics_of(message)
        for name in ("Amelia", "Noah", "Jones"):
            assert name not in message.subject
            assert name not in message.body
            assert name not in unfold(ics)
        assert "the child or children you were told about" in message.body
        assert f"https://conferences.test/conferences/{conference.pk}/" in message.body
        assert f"UID:conference-{conference.pk}@example.gov.uk" in ics
        assert "METHOD:REQUEST" in ics and "SEQUENCE:0" in ics
        starts = conference.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert f"DTSTART:{starts}" in ics
        assert "SUMMARY:Child protection conference CPC-" in ics
        assert "LOCATION:Room 1\\, Civic Centre" in unfold(ics)
        assert all(line.endswith("\r") or line == "" for line in ics.split("\n"))
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))

    deadline = Deadline.objects.get(rule=RuleCode.INVITES, subject_id=conference.pk)
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert conference.invitations_sent_at is not None
    assert Invitation.history.filter(history_user=coordinator).count() == 5


def test_sending_twice_for_the_same_booking_is_refused(conference_request, coordinator, chair):
    conference = invited_conference(
        request=conference_request, coordinator=coordinator, chair=chair
    )
    with pytest.raises(services.ConferenceBookingError, match="already|were sent"):
        services.send_invitations(conference=conference, by=coordinator)


def test_only_a_coordinator_sends_and_only_for_a_booked_conference(
    conference_request, coordinator, chair
):
    allocated = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError, match="booked conference"):
        services.send_invitations(conference=allocated, by=coordinator)
    booked = services.book_conference(
        conference=allocated, starts_at=working_day_at(3), venue=venue(), by=coordinator
    )
    with pytest.raises(services.ConferenceBookingError, match="coordinator"):
        services.send_invitations(conference=booked, by=chair)
    assert not Invitation.objects.exists()
    assert not mail.outbox


@pytest.mark.real_letters
def test_re_booking_sends_changed_invitations_with_a_higher_sequence_and_keeps_history(
    conference_request, coordinator, chair, service_manager, clock
):
    conference = invited_conference(
        request=conference_request, coordinator=coordinator, chair=chair
    )
    clock.shift(datetime.timedelta(minutes=30))  # postponed and re-booked later that morning
    mother = Invitation.objects.get(
        conference=conference, kind=InviteeKind.FAMILY, person__forename="Sarah"
    )
    first_letter = mother.letter.name
    services.postpone_conference(
        conference=conference,
        reason="Chair ill",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    services.book_conference(
        conference=conference, starts_at=working_day_at(5, hour=14), venue=venue(), by=coordinator
    )
    mail.outbox.clear()
    send_invitations(conference=conference, by=coordinator)

    mother.refresh_from_db()
    assert mother.letter.name != first_letter
    assert mother.sequence == 1
    assert "2pm" in pdf_text(mother)
    assert mother.history.count() >= 2
    assert first_letter in {h.letter for h in mother.history.all()}
    (message,) = mail.outbox
    assert message.subject.startswith("Changed: ")
    ics = ics_of(message)
    assert "SEQUENCE:1" in ics
    assert f"UID:conference-{conference.pk}@" in ics
    assert Invitation.objects.filter(conference=conference).count() == 3
    # The re-booking's own INVITES deadline is met.
    assert not Deadline.objects.filter(
        rule=RuleCode.INVITES, subject_id=conference.pk, status=DeadlineStatus.OPEN
    ).exists()


def _child_aged_on(day, years, *, turns_next_day=False, **kwargs):
    try:
        born = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        born = day.replace(year=day.year - years, day=28)
    if turns_next_day:
        born += datetime.timedelta(days=1)
    return ChildFactory(date_of_birth=born, **kwargs)


@shareable
def older_household(worker):
    """Lily turns 10 on the day of the conference; Jack turns 10 the day after it (9 on the
    day); Ruby is 12. Their mother is invited."""
    when = working_day_at(3)
    day = timezone.localdate(when)
    lily = _child_aged_on(day, 10, legal_forename="Lily", lead_social_worker=worker)
    jack = _child_aged_on(
        day, 10, turns_next_day=True, legal_forename="Jack", household=lily.household
    )
    ruby = _child_aged_on(day, 12, legal_forename="Ruby", household=lily.household)
    mother = PersonFactory()
    for child in (lily, jack, ruby):
        FamilyLinkFactory(child=child, person=mother)
    return {"when": when, "lily": lily, "jack": jack, "ruby": ruby}


def test_children_aged_10_and_over_are_referred_to_advocacy_unless_they_opt_out(
    worker, coordinator, chair, older_household, settings
):
    from tests.factories.children import enquiries_needing_conference

    settings.ADVOCACY_SERVICE_EMAIL = "advocates@advocacy.test"
    children = [older_household[name] for name in ("lily", "jack", "ruby")]
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=older_household["when"]
    )
    ruby = older_household["ruby"]
    with pytest.raises(services.ConferenceBookingError):
        services.record_advocacy_opt_out(
            conference=conference, child=ruby, reason="", by=coordinator
        )
    other_child = ChildFactory()
    with pytest.raises(services.ConferenceBookingError, match="conference is about"):
        services.record_advocacy_opt_out(
            conference=conference, child=other_child, reason="Said no", by=coordinator
        )
    services.record_advocacy_opt_out(
        conference=conference,
        child=ruby,
        reason="Ruby told her social worker she does not want an advocate",
        by=coordinator,
    )
    send_invitations(conference=conference, by=coordinator)

    referrals = {r.child_id: r for r in AdvocacyReferral.objects.filter(conference=conference)}
    lily = older_household["lily"]
    assert referrals[lily.pk].status == AdvocacyStatus.REFERRED
    assert referrals[lily.pk].referred_at is not None
    assert older_household["jack"].pk not in referrals  # 9 on the day
    assert referrals[ruby.pk].status == AdvocacyStatus.OPTED_OUT  # opt-out respected
    advocacy = [m for m in mail.outbox if m.to == ["advocates@advocacy.test"]]
    assert len(advocacy) == 1
    # Issue 20: the referral gives Lily's reference, not her name (the social worker gives it).
    assert f"Child: reference {lily.reference}" in advocacy[0].body
    assert "Lily" not in advocacy[0].body and "Lily" not in advocacy[0].subject
    assert "Ruby" not in advocacy[0].body


def test_ics_folds_long_lines_at_75_octets_and_escapes_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line


def test_a_professional_with_no_email_is_recorded_not_sent(
    worker, enquiries, household, coordinator, chair
):
    hv = household["health_visitor"]
    hv.email = ""
    hv.save()
    request = send_request(by=worker, enquiries=enquiries)
    conference = invited_conference(request=request, coordinator=coordinator, chair=chair)
    invitation = Invitation.objects.get(conference=conference, involvement=hv)
    assert invitation.not_sent_reason == services.NO_EMAIL_REASON
    assert invitation.sent_at is None
    assert not [m for m in mail.outbox if "Invitation" in m.subject]


def test_letters_are_stored_in_private_media_under_names_without_people(
    conference_request, coordinator, chair, private_media
):
    conference = invited_conference(
        request=conference_request, coordinator=coordinator, chair=chair
    )
    letter = Invitation.objects.filter(conference=conference).exclude(letter="").get()
    assert str(private_media) in letter.letter.path
    assert re.fullmatch(
        r"invitations/\d{4}/\d{2}/invitation-\d+-[0-9a-f]{16}\.pdf", letter.letter.name
    )
    assert "Jones" not in letter.letter.name


def test_chair_role_alone_cannot_record_arrangements_or_opt_outs(
    conference_request, coordinator, chair
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    with pytest.raises(services.ConferenceBookingError):
        services.record_arrangements(conference=conference, by=qa, seating_arrangements="x")
    with pytest.raises(services.ConferenceBookingError):
        services.record_advocacy_opt_out(
            conference=conference,
            child=conference.conference_children.first().child,
            reason="Said no",
            by=chair,
        )
