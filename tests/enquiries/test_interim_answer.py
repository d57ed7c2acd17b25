"""Issue 17: a child on an interim plan (an adjourned initial conference) is subject to a plan,
and the enquirer is told so in words: "subject to an interim child protection plan (conference
adjourned, reconvenes by <date>)". Synthetic data only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conferences.models import ConferenceStatus
from enquiries import services
from enquiries.models import EnquiryResult
from plans.interim import place_on_interim_plan
from tests.factories.census import held_conference_on

from .conftest import call_details

pytestmark = pytest.mark.django_db


@time_machine.travel(
    datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
)
def test_an_interim_plan_is_answered_as_one(enquirer, police, amelia, chair):
    today = timezone.localdate()
    conference = held_conference_on(child=amelia, on=today, chair=chair)
    conference.status = ConferenceStatus.BOOKED
    conference.adjourned_at = timezone.now()
    conference.reconvene_by = datetime.date(2026, 11, 11)
    conference.save()
    plan = place_on_interim_plan(child=amelia, conference=conference, on=today, by=chair)
    assert plan.is_interim

    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    answered = services.answer_enquiry(
        enquiry=enquiry,
        by=enquirer,
        forename="Amelia",
        surname="Jones",
        date_of_birth=amelia.date_of_birth,
    )
    assert answered.result == EnquiryResult.SUBJECT_TO_PLAN
    match = answered.matches.get()
    assert match.on_plan and match.interim and match.plan == plan
    assert match.answer == (
        "Subject to an interim child protection plan "
        "(conference adjourned, reconvenes by 11 November 2026)"
    )
