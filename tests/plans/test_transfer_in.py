"""Transfer-in (issue 7 part 7): recording a child who moved in on another authority's plan opens
TRANSFER_IN (15 working days from notice of the move); holding the transfer-in conference about the
child meets it (on time or late); the page records it from the child's page, with plain errors."""

import datetime
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from plans import services
from plans.models import PlanCategory, TransferIn
from plans.services import PlanError
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory
from tests.factories.conferences import add_danger_statements, decide_every_child, make_quorate
from tests.factories.plans import plan_from
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _transfer_deadline(transfer):
    return Deadline.objects.get(
        rule=RuleCode.TRANSFER_IN,
        subject_type=ContentType.objects.get_for_model(TransferIn),
        subject_id=transfer.pk,
    )


def _record(child, by, **overrides):
    kwargs = {
        "child": child,
        "by": by,
        "previous_authority": "Somerset Council",
        "previous_plan_started_on": TODAY() - datetime.timedelta(days=90),
        "previous_plan_category": PlanCategory.NEGLECT,
        "moved_in_on": TODAY() - datetime.timedelta(days=3),
        "notified_on": TODAY() - datetime.timedelta(days=2),
    }
    kwargs.update(overrides)
    return services.record_transfer_in(**kwargs)


def _hold_as_transfer_in(conference, *, chair, minute_taker):
    """The started conference becomes the transfer-in conference (its booking path is not built
    yet) and is held through the real services."""
    Conference.objects.filter(pk=conference.pk).update(kind=ConferenceKind.TRANSFER_IN)
    conference.refresh_from_db()
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=minute_taker, count=1)
    decide_every_child(conference, chair=chair)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    return conference


def test_recording_a_transfer_in_opens_transfer_in_15_working_days_from_notice(child, worker):
    notified = TODAY() - datetime.timedelta(days=2)
    transfer = _record(child, worker, notified_on=notified)
    deadline = _transfer_deadline(transfer)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.due_on == calendar.add_working_days(notified, 15)
    assert deadline.child_id == child.pk
    assert deadline.responsible_id == worker.pk
    assert transfer.history.count() == 1


def test_holding_the_transfer_in_conference_meets_transfer_in(
    child, worker, conference, chair, minute_taker
):
    transfer = _record(child, worker, notified_on=TODAY())
    held = _hold_as_transfer_in(conference, chair=chair, minute_taker=minute_taker)
    transfer.refresh_from_db()
    assert transfer.conference_id == held.pk
    assert transfer.conference_held_on == timezone.localdate(held.starts_at)
    assert _transfer_deadline(transfer).status == DeadlineStatus.MET_ON_TIME


def test_a_transfer_in_conference_held_after_15_working_days_meets_it_late(
    child, worker, conference, chair, minute_taker
):
    notified = calendar.add_working_days(TODAY(), -20)
    transfer = _record(
        child,
        worker,
        notified_on=notified,
        moved_in_on=notified,
        previous_plan_started_on=notified - datetime.timedelta(days=60),
    )
    _hold_as_transfer_in(conference, chair=chair, minute_taker=minute_taker)
    assert _transfer_deadline(transfer).status == DeadlineStatus.MET_LATE


def test_an_initial_conference_does_not_meet_transfer_in(
    child, worker, conference, chair, minute_taker
):
    transfer = _record(child, worker)
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=minute_taker, count=1)
    decide_every_child(conference, chair=chair)
    transfer.refresh_from_db()
    assert transfer.conference_id is None
    assert _transfer_deadline(transfer).status == DeadlineStatus.OPEN


def test_a_child_already_on_a_plan_here_or_already_recorded_is_refused(child, worker, conference):
    other = ChildFactory(lead_social_worker=worker)
    _record(other, worker)
    with pytest.raises(PlanError, match="already recorded"):
        _record(other, worker)
    plan_from(conference=conference, child=child)
    with pytest.raises(PlanError, match="already has a child protection plan"):
        _record(child, worker)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda: {"previous_authority": "  "}, "previous_authority"),
        (lambda: {"previous_plan_category": "bullying"}, "previous_plan_category"),
        (lambda: {"moved_in_on": TODAY() + datetime.timedelta(days=1)}, "moved_in_on"),
        (lambda: {"notified_on": None}, "notified_on"),
        (
            lambda: {"previous_plan_started_on": TODAY() - datetime.timedelta(days=1)},
            "previous_plan_started_on",
        ),
    ],
)
def test_bad_details_are_refused_with_the_field(child, worker, overrides, field):
    # The dates are worked out when the test runs, on the pinned clock, not when it is
    # collected, on the wall clock.
    with pytest.raises(PlanError) as refused:
        _record(child, worker, **overrides())
    assert refused.value.field == field
    assert not TransferIn.objects.exists()


