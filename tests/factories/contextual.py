"""Contextual Safeguarding Conferences built through the services (issue 22 item 5)."""

import datetime

from django.utils import timezone

from contextual import services
from contextual.models import CscDecision, HarmOutsideFamily, ViewKind


def today_at(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(hour, minute))
    )


def requested_csc(*, child, by, harms=(HarmOutsideFamily.CRIMINAL_EXPLOITATION,)):
    return services.request_conference(
        child=child,
        harms=list(harms),
        concerns="Seen with older males at the railway station late at night.",
        by=by,
    )


def booked_csc(*, conference, coordinator, chair, professionals=(), starts_at=None):
    return services.book_conference(
        conference=conference,
        chair=chair,
        starts_at=starts_at or today_at(14),
        venue="Room 2, County Hall",
        professionals=list(professionals),
        by=coordinator,
    )


def record_every_view(*, conference, chair):
    services.record_view(
        conference=conference,
        kind=ViewKind.PROFESSIONAL,
        name="PC Dana Hollis",
        role="Police, Child Exploitation Team",
        view="Linked to a county lines group; two missing episodes this month.",
        recommendation="plan",
        by=chair,
    )
    services.record_view(
        conference=conference,
        kind=ViewKind.PARENT,
        name="Sarah Example",
        role="Mother",
        view="Worried about the new friends; wants help keeping him home at night.",
        by=chair,
    )
    services.record_view(
        conference=conference,
        kind=ViewKind.YOUNG_PERSON,
        name="The young person",
        view="Says the older boys look out for him; agrees to see a youth worker.",
        by=chair,
    )


def held_csc_with_plan(*, child, worker, coordinator, chair, professionals=()):
    """Requested, booked for today, held with every view and a plan decided."""
    conference = booked_csc(
        conference=requested_csc(child=child, by=worker),
        coordinator=coordinator,
        chair=chair,
        professionals=professionals,
    )
    record_every_view(conference=conference, chair=chair)
    return services.record_decision(
        conference=conference,
        decision=CscDecision.PLAN,
        rationale="Significant risk of criminal exploitation; the family and agencies agree.",
        by=chair,
    )


def add_outcome(*, plan, by, days=28):
    return services.add_outcome(
        plan=plan,
        outcome="No missing episodes overnight.",
        measure="Police missing-person reports: none for 4 weeks.",
        who="Sam Social",
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        by=by,
    )
