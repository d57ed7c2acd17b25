"""Double booking is refused by the database: two coordinators booking the same chair at the same
time at once (one succeeds), and an overlapping row written around the service (the PostgreSQL
exclusion constraints of migration 0002). PostgreSQL only."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services
from conferences.models import Conference, ConferenceStatus
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, venue, working_day_at
from tests.services import require_postgres


def allocated(*, worker, coordinator, chair):
    child = ChildFactory(lead_social_worker=worker)
    FamilyLinkFactory(child=child, person=PersonFactory(), relationship=Relationship.MOTHER)
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return services.allocate_chair(request=request, chair=chair, by=coordinator)


def people():
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], line_manager=UserFactory(roles=[RoleCode.TEAM_MANAGER])
    )
    return worker, UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_the_same_chair_at_the_same_time_one_succeeds():
    require_postgres()
    worker, coordinator = people()
    chair = UserFactory(roles=[RoleCode.CHAIR])
    conferences = [allocated(worker=worker, coordinator=coordinator, chair=chair) for _ in range(2)]
    starts = working_day_at(3)
    rooms = [venue("Room A"), venue("Room B")]
    barrier = threading.Barrier(2)
    booked, refused, errors = [], [], []

    def book(conference, room):
        try:
            barrier.wait()
            services.book_conference(
                conference=conference, starts_at=starts, venue=room, by=coordinator
            )
            booked.append(conference.pk)
        except services.ConferenceBookingError as error:
            refused.append(error.message)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(conference, room))
        for conference, room in zip(conferences, rooms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(booked) == 1
    assert len(refused) == 1
    assert "already" in refused[0]
    assert Conference.objects.filter(status=ConferenceStatus.BOOKED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("column", ["chair", "minute_taker", "venue"])
def test_the_database_refuses_an_overlapping_booking_written_around_the_service(column):
    require_postgres()
    worker, coordinator = people()
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER])
    room = venue()
    first = allocated(
        worker=worker, coordinator=coordinator, chair=UserFactory(roles=[RoleCode.CHAIR])
    )
    second = allocated(
        worker=worker, coordinator=coordinator, chair=UserFactory(roles=[RoleCode.CHAIR])
    )
    starts = working_day_at(3)
    services.book_conference(
        conference=first,
        starts_at=starts,
        venue=room,
        minute_taker=minute_taker,
        by=coordinator,
    )
    shared = {"chair": first.chair, "minute_taker": minute_taker, "venue": room}[column]
    fields = {
        "status": ConferenceStatus.BOOKED,
        "starts_at": starts + datetime.timedelta(minutes=30),
        "ends_at": starts + datetime.timedelta(hours=3),
        "online_link": "https://meet.example/x",
        column: shared,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.filter(pk=second.pk).update(**fields)
