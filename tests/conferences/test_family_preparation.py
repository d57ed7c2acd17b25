"""Issue 21 item 5, preparing the family (004 chairs' items 4 and 5): the chair's meeting with the
parents at least 20 minutes before the conference, and with a parent advised not to attend. Both
are prompts on the chair's work list until recorded (held: when and how long; or why not); only
the chair records them; the holding page's "parents met the chair" follows the record."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from conferences import services
from conferences.models import (
    ChairMeeting,
    ChairMeetingKind,
    ConferenceStatus,
    Invitation,
    ParentAdvisedNotToAttend,
    ParentsMetChair,
)
from conferences.worklists import family_meetings_to_record
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    started_conference,
)
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

PARENTS = ChairMeetingKind.PARENTS
ABSENT = ChairMeetingKind.ABSENT_PARENT


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    """Booked three working days ahead at 10am."""
    return booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )


def _an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def _meet_parents(conference, by, **kwargs):
    values = {"held": True, "held_at": _an_hour_ago(), "minutes": 25}
    values.update(kwargs)
    return services.record_chair_meeting(conference=conference, by=by, kind=PARENTS, **values)


def _advise(conference, chair, person, reason="Risk to the mother (domestic abuse)"):
    return services.record_advised_not_to_attend(
        conference=conference, by=chair, person_id=person.pk, reason=reason
    )


# --- The meeting with the parents ------------------------------------------------------------


def test_a_meeting_held_sets_that_the_parents_met_the_chair(conference, chair):
    meeting = _meet_parents(conference, chair)
    conference.refresh_from_db()
    assert meeting.held and meeting.minutes == 25 and not meeting.was_short
    assert conference.parents_met_chair_beforehand == ParentsMetChair.YES


def test_a_meeting_not_held_needs_the_reason_and_sets_no(conference, chair):
    with pytest.raises(services.HoldingError) as error:
        services.record_chair_meeting(
            conference=conference, by=chair, kind=PARENTS, held=False, not_held_reason="  "
        )
    assert error.value.field == "not_held_reason"
    services.record_chair_meeting(
        conference=conference,
        by=chair,
        kind=PARENTS,
        held=False,
        not_held_reason="The parents arrived as the conference began",
    )
    conference.refresh_from_db()
    assert conference.parents_met_chair_beforehand == ParentsMetChair.NO


def test_a_meeting_shorter_than_20_minutes_needs_the_reason(conference, chair):
    with pytest.raises(services.HoldingError) as error:
        _meet_parents(conference, chair, minutes=19)
    assert error.value.field == "shorter_reason"
    assert "at least 20 minutes" in error.value.message
    assert not ChairMeeting.objects.exists()
    meeting = _meet_parents(
        conference, chair, minutes=10, shorter_reason="The father arrived late (bus)"
    )
    assert meeting.was_short and meeting.shorter_reason == "The father arrived late (bus)"
    # 20 minutes is enough: no reason kept.
    meeting = _meet_parents(conference, chair, minutes=20, shorter_reason="not needed")
    assert not meeting.was_short and meeting.shorter_reason == ""


def test_a_meeting_is_in_the_past_and_before_the_conference_starts(conference, chair):
    with pytest.raises(services.HoldingError) as error:
        _meet_parents(conference, chair, held_at=timezone.now() + datetime.timedelta(minutes=5))
    assert error.value.field == "held_at"
    with pytest.raises(services.HoldingError) as error:
        _meet_parents(conference, chair, held_at=None)
    assert error.value.field == "held_at"
    with pytest.raises(services.HoldingError) as error:
        _meet_parents(conference, chair, minutes=0)
    assert error.value.field == "minutes"


def test_a_meeting_after_the_conference_started_is_refused(
    conference_request, coordinator, chair, minute_taker
):
    started = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    with pytest.raises(services.HoldingError) as error:
        _meet_parents(started, chair, held_at=started.starts_at + datetime.timedelta(minutes=1))
    assert "before the conference started" in error.value.message
    _meet_parents(started, chair, held_at=started.starts_at - datetime.timedelta(minutes=25))


def test_recording_again_corrects_the_one_record(conference, chair):
    _meet_parents(conference, chair)
    _meet_parents(conference, chair, minutes=40)
    meeting = ChairMeeting.objects.get(conference=conference)
    assert meeting.minutes == 40
    assert meeting.history.count() == 2


def test_only_the_chair_records_the_meetings(conference, coordinator, minute_taker, worker):
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    for user in (coordinator, minute_taker, worker, other_chair):
        with pytest.raises(services.HoldingError) as error:
            _meet_parents(conference, user)
        assert "Only the conference's chair" in error.value.message
    assert not ChairMeeting.objects.exists()


def test_a_cancelled_conference_takes_no_meetings(conference, chair):
    # Set-based: how it was cancelled does not matter here.
    type(conference).objects.filter(pk=conference.pk).update(
        status=ConferenceStatus.CANCELLED, change_reason="No longer needed", change_agreed_by=chair
    )
    with pytest.raises(services.HoldingError):
        _meet_parents(conference, chair)


# --- A parent advised not to attend ----------------------------------------------------------


def test_a_parent_advised_not_to_attend_is_met_separately(conference, chair, household):
    father = household["father"]
    with pytest.raises(services.HoldingError) as error:
        services.record_chair_meeting(
            conference=conference,
            by=chair,
            kind=ABSENT,
            person_id=father.pk,
            held=True,
            held_at=_an_hour_ago(),
            minutes=15,
        )
    assert error.value.field == "person"
    _advise(conference, chair, father)
    # No 20-minute rule for this meeting (004 chairs' item 4 asks only that it happens).
    meeting = services.record_chair_meeting(
        conference=conference,
        by=chair,
        kind=ABSENT,
        person_id=father.pk,
        held=True,
        held_at=_an_hour_ago() - datetime.timedelta(days=1),
        minutes=15,
    )
    assert meeting.person == father and not meeting.was_short
    conference.refresh_from_db()
    # The meeting with one absent parent says nothing about the meeting with the parents.
    assert conference.parents_met_chair_beforehand == ParentsMetChair.NOT_RECORDED


def test_advised_not_to_attend_needs_a_family_member_on_the_list_and_a_reason(
    conference, chair, household
):
    stranger = UserFactory()  # a user, not a family member: any id not on the invite list
    with pytest.raises(services.HoldingError) as error:
        services.record_advised_not_to_attend(
            conference=conference, by=chair, person_id=stranger.pk + 10_000, reason="x"
        )
    assert error.value.field == "person"
    with pytest.raises(services.HoldingError) as error:
        _advise(conference, chair, household["father"], reason=" ")
    assert error.value.field == "reason"


def test_withdrawing_the_advice_keeps_the_row_and_ends_the_prompt(conference, chair, household):
    father = household["father"]
    _advise(conference, chair, father)
    services.withdraw_advised_not_to_attend(conference=conference, by=chair, person_id=father.pk)
    row = ParentAdvisedNotToAttend.objects.get(conference=conference, person=father)
    assert row.is_active is False
    with pytest.raises(services.HoldingError):
        services.record_chair_meeting(
            conference=conference,
            by=chair,
            kind=ABSENT,
            person_id=father.pk,
            held=False,
            not_held_reason="Did not answer",
        )


def test_each_parent_advised_not_to_attend_has_their_own_meeting(conference, chair, household):
    mother, father = household["mother"], household["father"]
    _advise(conference, chair, mother, reason="Mother asked not to attend with the father")
    _advise(conference, chair, father)
    services.record_chair_meeting(
        conference=conference,
        by=chair,
        kind=ABSENT,
        person_id=father.pk,
        held=False,
        not_held_reason="Father did not reply to two calls",
    )
    from conferences.selectors import family_preparation_of

    prompts = family_preparation_of(conference)
    assert [(p.kind, p.person_id, p.recorded) for p in prompts] == [
        (PARENTS, None, False),
        (ABSENT, father.pk, True),
        (ABSENT, mother.pk, False),
    ] or [(p.kind, p.person_id, p.recorded) for p in prompts] == [
        (PARENTS, None, False),
        (ABSENT, mother.pk, False),
        (ABSENT, father.pk, True),
    ]


# --- The chair's work list -------------------------------------------------------------------


def test_the_chairs_work_list_prompts_until_each_meeting_is_recorded(conference, chair, household):
    father = household["father"]
    _advise(conference, chair, father)
    worklist = family_meetings_to_record(chair, timezone.now())
    assert len(worklist.items) == 1
    texts = [text for text, _ in worklist.items[0].links]
    assert texts == [
        "Record the meeting with the parents",
        f"Record the meeting with {father.full_name} (advised not to attend)",
    ]
    _meet_parents(conference, chair)
    texts = [text for text, _ in family_meetings_to_record(chair, timezone.now()).items[0].links]
    assert texts == [f"Record the meeting with {father.full_name} (advised not to attend)"]
    services.record_chair_meeting(
        conference=conference,
        by=chair,
        kind=ABSENT,
        person_id=father.pk,
        held=False,
        not_held_reason="Father declined",
    )
    assert family_meetings_to_record(chair, timezone.now()).items == []
    # Another chair sees none of it.
    other = UserFactory(roles=[RoleCode.CHAIR])
    assert family_meetings_to_record(other, timezone.now()).items == []


def test_a_started_conference_leaves_the_work_list(
    conference_request, coordinator, chair, minute_taker
):
    started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    assert family_meetings_to_record(chair, timezone.now()).items == []


def test_the_home_page_shows_the_prompt_in_bounded_queries(
    client, conference_request, coordinator, chair, django_assert_max_num_queries
):
    booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    login(client, chair)
    page = client.get("/").content.decode()
    assert "Meetings with the family before the conference" in page
    assert "Record the meeting with the parents" in page
    with django_assert_max_num_queries(60):
        client.get("/")


# --- The holding page follows the record -----------------------------------------------------


def test_the_holding_answer_must_agree_with_the_recorded_meeting(
    conference_request, coordinator, chair, minute_taker
):
    started = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    _meet_parents(started, chair, held_at=started.starts_at - datetime.timedelta(minutes=30))
    with pytest.raises(services.HoldingError) as error:
        services.record_participation(
            conference=started,
            by=minute_taker,
            parents_met_chair_beforehand=ParentsMetChair.NO,
        )
    assert error.value.field == "parents_met_chair_beforehand"
    services.record_participation(
        conference=started,
        by=minute_taker,
        parents_met_chair_beforehand=ParentsMetChair.YES,
    )


# --- Pages and permissions -------------------------------------------------------------------


def _meeting_form(**override):
    data = {
        "held": "yes",
        "held_on_day": "11",
        "held_on_month": "3",
        "held_on_year": "2026",
        "held_time": "9:00am",
        "minutes": "25",
    }
    data.update(override)
    return data


def test_the_chair_records_the_meeting_with_the_parents_on_its_page(client, conference, chair):
    login(client, chair)
    url = f"/conferences/{conference.pk}/before-the-conference/parents/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, _meeting_form(minutes="12"))
    assert response.status_code == 200
    assert "Enter why this meeting was shorter" in response.content.decode()
    response = client.post(url, _meeting_form(minutes="12", shorter_reason="Parents were late"))
    assert response.status_code == 302
    meeting = ChairMeeting.objects.get(conference=conference)
    assert timezone.localtime(meeting.held_at).time() == datetime.time(9, 0)
    overview = client.get(f"/conferences/{conference.pk}/before-the-conference/")
    text = overview.content.decode()
    assert "Shorter than 20 minutes" in text and "Parents were late" in text
    response = client.post(url, {"held": "no", "not_held_reason": ""})
    assert "Enter why the meeting did not take place" in response.content.decode()


def test_the_chair_records_a_parent_advised_not_to_attend_on_the_page(
    client, conference, chair, household
):
    login(client, chair)
    url = f"/conferences/{conference.pk}/before-the-conference/"
    father = household["father"]
    response = client.post(
        url,
        {"action": "advise", "advise-person": str(father.pk), "advise-reason": "Risk to mother"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert f"Meeting {father.full_name}, advised not to attend" in page
    meeting_url = (
        f"/conferences/{conference.pk}/before-the-conference/advised-not-to-attend/{father.pk}/"
    )
    assert client.get(meeting_url).status_code == 200
    other = household["mother"]
    not_advised = (
        f"/conferences/{conference.pk}/before-the-conference/advised-not-to-attend/{other.pk}/"
    )
    assert client.get(not_advised).status_code == 404


def test_who_may_see_and_record_the_meetings(
    client, conference, coordinator, minute_taker, worker, household
):
    overview = f"/conferences/{conference.pk}/before-the-conference/"
    record = f"/conferences/{conference.pk}/before-the-conference/parents/"
    # The conference service and the minute taker read; they do not record.
    for user in (coordinator, minute_taker):
        login(client, user)
        assert client.get(overview).status_code == 200
        assert client.get(record).status_code == 403
        assert client.post(record, _meeting_form()).status_code == 403
        assert client.post(overview, {"action": "advise"}).status_code == 403
    # The social worker, another chair and an invited agency professional see neither.
    professional, _ = agency_professional_for(child=household["amelia"])
    Invitation.objects.create(
        conference=conference,
        kind="professional",
        user=professional,
        name="Invited",
        connection="Health visitor",
        method="email",
    )
    for user in (worker, professional, UserFactory(roles=[RoleCode.CHAIR])):
        login(client, user)
        assert client.get(overview).status_code in (403, 404)
        assert client.get(record).status_code in (403, 404)
    assert not ChairMeeting.objects.exists()


def test_the_pages_issue_a_bounded_number_of_queries(
    client, conference, chair, household, django_assert_max_num_queries
):
    _advise(conference, chair, household["father"])
    _advise(conference, chair, household["mother"])
    _meet_parents(conference, chair)
    login(client, chair)
    with django_assert_max_num_queries(30):
        assert client.get(f"/conferences/{conference.pk}/before-the-conference/").status_code == 200
    with django_assert_max_num_queries(30):
        assert (
            client.get(f"/conferences/{conference.pk}/before-the-conference/parents/").status_code
            == 200
        )
