"""The child's voice (issue 21): the rules each fail a test when broken. An initial conference is
not started for a born child not seen unless the chair says why (not for an unborn child); a
born child's decision is not finalised without their views or the reason they were not sought;
seen, views, advocacy and participation are per child; who may write what."""

import pytest

from accounts.models import RoleCode
from conferences import services as conference_services
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    booked_conference,
    decide,
    give_views,
    make_quorate,
    move_to_today,
    send_invitations,
    started_conference,
)
from voice import services
from voice.errors import VoiceError
from voice.models import AdvocacyAnswer, AdvocatePart, ChildVoice, ConsultationMethod, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(conference_request, coordinator, chair, minute_taker):
    conference = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    return move_to_today(conference, seen=False)


@pytest.fixture
def started(conference_request, coordinator, chair, minute_taker):
    return started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )


def test_an_initial_conference_is_not_started_for_a_born_child_not_seen(
    booked, chair, worker, household
):
    amelia, noah = household["amelia"], household["noah"]
    services.record_seen(
        conference=booked,
        child=amelia,
        by=worker,
        seen_on=booked.starts_at.date(),
        seen_alone=True,
        seen_by=worker,
    )
    with pytest.raises(conference_services.HoldingError, match="Noah Jones has not been seen"):
        conference_services.start_conference(conference=booked, by=chair)
    # Only the chair records why it goes ahead without the child seen.
    with pytest.raises(VoiceError, match="conference's chair"):
        services.record_not_seen_reason(conference=booked, child=noah, by=worker, reason="Ill")
    services.record_not_seen_reason(
        conference=booked, child=noah, by=chair, reason="Noah was in hospital; seen tomorrow."
    )
    started = conference_services.start_conference(conference=booked, by=chair)
    assert started.started_at is not None


def test_a_pre_birth_conference_does_not_need_the_child_seen(booked, chair):
    Conference.objects.filter(pk=booked.pk).update(kind=ConferenceKind.PRE_BIRTH)
    booked.refresh_from_db()
    started = conference_services.start_conference(conference=booked, by=chair)
    assert started.started_at is not None


def test_an_unborn_child_is_not_recorded_as_seen(booked, worker, household):
    child = household["noah"]
    child.is_unborn = True
    with pytest.raises(VoiceError, match="not born yet"):
        services.record_seen(
            conference=booked,
            child=child,
            by=worker,
            seen_on=booked.starts_at.date(),
            seen_alone=True,
            seen_by=worker,
        )


def _decision_without_views(conference, chair, minute_taker):
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=chair, count=1)
    decisions = conference_services.open_decisions(conference=conference, by=chair)
    for decision in decisions:
        give_views(decision, by=chair, views=("cp_plan",) * 3)
        decide(decision, by=chair, with_views=False)
    return decisions


def test_a_born_childs_decision_is_not_finalised_without_their_views(
    started, chair, minute_taker, worker
):
    amelia_decision, noah_decision = _decision_without_views(started, chair, minute_taker)
    with pytest.raises(
        conference_services.DecisionError, match="Record Amelia Jones's views"
    ) as error:
        conference_services.finalise_decision(decision=amelia_decision, by=chair)
    assert error.value.field == "views"
    services.record_views(
        conference=started,
        child=amelia_decision.child,
        by=worker,
        views="I want to stay with mum. I don't like it when dad shouts.",
    )
    conference_services.finalise_decision(decision=amelia_decision, by=chair)
    # Noah's views were not sought: the recorded reason is enough (the chair may record it).
    with pytest.raises(conference_services.DecisionError, match="Noah Jones"):
        conference_services.finalise_decision(decision=noah_decision, by=chair)
    services.record_views(
        conference=started,
        child=noah_decision.child,
        by=chair,
        not_sought_reason="Noah is 3 and has little speech.",
    )
    conference_services.finalise_decision(decision=noah_decision, by=chair)
    started.refresh_from_db()
    assert started.status == ConferenceStatus.HELD


def test_the_chair_records_only_the_reason_views_were_not_sought(started, chair, household):
    with pytest.raises(VoiceError, match="social worker"):
        services.record_views(
            conference=started, child=household["amelia"], by=chair, views="Words"
        )


