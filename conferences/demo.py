"""Demo conferences: rooms to book, and the demo household's request waiting in the
coordinator's queue."""

from faker import Faker

from accounts.models import User
from children.models import FamilyLink, ProfessionalInvolvement, S47Enquiry, S47Outcome

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


def seed(fake: Faker) -> dict:
    for name, address in VENUES:
        Venue.objects.get_or_create(name=name, defaults={"address": address})
    enquiries = list(
        S47Enquiry.objects.filter(
            child__local_child_id__startswith="DEMO-", outcome=S47Outcome.CONFERENCE_NEEDED
        ).select_related("child")
    )
    if not enquiries or ConferenceRequestChild.objects.filter(enquiry__in=enquiries).exists():
        return {}
    social_worker = User.objects.get(email="social.worker@demo.example")
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
    request = services.send_conference_request(
        by=social_worker,
        enquiries=enquiries,
        family_members=sorted(people, key=lambda person: person.pk),
        professionals=professionals,
        separate_attendance_needed=True,
        separate_attendance_details=(
            "The parents cannot attend together because of domestic abuse. The father's address "
            "must not be shared with the mother."
        ),
        child_attending=ChildAttendance.NO,
    )
    return {"request": request}