def test_only_a_social_worker_or_manager_who_sees_the_child_records_it(child):
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    with pytest.raises(PlanError, match="Only a social worker"):
        _record(child, coordinator)
    agency = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    with pytest.raises(PlanError):
        _record(child, agency)


# --- The page ---------------------------------------------------------------------------------


def _url(child):
    return reverse("plans:transfer-in", args=[child.pk])


def test_the_child_page_links_to_the_transfer_in_page(client, child, worker):
    html = login(client, worker).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert _url(child) in html


def test_the_page_shows_errors_next_to_the_fields_and_keeps_what_was_typed(client, child, worker):
    login(client, worker)
    response = client.post(
        _url(child),
        {
            "previous_authority": "Somerset Council",
            "previous_plan_started_on_day": "1",
            "previous_plan_started_on_month": "2",
            "previous_plan_started_on_year": str(TODAY().year + 1),
            "previous_plan_category": "neglect",
            "moved_in_on_day": "",
            "moved_in_on_month": "",
            "moved_in_on_year": "",
        },
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert "Enter the date the child moved in" in html
    assert "Enter the date you were told of the move" in html
    assert 'value="Somerset Council"' in html
    assert not TransferIn.objects.exists()


def test_the_page_records_the_transfer_in(client, child, worker):
    login(client, worker)
    day = TODAY() - datetime.timedelta(days=1)
    started = TODAY() - datetime.timedelta(days=200)
    response = client.post(
        _url(child),
        {
            "previous_authority": "Somerset Council",
            "previous_plan_started_on_day": started.day,
            "previous_plan_started_on_month": started.month,
            "previous_plan_started_on_year": started.year,
            "previous_plan_category": "physical_abuse",
            "moved_in_on_day": day.day,
            "moved_in_on_month": day.month,
            "moved_in_on_year": day.year,
            "notified_on_day": day.day,
            "notified_on_month": day.month,
            "notified_on_year": day.year,
        },
    )
    assert response.status_code == 302
    transfer = TransferIn.objects.get(child=child)
    assert transfer.previous_plan_category == "physical_abuse"
    assert transfer.recorded_by == worker
    assert _transfer_deadline(transfer).due_on == calendar.add_working_days(day, 15)


def test_a_child_outside_the_users_scope_is_page_not_found(client, child):
    agency = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    assert login(client, agency).get(_url(child)).status_code == 404


def test_a_coordinator_may_not_open_the_page(client, child):
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    assert login(client, coordinator).get(_url(child)).status_code == 403


def test_the_page_reads_a_fixed_number_of_queries(
    client, child, worker, django_assert_max_num_queries
):
    login(client, worker)
    with django_assert_max_num_queries(15) as small:
        assert client.get(_url(child)).status_code == 200
    for _ in range(5):
        ChildFactory(lead_social_worker=worker)
    with django_assert_max_num_queries(15) as large:
        assert client.get(_url(child)).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


# --- Arranging and holding the transfer-in conference (no request: the move is its reason) ------


def _detail_url(transfer):
    return reverse("plans:transfer-in-detail", args=[transfer.pk])


def _arranged_and_booked(transfer, *, coordinator, chair, minute_taker, starts_at=None, **kwargs):
    from conferences import services as conference_services
    from tests.factories.conferences import venue, working_day_at

    conference = conference_services.arrange_transfer_in_conference(
        transfer_in=transfer, chair=chair, by=coordinator
    )
    return conference_services.book_conference(
        conference=conference,
        starts_at=starts_at or working_day_at(3),
        venue=venue(),
        minute_taker=minute_taker,
        by=coordinator,
        **kwargs,
    )


def test_the_coordinator_arranges_books_and_holds_the_transfer_in_conference(
    worker, coordinator, chair, minute_taker
):
    from conferences import services as conference_services
    from tests.factories.conferences import move_to_today, send_invitations

    moved = ChildFactory(lead_social_worker=worker)
    transfer = _record(moved, worker, notified_on=TODAY())
    conference = _arranged_and_booked(
        transfer, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    assert conference.kind == ConferenceKind.TRANSFER_IN
    assert conference.request_id is None
    assert [link.child_id for link in conference.conference_children.all()] == [moved.pk]
    assert (
        conference_services.arrange_transfer_in_conference(
            transfer_in=transfer, chair=chair, by=coordinator
        )
        == conference
    )  # arranging again finds the one arranged
    send_invitations(conference=conference, by=coordinator)
    move_to_today(conference)
    conference_services.start_conference(conference=conference, by=chair)
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=minute_taker, count=1)
    decide_every_child(conference, chair=chair)
    transfer.refresh_from_db()
    assert transfer.conference_id == conference.pk
    assert _transfer_deadline(transfer).status == DeadlineStatus.MET_ON_TIME
    assert moved.protection_plans.filter(status="active").exists()


def test_booking_after_the_transfer_in_due_date_needs_a_reason(
    worker, coordinator, chair, minute_taker
):
    from conferences.services import ConferenceBookingError
    from tests.factories.conferences import working_day_at

    moved = ChildFactory(lead_social_worker=worker)
    notified = calendar.add_working_days(TODAY(), -14)
    transfer = _record(
        moved,
        worker,
        notified_on=notified,
        moved_in_on=notified,
        previous_plan_started_on=notified - datetime.timedelta(days=30),
    )
    with pytest.raises(ConferenceBookingError) as refused:
        _arranged_and_booked(
            transfer,
            coordinator=coordinator,
            chair=chair,
            minute_taker=minute_taker,
            starts_at=working_day_at(5),
        )
    assert refused.value.field == "late_reason"
    conference = Conference.objects.get(kind=ConferenceKind.TRANSFER_IN)
    from conferences import services as conference_services
    from tests.factories.conferences import venue

    conference_services.book_conference(
        conference=conference,
        starts_at=working_day_at(5),
        venue=venue(),
        by=coordinator,
        late_reason="The family's previous social worker could not attend sooner",
    )
    assert "could not attend sooner" in _transfer_deadline(transfer).delay_reason


def test_only_the_coordinator_arranges_it_and_needs_a_chair(worker, coordinator, chair):
    from conferences.services import ConferenceBookingError, arrange_transfer_in_conference

    moved = ChildFactory(lead_social_worker=worker)
    transfer = _record(moved, worker)
    with pytest.raises(ConferenceBookingError):
        arrange_transfer_in_conference(transfer_in=transfer, chair=chair, by=worker)
    with pytest.raises(ConferenceBookingError) as refused:
        arrange_transfer_in_conference(transfer_in=transfer, chair=worker, by=coordinator)
    assert refused.value.field == "chair"
    assert not Conference.objects.filter(kind=ConferenceKind.TRANSFER_IN).exists()


def test_recording_leads_to_the_transfer_in_page_where_the_coordinator_arranges_it(
    client, worker, coordinator, chair
):
    moved = ChildFactory(lead_social_worker=worker)
    transfer = _record(moved, worker)
    # The social worker sees the record and its deadline, but no arranging form.
    html = unescape(login(client, worker).get(_detail_url(transfer)).content.decode())
    assert "Somerset Council" in html
    assert "Not arranged yet" in html
    assert "Allocate the chair" not in html
    assert client.post(_detail_url(transfer), {"chair": chair.pk}).status_code == 403
    # Asking to record the move again goes to the record already made.
    assert client.get(_url(moved)).url == _detail_url(transfer)

    login(client, coordinator)
    refused = client.post(_detail_url(transfer), {"chair": ""})
    assert "Select an independent chair" in unescape(refused.content.decode())
    response = client.post(_detail_url(transfer), {"chair": chair.pk})
    conference = Conference.objects.get(kind=ConferenceKind.TRANSFER_IN)
    assert response.url == reverse("conferences:book", args=[conference.pk])
    html = unescape(client.get(_detail_url(transfer)).content.decode())
    assert reverse("conferences:conference", args=[conference.pk]) in html


def test_the_transfer_in_page_is_not_found_outside_the_users_scope(client, worker):
    moved = ChildFactory(lead_social_worker=worker)
    transfer = _record(moved, worker)
    agency = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    assert login(client, agency).get(_detail_url(transfer)).status_code == 404
    moved.is_restricted = True
    moved.save()
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    assert login(client, other_worker).get(_detail_url(transfer)).status_code == 404


def test_the_transfer_in_page_reads_a_fixed_number_of_queries(
    client, worker, coordinator, django_assert_max_num_queries
):
    moved = ChildFactory(lead_social_worker=worker)
    transfer = _record(moved, worker)
    login(client, coordinator)
    with django_assert_max_num_queries(20) as small:
        assert client.get(_detail_url(transfer)).status_code == 200
    for _ in range(5):
        _record(ChildFactory(lead_social_worker=worker), worker)
    with django_assert_max_num_queries(20) as large:
        assert client.get(_detail_url(transfer)).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
