"""The deadline service API other apps call: open, move, meet, waive, delay reasons; and policy."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from accounts.models import RoleCode
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from timescales import calendar, services
from timescales.models import Deadline, DeadlineStatus, RuleCode, TimescalePolicy
from timescales.services import TimescaleError

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 6, 8)  # no bank holiday within the next four weeks


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def child():
    return ChildFactory()


@pytest.fixture
def worker():
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    return UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory(), line_manager=manager)


def test_icpc_due_is_fifteen_working_days_after_the_strategy_discussion(child, worker):
    deadline = services.open_deadline(
        rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY, responsible=worker, child=child
    )
    assert deadline.due_on == MONDAY + datetime.timedelta(weeks=3)
    assert deadline.due_at == aware(deadline.due_on + datetime.timedelta(days=1), 0)
    assert deadline.team == worker.team
    assert (deadline.policy_value, deadline.policy_unit) == (15, "working_days")


def test_an_hour_rule_is_due_at_the_exact_hour(child):
    held = aware(MONDAY, 14)
    deadline = services.open_deadline(rule=RuleCode.STRAT_RECORD, subject=child, start=held)
    assert deadline.due_at == held + datetime.timedelta(hours=72)
    assert deadline.due_on == MONDAY + datetime.timedelta(days=3)


def test_a_rule_counting_back_from_a_meeting_falls_before_it(child):
    conference_day = MONDAY + datetime.timedelta(weeks=2)
    deadline = services.open_deadline(
        rule=RuleCode.SW_REPORT_PARENTS, subject=child, start=conference_day
    )
    assert deadline.due_on == calendar.add_working_days(conference_day, -3)
    assert deadline.due_on < conference_day


def test_months_are_calendar_months_clamped_to_the_month_end(child):
    deadline = services.open_deadline(
        rule=RuleCode.RCPC_FIRST, subject=child, start=datetime.date(2026, 11, 30)
    )
    assert deadline.due_on == datetime.date(2027, 2, 28)


def test_opening_a_live_rule_again_returns_the_same_deadline(child):
    first = services.open_deadline(rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY)
    again = services.open_deadline(
        rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY + datetime.timedelta(days=7)
    )
    assert again.pk == first.pk and again.due_on == first.due_on
    assert Deadline.objects.filter(rule=RuleCode.ICPC_DUE).count() == 1


def test_meeting_on_or_before_the_due_day_is_on_time_and_after_is_late(child):
    services.open_deadline(rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY)
    due = Deadline.objects.get().due_on
    on_time = services.meet_deadline(rule=RuleCode.ICPC_DUE, subject=child, met_on=aware(due, 17))
    assert on_time.status == DeadlineStatus.MET_ON_TIME

    other = ChildFactory()
    services.open_deadline(rule=RuleCode.ICPC_DUE, subject=other, start=MONDAY)
    late = services.meet_deadline(
        rule=RuleCode.ICPC_DUE,
        subject=other,
        met_on=aware(due + datetime.timedelta(days=1)),
        delay_reason="The family asked for a later date; the child stayed with grandparents.",
    )
    assert late.status == DeadlineStatus.MET_LATE
    assert late.delay_reason.startswith("The family")


def test_meeting_a_breached_deadline_makes_it_met_late_and_keeps_the_breach(child):
    deadline = services.open_deadline(rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY)
    # Breached at its due moment, as the sweep would have breached it then.
    Deadline.objects.filter(pk=deadline.pk).update(
        status=DeadlineStatus.BREACHED, breached_at=F("due_at")
    )
    met = services.meet_deadline(rule=RuleCode.ICPC_DUE, subject=child, met_on=MONDAY)
    assert met.status == DeadlineStatus.MET_LATE
    assert met.breached_at is not None


def test_a_recurring_rule_opens_a_fresh_deadline_once_the_last_is_met(child):
    services.open_deadline(rule=RuleCode.VISIT, subject=child, start=MONDAY)
    services.meet_deadline(rule=RuleCode.VISIT, subject=child, met_on=MONDAY)
    second = services.open_deadline(
        rule=RuleCode.VISIT, subject=child, start=MONDAY + datetime.timedelta(days=7)
    )
    assert Deadline.objects.filter(rule=RuleCode.VISIT).count() == 2
    assert second.status == DeadlineStatus.OPEN


def test_moving_an_open_deadline_recomputes_it_but_a_breached_one_stays(child):
    deadline = services.open_deadline(rule=RuleCode.SW_REPORT_CHAIR, subject=child, start=MONDAY)
    later = MONDAY + datetime.timedelta(weeks=1)
    moved = services.move_deadline(rule=RuleCode.SW_REPORT_CHAIR, subject=child, start=later)
    assert moved.pk == deadline.pk
    assert moved.due_on == calendar.add_working_days(later, -2)

    Deadline.objects.filter(pk=deadline.pk).update(
        status=DeadlineStatus.BREACHED, breached_at=F("due_at")
    )
    kept = services.move_deadline(
        rule=RuleCode.SW_REPORT_CHAIR, subject=child, start=later + datetime.timedelta(weeks=2)
    )
    assert kept.due_on == moved.due_on and kept.status == DeadlineStatus.BREACHED


def test_only_a_manager_can_waive_and_a_reason_is_required(child, worker):
    services.open_deadline(rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY)
    with pytest.raises(TimescaleError, match="Only a manager"):
        services.waive_deadline(
            rule=RuleCode.ICPC_DUE, subject=child, reason="Moved away", signed_off_by=worker
        )
    with pytest.raises(TimescaleError, match="Enter why"):
        services.waive_deadline(
            rule=RuleCode.ICPC_DUE, subject=child, reason="  ", signed_off_by=worker.line_manager
        )
    waived = services.waive_deadline(
        rule=RuleCode.ICPC_DUE,
        subject=child,
        reason="The family moved to another authority before the conference.",
        signed_off_by=worker.line_manager,
    )
    assert waived.status == DeadlineStatus.NOT_APPLICABLE
    assert waived.not_applicable_signed_off_by == worker.line_manager


def test_a_delay_reason_is_signed_off_by_a_manager_other_than_the_person_responsible(child, worker):
    deadline = services.open_deadline(
        rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY, responsible=worker
    )
    with pytest.raises(TimescaleError, match="Enter the reason"):
        services.record_delay_reason(deadline=deadline, reason="", by=worker)
    services.record_delay_reason(deadline=deadline, reason="Chair unwell.", by=worker)
    with pytest.raises(TimescaleError, match="Only a manager"):
        services.sign_off_delay_reason(deadline=deadline, by=worker)
    signed = services.sign_off_delay_reason(deadline=deadline, by=worker.line_manager)
    assert signed.delay_reason_signed_off_by == worker.line_manager
    assert signed.history.count() >= 3  # opened, reason recorded, signed off


def test_a_policy_change_applies_to_new_deadlines_only(child):
    first = services.open_deadline(rule=RuleCode.MINUTES, subject=child, start=MONDAY)
    assert first.due_on == calendar.add_working_days(MONDAY, 7)

    policy = TimescalePolicy.objects.get(rule=RuleCode.MINUTES)
    policy.value = 25  # North East Lincolnshire's timescale
    policy.save()

    second_child = ChildFactory()
    second = services.open_deadline(rule=RuleCode.MINUTES, subject=second_child, start=MONDAY)
    assert second.due_on == calendar.add_working_days(MONDAY, 25)
    first.refresh_from_db()
    assert first.due_on == calendar.add_working_days(MONDAY, 7)
    assert first.policy_value == 7


def test_the_qa_manager_changes_a_policy_value_in_the_admin_with_history(client):
    from django.contrib.auth.models import Permission

    qa_manager = UserFactory(roles=[RoleCode.QA_MANAGER], is_staff=True)
    qa_manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_timescalepolicy", "view_timescalepolicy"])
    )
    policy = TimescalePolicy.objects.get(rule=RuleCode.MINUTES)
    client.force_login(qa_manager)
    response = client.post(
        f"/admin/timescales/timescalepolicy/{policy.pk}/change/",
        {
            "rule": policy.rule,
            "description": policy.description,
            "value": 25,
            "unit": policy.unit,
            "direction": policy.direction,
            "source": policy.source,
            "raises_qan": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy.refresh_from_db()
    assert policy.value == 25
    latest = policy.history.first()
    assert latest.history_user == qa_manager and latest.value == 25


def test_every_rule_in_the_domain_table_has_a_default_policy():
    rules = set(TimescalePolicy.objects.values_list("rule", flat=True))
    assert rules == set(RuleCode.values)
    assert TimescalePolicy.objects.get(rule=RuleCode.ICPC_DUE).describe() == (
        "15 working days after"
    )


def test_a_withdrawn_deadline_records_who_decided_it_outside_a_request(child, worker):
    services.open_deadline(rule=RuleCode.ICPC_DUE, subject=child, start=MONDAY)
    withdrawn = services.withdraw_deadline(
        rule=RuleCode.ICPC_DUE,
        subject=child,
        reason="The enquiry found no conference is needed.",
        by=worker,
    )
    assert withdrawn.status == DeadlineStatus.NOT_APPLICABLE
    assert withdrawn.history.first().history_user == worker
