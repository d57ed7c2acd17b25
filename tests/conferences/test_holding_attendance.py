"""Holding the conference: starting it on its day, the attendance list from the invitations,
quoracy (the chair, the social worker and at least two other agencies), the chair's reason to
proceed when it is not quorate, and who may record."""

import pytest
from django.utils import timezone

from accounts.models import AgencyKind, RoleCode
from conferences import services
from conferences.models import (
    Attendance,
    AttendanceKind,
    AttendanceRole,
    AttendanceStatus,
    InvitationReply,
    ParentsMetChair,
)
from conferences.quoracy import may_reach_decision, quoracy
from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.conferences import (
    booked_conference,
    move_to_today,
    send_invitations,
    started_conference,
)
from tests.shared_world import shareable
from voice import services as voice_services
from voice.errors import VoiceError
from voice.models import ChildVoice, Participation

pytestmark = pytest.mark.django_db


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    return started_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )


def _row(conference, **filters):
    return Attendance.objects.get(conference=conference, **filters)


def _attend(conference, by, *rows):
    services.record_attendance(
        conference=conference, by=by, rows=dict.fromkeys(rows, AttendanceStatus.ATTENDED)
    )


def test_starting_makes_the_attendance_list_from_the_invitations(
    conference_request, coordinator, chair, minute_taker, worker, household
):
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )
    send_invitations(conference=conference, by=coordinator)
    health_visitor = conference.invitations.get(kind="professional")
    services.reply_to_invitation(
        invitation=health_visitor, by=coordinator, reply=InvitationReply.APOLOGIES
    )
    move_to_today(conference)

    started = services.start_conference(conference=conference, by=minute_taker)

    assert started.started_at is not None and started.started_by == minute_taker
    rows = {row.name: row for row in Attendance.objects.filter(conference=conference)}
    assert rows["Carol Chair"].conference_role == AttendanceRole.CHAIR
    assert rows["Carol Chair"].status == AttendanceStatus.ATTENDED
    assert rows["Mina Minutes"].conference_role == AttendanceRole.MINUTE_TAKER
    assert rows[worker.full_name].conference_role == AttendanceRole.SOCIAL_WORKER
    assert rows[worker.full_name].status == AttendanceStatus.EXPECTED
    assert rows["Hannah Visitor"].status == AttendanceStatus.APOLOGIES
    assert rows["Hannah Visitor"].invitation == health_visitor
    assert rows["Sarah Jones"].kind == AttendanceKind.FAMILY
    assert rows["Sarah Jones"].status == AttendanceStatus.EXPECTED
    assert len(rows) == 6  # chair, minute taker, social worker, mother, father, health visitor
    assert conference.signs_of_safety.updated_by == minute_taker
    # Starting again changes nothing.
    services.start_conference(conference=conference, by=chair)
    assert Attendance.objects.filter(conference=conference).count() == 6
    assert Attendance.history.filter(conference_id=conference.pk).count() == 6
    assert Attendance.history.first().history_user == minute_taker


def test_a_conference_starts_on_its_day_and_only_for_its_chair_or_minute_taker(
    conference_request, coordinator, chair, minute_taker, household
):
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )
    with pytest.raises(services.HoldingError, match="can be started on that day"):
        services.start_conference(conference=conference, by=chair)
    move_to_today(conference)
    for user in (
        coordinator,
        UserFactory(roles=[RoleCode.CHAIR]),
        UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]),
    ):
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            services.start_conference(conference=conference, by=user)
    conference.refresh_from_db()
    assert conference.started_at is None
    assert not Attendance.objects.filter(conference=conference).exists()


def test_chair_social_worker_and_one_other_agency_is_not_quorate(
    conference, chair, worker, household
):
    health = _row(conference, name="Hannah Visitor")
    _attend(conference, chair, _row(conference, user=worker), health)

    facts = quoracy(conference)

    assert facts.chair_attended and facts.social_worker_attended
    assert not facts.quorate
    assert facts.other_agencies == [health.agency.name]
    assert facts.explanation.startswith(
        "Not quorate: only one agency other than children's social care attended "
        f"({health.agency.name})"
    )
    assert "not confirmed yet" in facts.explanation  # the parents' rows


def test_two_other_agencies_make_it_quorate(conference, chair, worker):
    _attend(
        conference, chair, _row(conference, user=worker), _row(conference, name="Hannah Visitor")
    )
    services.add_attendee(
        conference=conference,
        by=chair,
        name="PC Dawson",
        kind=AttendanceKind.PROFESSIONAL,
        organisation="Humberside Police",
        capacity="Police officer",
    )
    facts = quoracy(conference)
    assert facts.quorate
    assert facts.explanation.startswith("Quorate: the chair, the children's social worker and 2")
    assert may_reach_decision(conference)[0] is True


def test_two_staff_of_the_same_agency_count_once(conference, chair, worker):
    _attend(conference, chair, _row(conference, user=worker))
    for name in ("PC Dawson", "DC Hale"):
        services.add_attendee(
            conference=conference,
            by=chair,
            name=name,
            kind=AttendanceKind.PROFESSIONAL,
            organisation="Humberside  police",
            capacity="Police officer",
        )
    # The same agency spelled differently in case and spaces is still one agency.
    services.add_attendee(
        conference=conference,
        by=chair,
        name="DS Kerr",
        kind=AttendanceKind.PROFESSIONAL,
        organisation="humberside police",
    )
    facts = quoracy(conference)
    assert not facts.quorate
    assert facts.other_agencies == ["Humberside  police"]