def test_views_need_words_or_a_reason_not_both(started, worker, household):
    with pytest.raises(VoiceError) as error:
        services.record_views(conference=started, child=household["amelia"], by=worker)
    assert error.value.field == "views"
    with pytest.raises(VoiceError, match="not both"):
        services.record_views(
            conference=started,
            child=household["amelia"],
            by=worker,
            views="Yes",
            not_sought_reason="No",
        )


def test_siblings_have_their_own_participation_and_advocacy(
    started, worker, minute_taker, household
):
    amelia, noah = household["amelia"], household["noah"]
    services.record_advocacy(
        conference=started,
        child=amelia,
        by=worker,
        advocacy=AdvocacyAnswer.ACCEPTED,
        advocate_name="Priya Shah",
        advocate_organisation="Children's Advocacy Service",
        advocate_part=AdvocatePart.ATTENDED,
    )
    services.record_advocacy(
        conference=started, child=noah, by=worker, advocacy=AdvocacyAnswer.DECLINED
    )
    services.record_participation(
        conference=started,
        by=minute_taker,
        answers={
            amelia.pk: (Participation.ADVOCATE, ""),
            noah.pk: (Participation.DID_NOT_TAKE_PART, "Noah is 3"),
        },
    )
    voices = {voice.child_id: voice for voice in ChildVoice.objects.filter(conference=started)}
    assert voices[amelia.pk].participation == Participation.ADVOCATE
    assert voices[amelia.pk].advocate_name == "Priya Shah"
    assert voices[noah.pk].participation == Participation.DID_NOT_TAKE_PART
    assert voices[noah.pk].participation_reason == "Noah is 3"
    assert (
        voices[noah.pk].advocacy == AdvocacyAnswer.DECLINED and voices[noah.pk].advocate_name == ""
    )
    with pytest.raises(VoiceError, match="Enter why Noah Jones did not take part"):
        services.record_participation(
            conference=started,
            by=minute_taker,
            answers={noah.pk: (Participation.DID_NOT_TAKE_PART, "")},
        )
    with pytest.raises(VoiceError, match="name and organisation"):
        services.record_advocacy(
            conference=started,
            child=noah,
            by=worker,
            advocacy=AdvocacyAnswer.ACCEPTED,
            advocate_part=AdvocatePart.SENT_VIEWS,
        )


def test_consultation_or_the_reason_and_what_changes_next_time(started, worker, chair, household):
    amelia = household["amelia"]
    with pytest.raises(VoiceError, match="what will change next time"):
        services.record_consultation(
            conference=started, child=amelia, by=worker, methods=[], not_consulted_reason="No time"
        )
    services.record_consultation(
        conference=started,
        child=amelia,
        by=worker,
        methods=[],
        not_consulted_reason="Amelia was on a school trip",
        next_time="Visit after school",
    )
    # 001 §1, §10: the chair must note it.
    with pytest.raises(VoiceError, match="enter your note"):
        services.record_chair_notes(conference=started, child=amelia, by=chair)
    services.record_chair_notes(
        conference=started,
        child=amelia,
        by=chair,
        consultation_chair_note="Agreed: visit after school.",
    )
    services.record_consultation(
        conference=started, child=amelia, by=worker, methods=[ConsultationMethod.WORDS_AND_PICTURES]
    )
    voice = ChildVoice.objects.get(conference=started, child=amelia)
    assert voice.consultation_methods == ["words_and_pictures"] and voice.not_consulted_reason == ""
    assert voice.history.count() >= 3


@pytest.mark.parametrize(
    "role", [RoleCode.SOCIAL_WORKER, RoleCode.AGENCY_PROFESSIONAL, RoleCode.CONFERENCE_COORDINATOR]
)
def test_only_the_childs_social_worker_or_their_manager_records(started, household, manager, role):
    other = UserFactory(roles=[role])
    child = household["amelia"]
    with pytest.raises(VoiceError, match="social worker or their team manager"):
        services.record_views(conference=started, child=child, by=other, views="Words")
    services.record_views(
        conference=started, child=child, by=manager, views="Words from the manager's visit"
    )
    with pytest.raises(VoiceError, match="chair or minute taker"):
        services.record_participation(
            conference=started, by=manager, answers={child.pk: (Participation.ATTENDED, "")}
        )
