"""A first core group recorded after CG_FIRST's due date needs a reason, like a late conference
(issue 18 item 5): the service refuses without one and records it on the deadline for a manager to
sign off; the record page asks for it and shows the refusal next to the field. Counted in working
days across the Spring bank holiday (Monday 25 May 2026)."""

import datetime
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from coreGroups import services
from plans.models import ChildProtectionPlan, CoreGroupMember
from tests.auth import login
from tests.factories.coreGroups import backdate_plan, held_meeting
from timescales.models import Deadline, DeadlineStatus, RuleCode

# The day after the Spring bank holiday, in the afternoon.
TUESDAY_AFTER_BANK_HOLIDAY = datetime.datetime(
    2026, 5, 26, 15, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
)
REASON = "The mother was in hospital; the social worker visited daily meanwhile."


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(TUESDAY_AFTER_BANK_HOLIDAY)]


def _first(plan):
    return Deadline.objects.filter(
        rule=RuleCode.CG_FIRST,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
    ).get()


def test_a_first_core_group_on_its_due_day_needs_no_reason(plan, worker):
    # 10 working days before today, not counting the bank holiday: due today.
    backdate_plan(plan, working_days=10)
    assert _first(plan).due_on == datetime.date(2026, 5, 26)
    held_meeting(plan=plan, by=worker)
    assert _first(plan).status == DeadlineStatus.MET_ON_TIME
    assert _first(plan).delay_reason == ""


def test_a_late_first_core_group_is_refused_without_a_reason(plan, worker):
    # Due on the Friday before the bank holiday; meeting on the Tuesday after: one working day late.
    backdate_plan(plan, working_days=11)
    assert _first(plan).due_on == datetime.date(2026, 5, 22)
    with pytest.raises(services.CoreGroupError) as refused:
        held_meeting(plan=plan, by=worker, late_reason="  ")
    assert refused.value.field == "late_reason"
    assert refused.value.message == (
        "The first core group was due by 22 May 2026. Enter why it met after its due date"
    )
    assert _first(plan).status == DeadlineStatus.OPEN  # nothing recorded

    meeting = held_meeting(plan=plan, by=worker, late_reason=REASON)
    assert meeting.is_first
    first = _first(plan)
    assert first.status == DeadlineStatus.MET_LATE
    assert first.delay_reason == REASON
    assert first.delay_reason_signed_off_by is None  # a manager signs it off


def test_a_later_meeting_needs_no_reason(plan, worker):
    backdate_plan(plan, working_days=11)
    held_meeting(
        plan=plan,
        by=worker,
        held_at=TUESDAY_AFTER_BANK_HOLIDAY - datetime.timedelta(minutes=6),
        late_reason=REASON,
    )
    later = held_meeting(
        plan=plan, by=worker, held_at=TUESDAY_AFTER_BANK_HOLIDAY - datetime.timedelta(minutes=2)
    )
    assert not later.is_first


def _form_data(plan, meeting, **extra):
    local = timezone.localtime(meeting.held_at)
    data = {
        "date_day": local.day,
        "date_month": local.month,
        "date_year": local.year,
        "time": local.strftime("%H:%M"),
        "decisions": "Meet again in six weeks.",
    }
    data.update(
        {f"attendance_{m.pk}": "attended" for m in CoreGroupMember.objects.filter(plan=plan)}
    )
    data.update({f"progress_{a.pk}": "in_progress" for a in plan.actions.all()})
    data.update(extra)
    return data


def test_the_record_page_asks_why_a_late_first_core_group_was_late(client, plan, worker):
    backdate_plan(plan, working_days=11)
    meeting = services.plan_meeting(
        plan=plan, held_at=TUESDAY_AFTER_BANK_HOLIDAY - datetime.timedelta(minutes=5), by=worker
    )
    url = reverse("coreGroups:record", args=[meeting.pk])
    login(client, worker)
    html = unescape(client.get(url).content.decode())
    assert "Why did the first core group meet after its due date?" in html
    assert "It was due by 22 May 2026." in html

    response = client.post(url, _form_data(plan, meeting))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert 'href="#id_late_reason"' in html
    assert "Enter why it met after its due date" in html
    assert "Meet again in six weeks." in html  # what was typed is kept
    assert _first(plan).status == DeadlineStatus.OPEN

    response = client.post(url, _form_data(plan, meeting, late_reason=REASON))
    assert response.status_code == 302
    assert _first(plan).delay_reason == REASON
    # Posted again (a double click): still one meeting recorded, nothing changed.
    client.post(url, _form_data(plan, meeting, late_reason=REASON))
    assert _first(plan).status == DeadlineStatus.MET_LATE


def test_a_later_meeting_is_not_asked(client, plan, worker):
    backdate_plan(plan, working_days=11)
    held_meeting(
        plan=plan,
        by=worker,
        held_at=TUESDAY_AFTER_BANK_HOLIDAY - datetime.timedelta(minutes=6),
        late_reason=REASON,
    )
    meeting = services.plan_meeting(
        plan=plan, held_at=TUESDAY_AFTER_BANK_HOLIDAY - datetime.timedelta(minutes=2), by=worker
    )
    login(client, worker)
    html = client.get(reverse("coreGroups:record", args=[meeting.pk])).content.decode()
    assert "late_reason" not in html