def test_childrens_social_care_is_not_an_other_agency(conference, chair, worker):
    _attend(
        conference, chair, _row(conference, user=worker), _row(conference, name="Hannah Visitor")
    )
    services.add_attendee(
        conference=conference,
        by=chair,
        name="Tom Manager",
        kind=AttendanceKind.PROFESSIONAL,
        organisation="Children's Social Care",
        capacity="Team manager",
    )
    council = AgencyFactory(
        name="North East Lincolnshire Council", kind=AgencyKind.CHILDRENS_SOCIAL_CARE
    )
    Attendance.objects.create(
        conference=conference,
        agency=council,
        name="Family support worker",
        kind=AttendanceKind.PROFESSIONAL,
        status=AttendanceStatus.ATTENDED,
    )
    facts = quoracy(conference)
    assert not facts.quorate and len(facts.other_agencies) == 1


def test_without_the_social_worker_or_the_chair_it_is_not_quorate(conference, chair):
    _attend(conference, chair, _row(conference, name="Hannah Visitor"))
    for name in ("PC Dawson", "Ms Head"):
        services.add_attendee(
            conference=conference,
            by=chair,
            name=name,
            kind=AttendanceKind.PROFESSIONAL,
            organisation=name,
        )
    services.record_attendance(
        conference=conference,
        by=chair,
        rows={_row(conference, conference_role=AttendanceRole.CHAIR): AttendanceStatus.APOLOGIES},
    )
    facts = quoracy(conference)
    assert not facts.quorate
    assert "the chair is not recorded as attending" in facts.explanation
    assert "the children's social worker is not recorded as attending" in facts.explanation


def test_a_social_worker_added_by_hand_counts(conference, chair):
    _attend(conference, chair, _row(conference, name="Hannah Visitor"))
    services.add_attendee(
        conference=conference,
        by=chair,
        name="Duty Worker",
        kind=AttendanceKind.PROFESSIONAL,
        organisation="Children's social care",
        is_social_worker=True,
    )
    assert quoracy(conference).social_worker_attended


def test_inquorate_cannot_reach_a_decision_without_the_chairs_reason(
    conference, chair, minute_taker
):
    allowed, reason = may_reach_decision(conference)
    assert allowed is False
    assert "The chair must record why the conference proceeds" in reason

    with pytest.raises(services.HoldingError, match="Only the conference's chair"):
        services.record_quorate_reason(conference=conference, by=minute_taker, reason="Baby")
    with pytest.raises(services.HoldingError) as error:
        services.record_quorate_reason(conference=conference, by=chair, reason="  ")
    assert error.value.field == "reason"

    services.record_quorate_reason(
        conference=conference,
        by=chair,
        reason="A baby known only to the health visitor; waiting would leave him unprotected.",
    )
    conference.refresh_from_db()
    allowed, reason = may_reach_decision(conference)
    assert allowed is True and "known only to the health visitor" in reason
    assert conference.quorate_reason_by == chair
    assert conference.history.latest().history_user == chair


def test_participation_is_recorded(conference, minute_taker):
    """Whether the parents met the chair stays on the conference; how the child took part is
    per child (issue 21)."""
    services.record_participation(
        conference=conference, by=minute_taker, parents_met_chair_beforehand=ParentsMetChair.YES
    )
    children = [link.child for link in conference.conference_children.all()]
    voice_services.record_participation(
        conference=conference,
        by=minute_taker,
        answers={child.pk: (Participation.ADVOCATE, "") for child in children},
    )
    conference.refresh_from_db()
    assert conference.parents_met_chair_beforehand == ParentsMetChair.YES
    assert {voice.participation for voice in ChildVoice.objects.filter(conference=conference)} == {
        Participation.ADVOCATE
    }
    with pytest.raises(services.HoldingError) as error:
        services.record_participation(
            conference=conference, by=minute_taker, parents_met_chair_beforehand="maybe"
        )
    assert error.value.field == "parents_met_chair_beforehand"
    with pytest.raises(VoiceError) as error:
        voice_services.record_participation(
            conference=conference, by=minute_taker, answers={children[0].pk: ("maybe", "")}
        )
    assert error.value.field == f"participation_{children[0].pk}"


def test_only_the_chair_or_minute_taker_records_attendance(conference, coordinator, worker):
    row = _row(conference, user=worker)
    for user in (coordinator, worker, UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])):
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            services.record_attendance(
                conference=conference, by=user, rows={row: AttendanceStatus.ATTENDED}
            )
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            services.add_attendee(
                conference=conference, by=user, name="Someone", kind=AttendanceKind.FAMILY
            )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.EXPECTED


def test_attendance_rows_must_be_of_the_conference_and_statuses_known(
    conference, chair, conference_request
):
    row = _row(conference, name="Hannah Visitor")
    with pytest.raises(services.HoldingError) as error:
        services.record_attendance(conference=conference, by=chair, rows={row: "asleep"})
    assert error.value.field == "rows"
    with pytest.raises(services.HoldingError, match="not at this conference"):
        services.record_attendance(conference=conference, by=chair, rows={10**6: "attended"})


def test_attendance_history_records_who_changed_it(conference, minute_taker):
    row = _row(conference, name="Hannah Visitor")
    services.record_attendance(
        conference=conference, by=minute_taker, rows={row.pk: AttendanceStatus.PART}
    )
    latest = row.history.latest()
    assert latest.status == AttendanceStatus.PART and latest.history_user == minute_taker
    assert row.history.count() == 2


def test_a_conference_not_started_cannot_be_recorded(
    conference_request, coordinator, chair, minute_taker
):
    conference = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    with pytest.raises(services.HoldingError, match="Start the conference"):
        services.add_attendee(
            conference=conference, by=chair, name="Someone", kind=AttendanceKind.FAMILY
        )
    assert timezone.now() < conference.starts_at
