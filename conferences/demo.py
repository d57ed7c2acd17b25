"""Demo conferences: rooms to book; the first demo household's request waiting in the
coordinator's queue; and a brother and sister whose conference is booked with the invitations
sent, so the chair, the health visitor and the social worker each have something to prepare."""

import datetime

from django.utils import timezone
from faker import Faker

from accounts.models import User
from children.models import FamilyLink, ProfessionalInvolvement, S47Enquiry, S47Outcome
from timescales import calendar

from . import services
from .models import ChildAttendance, ConferenceRequestChild, Venue

VENUES = [
    ("Conference Room 1, Civic Centre", "Civic Centre\nHigh Street\nDemoton\nDM1 1AA"),
    ("Conference Room 2, Civic Centre", "Civic Centre\nHigh Street\nDemoton\nDM1 1AA"),
    (
        "Family Room, Northgate Children's Centre",
        "Northgate Children's Centre\nNorthgate\nDemoton\nDM2 4BB",
    ),
]
WAITING = ("DEMO0001", "DEMO0002", "DEMO0003")
BOOKED = ("DEMO0006", "DEMO0007")


def _request_for(local_ids, *, by, **needs):
    """Send the request for these demo children, inviting their whole network (once)."""
    enquiries = list(
        S47Enquiry.objects.filter(
            child__local_child_id__in=local_ids, outcome=S47Outcome.CONFERENCE_NEEDED
        ).select_related("child")
    )
    if not enquiries or ConferenceRequestChild.objects.filter(enquiry__in=enquiries).exists():
        return None
    children = [enquiry.child for enquiry in enquiries]
    people = {
        link.person
        for link in FamilyLink.objects.filter(
            child__in=children, ended_at__isnull=True
        ).select_related("person")
    }
    professionals = list(
        ProfessionalInvolvement.objects.filter(child__in=children, ended_on__isnull=True)
    )
    return services.send_conference_request(
        by=by,
        enquiries=enquiries,
        family_members=sorted(people, key=lambda person: person.pk),
        professionals=professionals,
        **needs,
    )


def seed(fake: Faker) -> dict:
    for name, address in VENUES:
        Venue.objects.get_or_create(name=name, defaults={"address": address})
    social_worker = User.objects.get(email="social.worker@demo.example")
    waiting = _request_for(
        WAITING,
        by=social_worker,
        separate_attendance_needed=True,
        separate_attendance_details=(
            "The parents cannot attend together because of domestic abuse. The father's address "
            "must not be shared with the mother."
        ),
        child_attending=ChildAttendance.NO,
    )
    booked_request = _request_for(
        BOOKED, by=social_worker, child_attending=ChildAttendance.NOT_DECIDED
    )
    conference = None
    if booked_request is not None:
        coordinator = User.objects.get(email="coordinator@demo.example")
        conference = services.allocate_chair(
            request=booked_request,
            chair=User.objects.get(email="chair@demo.example"),
            by=coordinator,
        )
        day = calendar.add_working_days(timezone.localdate(), 6)
        conference = services.book_conference(
            conference=conference,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            venue=Venue.objects.get(name=VENUES[0][0]),
            minute_taker=User.objects.get(email="minute.taker@demo.example"),
            by=coordinator,
        )
        services.send_invitations(
            conference=conference, by=coordinator, base_url="http://127.0.0.1:8000"
        )
    return {"request": waiting, "conference": conference}
