"""Issue 18 item 3: the outline plan is circulated, not downloaded. OUTLINE_PLAN is met when
every named family member and every core group member has a recorded circulation (how, when, by
whom); generating the PDF never meets it."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from conferences import outline_circulation as circulation
from conferences.models import CirculationMethod, OutlinePlanCirculation
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    decide_every_child,
    make_quorate,
    ready_to_decide,
    started_conference,
)
from tests.shared_world import shareable
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    return ready_to_decide(make_quorate(conference, by=minute_taker))


@shareable
def held(conference, chair):
    add_danger_statements(conference, by=chair, count=1)
    decide_every_child(conference, chair=chair)
    conference.refresh_from_db()
    return conference


def _outline_deadline(conference):
    return Deadline.objects.get(
        rule=RuleCode.OUTLINE_PLAN,
        subject_type=ContentType.objects.get_for_model(type(conference)),
        subject_id=conference.pk,
    )


def _record(conference, by, keys, **kwargs):
    kwargs.setdefault("method", CirculationMethod.EMAIL)
    kwargs.setdefault("circulated_on", timezone.localdate())
    kwargs.setdefault("circulated_by", by)
    return circulation.record_circulation(
        conference=conference, by=by, recipient_keys=keys, **kwargs
    )


def test_the_recipients_are_the_named_family_and_the_core_group_each_once(held):
    recipients = circulation.recipients_of(held)
    names = [r.name for r in recipients]
    assert len(names) == len({r.key for r in recipients})
    family = [r for r in recipients if r.is_family]
    professionals = [r for r in recipients if not r.is_family]
    assert {r.name for r in family} >= {"Sarah Jones"}
    assert family and professionals
    # family first, then the professionals of the core group (siblings' plans share one list)
    assert recipients[: len(family)] == family
    assert "Police representative" in {r.name for r in professionals}


def test_recording_some_recipients_does_not_meet_the_deadline(held, chair):
    recipients = circulation.recipients_of(held)
    _record(held, chair, [recipients[0].key])
    assert _outline_deadline(held).status == DeadlineStatus.OPEN
    row = OutlinePlanCirculation.objects.get(conference=held)
    assert row.recipient_name == recipients[0].name
    assert row.method == CirculationMethod.EMAIL and row.circulated_by == chair
    assert row.recorded_by == chair and row.history.count() == 1


def test_recording_every_recipient_meets_the_deadline_on_the_last_day(held, chair, coordinator):
    recipients = circulation.recipients_of(held)
    today = timezone.localdate()
    _record(
        held,
        chair,
        [r.key for r in recipients if r.is_family],
        method=CirculationMethod.IN_PERSON,
        circulated_on=today,
    )
    assert _outline_deadline(held).status == DeadlineStatus.OPEN
    _record(held, coordinator, [r.key for r in recipients if not r.is_family], circulated_by=chair)
    deadline = _outline_deadline(held)
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert timezone.localdate(deadline.met_at) == today


def test_a_circulation_after_the_due_day_meets_it_late(held, chair):
    keys = [r.key for r in circulation.recipients_of(held)]
    due = _outline_deadline(held).due_on
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(due, datetime.time(10)))
        + datetime.timedelta(days=7),
        tick=False,
    ):
        later = timezone.localdate()
        _record(held, chair, keys, method=CirculationMethod.LETTER, circulated_on=later)
    assert _outline_deadline(held).status == DeadlineStatus.MET_LATE


def test_generating_the_pdf_never_meets_the_deadline(held, chair, client):
    child = held.conference_children.first().child
    login(client, chair)
    response = client.get(f"/conferences/{held.pk}/decision/{child.pk}/outline-plan.pdf")
    assert response.status_code == 200
    assert _outline_deadline(held).status == DeadlineStatus.OPEN
    assert not OutlinePlanCirculation.objects.exists()


def test_recording_a_recipient_again_corrects_the_one_row(held, chair):
    key = circulation.recipients_of(held)[0].key
    _record(held, chair, [key])
    _record(held, chair, [key, key], method=CirculationMethod.LETTER)
    row = OutlinePlanCirculation.objects.get(conference=held)
    assert row.method == CirculationMethod.LETTER
    assert row.history.count() == 2


def test_only_the_chair_or_the_conference_service_records_it(held, worker, minute_taker):
    key = circulation.recipients_of(held)[0].key
    for user in (worker, minute_taker):
        with pytest.raises(circulation.CirculationError):
            _record(held, user, [key])
    assert not OutlinePlanCirculation.objects.exists()


def test_the_rules_of_the_record(held, chair):
    key = circulation.recipients_of(held)[0].key
    today = timezone.localdate()
    cases = [
        ({"keys": []}, "recipients"),
        ({"keys": ["person:999999"]}, "recipients"),
        ({"method": "pigeon"}, "method"),
        ({"circulated_on": today + datetime.timedelta(days=1)}, "circulated_on"),
        ({"circulated_on": today - datetime.timedelta(days=1)}, "circulated_on"),
        ({"circulated_by": UserFactory(roles=[RoleCode.CHAIR])}, "circulated_by"),
    ]
    for override, field in cases:
        keys = override.pop("keys", [key])
        with pytest.raises(circulation.CirculationError) as caught:
            _record(held, chair, keys, **override)
        assert caught.value.field == field, override
    assert not OutlinePlanCirculation.objects.exists()


def test_in_person_means_at_the_end_of_the_meeting(held, chair):
    key = circulation.recipients_of(held)[0].key
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with (
        time_machine.travel(datetime.timedelta(days=1)),
        pytest.raises(circulation.CirculationError) as caught,
    ):
        _record(held, chair, [key], method=CirculationMethod.IN_PERSON, circulated_on=tomorrow)
    assert caught.value.field == "circulated_on"


def test_nothing_is_recorded_before_the_decisions(conference, chair):
    with pytest.raises(circulation.CirculationError):
        _record(conference, chair, ["person:1"])


# --- The page ------------------------------------------------------------------------------------


def _url(conference):
    return f"/conferences/{conference.pk}/outline-plan/circulation/"


def _post(recipients, by, **override):
    today = timezone.localdate()
    data = {
        "recipients": [r.key for r in recipients],
        "method": CirculationMethod.EMAIL,
        "circulated_on_day": str(today.day),
        "circulated_on_month": str(today.month),
        "circulated_on_year": str(today.year),
        "circulated_by": str(by.pk),
    }
    data.update(override)
    return data


def test_the_chair_records_everyone_on_the_page_and_the_deadline_is_met(client, held, chair):
    login(client, chair)
    response = client.get(_url(held))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sarah Jones" in page and "Not yet" in page
    recipients = circulation.recipients_of(held)
    response = client.post(_url(held), _post(recipients, chair))
    assert response.status_code == 302
    assert _outline_deadline(held).status == DeadlineStatus.MET_ON_TIME
    page = client.get(_url(held)).content.decode()
    assert "Everyone has been given the outline plan" in page
    assert "By email on" in page


def test_the_page_shows_errors_next_to_the_field_and_in_the_summary(client, held, chair):
    login(client, chair)
    response = client.post(_url(held), _post([], chair, method="", circulated_on_day="31"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select who was given the outline plan" in page
    assert "Select how the outline plan was given to them" in page
    assert not OutlinePlanCirculation.objects.exists()


def test_a_service_rule_is_shown_on_the_form(client, held, chair):
    login(client, chair)
    recipients = circulation.recipients_of(held)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        _url(held),
        _post(
            recipients,
            chair,
            circulated_on_day=str(tomorrow.day),
            circulated_on_month=str(tomorrow.month),
            circulated_on_year=str(tomorrow.year),
        ),
    )
    assert response.status_code == 200
    assert "The date cannot be in the future" in response.content.decode()


def test_others_may_not_open_the_page(client, held, worker, minute_taker):
    for user in (worker, minute_taker):
        login(client, user)
        assert client.get(_url(held)).status_code == 403


def test_the_decision_page_links_to_the_page(client, held, chair, coordinator):
    for user in (chair, coordinator):
        login(client, user)
        page = client.get(f"/conferences/{held.pk}/decision/").content.decode()
        assert _url(held) in page


def test_the_page_reads_a_bounded_number_of_queries(
    client, held, chair, django_assert_max_num_queries
):
    from plans.models import CoreGroupMember

    plan_ids = held.child_decisions.values_list("child_protection_plan_id", flat=True)
    for plan_id in plan_ids:
        CoreGroupMember.objects.bulk_create(
            [
                CoreGroupMember(plan_id=plan_id, name=f"Extra professional {n}", role="Agency")
                for n in range(30)
            ]
        )
    login(client, chair)
    with django_assert_max_num_queries(25):
        response = client.get(_url(held))
    assert response.status_code == 200
    assert "Extra professional 29" in response.content.decode()
