"""Deadlines and Quality Assurance notifications for tests.

`open_deadline_due` and `breached_deadline_with_qan` go through timescales.services and the sweep,
so due dates, breaches and QANs are made exactly as in the service. `DeadlineFactory` and
`bulk_deadlines` write rows directly, for numbers (a thousand rows for a query-count test); their
subject is an id under the Team content type that points at no row (so each row is its own
subject and never meets the one-live-deadline-per-subject key): nothing on the dashboard or the
QAN pages reads a deadline's subject.
"""

import datetime
import itertools

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Team
from timescales import calendar, services
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
    TimescalePolicy,
    Unit,
)
from timescales.policy_defaults import ensure_rule

from .accounts import UserFactory

_subject_ids = itertools.count(1_000_000_000)


def start_of(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of(day: datetime.date) -> datetime.datetime:
    """The moment a day-based deadline due on `day` becomes late (the start of the next day)."""
    return start_of(day + datetime.timedelta(days=1))


def fall_due_at(deadlines, moment: datetime.datetime) -> None:
    """Make `deadlines` (a queryset) fall due at `moment`, their due day with it: the database
    refuses a due moment before its due day (ADR 79). For a test of what happens after."""
    deadlines.update(due_at=moment, due_on=timezone.localdate(moment))


def working_days_from_today(n: int) -> datetime.date:
    return calendar.add_working_days(timezone.localdate(), n)


class DeadlineFactory(DjangoModelFactory):
    """A live deadline row, due `due_on` (default: 3 working days from today)."""

    class Meta:
        model = Deadline

    rule = RuleCode.ICPC_DUE
    child = None
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Team))
    subject_id = factory.LazyFunction(lambda: next(_subject_ids))
    due_on = factory.LazyFunction(lambda: working_days_from_today(3))
    due_at = factory.LazyAttribute(lambda o: end_of(o.due_on))
    starts_at = factory.LazyAttribute(lambda o: end_of(o.due_on) - datetime.timedelta(days=21))
    policy_value = 15
    policy_unit = Unit.WORKING_DAYS
    policy_direction = "after"
    responsible = factory.SubFactory(UserFactory, roles=["social_worker"])
    team = factory.LazyAttribute(lambda o: o.responsible.team if o.responsible else None)
    status = DeadlineStatus.OPEN
    # A breach is recorded at or after the due moment (the database holds it: ADR 79).
    breached_at = factory.LazyAttribute(
        lambda o: o.due_at if o.status == DeadlineStatus.BREACHED else None
    )


def bulk_deadlines(count: int, **fields) -> list[Deadline]:
    """`count` live deadlines in one INSERT, spread over overdue and due soon, sharing `fields`
    (responsible, team, chair, child...)."""
    content_type = ContentType.objects.get_for_model(Team)
    rules = list(RuleCode.values)
    rows = []
    for i in range(count):
        due_on = working_days_from_today((i % 9) - 4)  # 4 working days ago to 4 ahead
        rows.append(
            Deadline(
                rule=rules[i % len(rules)],
                subject_type=content_type,
                subject_id=next(_subject_ids),
                starts_at=end_of(due_on) - datetime.timedelta(days=21),
                due_on=due_on,
                due_at=end_of(due_on),
                policy_value=15,
                policy_unit=Unit.WORKING_DAYS,
                policy_direction="after",
                status=DeadlineStatus.OPEN,
                **fields,
            )
        )
    return Deadline.objects.bulk_create(rows)


def open_deadline_due(
    due_in_working_days: int, *, rule=RuleCode.ICPC_DUE, subject=None, **kwargs
) -> Deadline:
    """A deadline opened through the service whose due day is `due_in_working_days` from today
    (negative: in the past), counting back from the rule's working-day policy."""
    policy = ensure_rule(TimescalePolicy, rule)
    assert policy.unit == Unit.WORKING_DAYS, "choose a rule counted in working days"
    start = calendar.add_working_days(timezone.localdate(), due_in_working_days - policy.value)
    subject = subject or kwargs.get("child") or UserFactory()
    return services.open_deadline(rule=rule, subject=subject, start=start, **kwargs)


def breached_deadline_with_qan(*, responsible, rule=RuleCode.ICPC_DUE, **kwargs):
    """A deadline past due, breached by the sweep, which raises its QAN. Returns (deadline, qan)."""
    from timescales.sweep import run_sweep

    deadline = open_deadline_due(-2, rule=rule, responsible=responsible, **kwargs)
    run_sweep()
    deadline.refresh_from_db()
    return deadline, QualityAssuranceNotification.objects.get(
        deadline=deadline, kind=QanKind.BREACH
    )


def qan_for(*, responsible, kind=QanKind.POSTPONED, description="", **kwargs):
    """A QAN raised through the service (addressed to the responsible person's line manager)."""
    return services.raise_qan(
        kind=kind,
        description=description
        or "The conference was postponed because the room was double booked.",
        responsible=responsible,
        **kwargs,
    )


def bulk_qans(count: int, *, addressed_to, **fields) -> list[QualityAssuranceNotification]:
    """`count` open QANs in one INSERT, for query-count tests."""
    now = timezone.now()
    rows = [
        QualityAssuranceNotification(
            kind=QanKind.BREACH,
            rule=RuleCode.ICPC_DUE,
            addressed_to=addressed_to,
            description=f"Bulk notification {i}",
            raised_at=now - datetime.timedelta(minutes=i),
            **fields,
        )
        for i in range(count)
    ]
    return QualityAssuranceNotification.objects.bulk_create(rows)
