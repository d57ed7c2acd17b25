"""The timescale sweep: breaches, their Quality Assurance notifications, and reminders.

Set-based SQL, so it costs the same for ten deadlines or a million, and safe to run on several
workers at once: the UPDATE only takes rows still open (a second sweep waits on the row locks and
then finds them breached), and the unique key one_breach_qan_per_deadline with ON CONFLICT DO
NOTHING makes a second QAN impossible. It compares with "now", so after days of downtime one run
catches up on everything missed.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.line_management import relevant_service_manager_subquery
from accounts.models import User
from core import outbox
from core.history import insert_history_rows

from . import calendar
from .models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QanStatus,
    QualityAssuranceNotification,
    SchedulerRun,
    TimescalePolicy,
)
from .preparation import waiting_for_rebooking_q
from .services import (
    RULES_ALSO_TOLD_TO_SERVICE_MANAGER,
    _start_of_day,
    fallback_addressee,
    notify_pending_qans,
)

REMINDER_WORKING_DAYS = 2
SWEEP_REASON = "Marked breached by the timescale sweep"


@dataclass
class SweepResult:
    breached: int
    qans_raised: int
    reminders: int
    emails: int
    # Seconds per step, so the scheduler log and the benchmark can tell the set-based SQL (whose
    # cost follows the table) from the emails (whose cost follows the messages sent).
    seconds: dict[str, float] = field(default_factory=dict)


def run_sweep(now: datetime.datetime | None = None) -> SweepResult:
    """Mark passed deadlines breached, raise one QAN per breach, send reminders and emails."""
    now = now or timezone.now()
    seconds: dict[str, float] = {}

    @contextmanager
    def step(name):
        started = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - started

    with step("breaches and QANs"), transaction.atomic():
        breached = _mark_breaches(now)
        raised = _raise_breach_qans(now)
    with step("reminders"):
        reminders = _send_reminders(now)
    with step("QAN emails"):
        emails = notify_pending_qans()
    for name, app_step in _APP_STEPS:
        with step(name):
            _run_app_step(name, app_step, now)
    timings = ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in seconds.items())
    SchedulerRun.objects.create(
        task_name="timescale_sweep",
        detail=f"{breached} breached, {raised} QANs raised, {reminders} reminders ({timings})",
    )
    return SweepResult(
        breached=breached, qans_raised=raised, reminders=reminders, emails=emails, seconds=seconds
    )


# Other apps' daily work, run after the deadlines: (name, step(now)). Plans registers its steps
# in PlansConfig.ready, so the sweep runs them without timescales importing plans.
_APP_STEPS: list[tuple[str, Callable[[datetime.datetime], object]]] = []


def register_sweep_step(name: str, app_step: Callable[[datetime.datetime], object]) -> None:
    """Run `app_step(now)` in every sweep, in its own transaction; registering twice is once."""
    if all(existing != name for existing, _ in _APP_STEPS):
        _APP_STEPS.append((name, app_step))


def _run_app_step(name, app_step, now) -> None:
    """Each in its own transaction, so a failure is logged and never stops the sweep."""
    try:
        with transaction.atomic():
            app_step(now)
    except Exception:  # noqa: BLE001 - the sweep goes on; the failure is logged
        logging.getLogger(__name__).exception("The sweep step %r failed", name)


def _mark_breaches(now) -> int:
    # A postponed conference's preparation deadlines wait for it to be re-booked (ADR 45).
    count = (
        Deadline.objects.filter(status=DeadlineStatus.OPEN, due_at__lte=now)
        .exclude(waiting_for_rebooking_q())
        .update(status=DeadlineStatus.BREACHED, breached_at=now)
    )
    if count:
        # Only this run's UPDATE set breached_at to this exact moment.
        insert_history_rows(
            Deadline,
            where_sql="m.status = %s AND m.breached_at = %s",
            params=[DeadlineStatus.BREACHED, connection.ops.adapt_datetimefield_value(now)],
            when=now,
            reason=SWEEP_REASON,
        )
    return count


def _raise_breach_qans(now) -> int:
    """One INSERT ... SELECT for every breached deadline without its QAN (catching up any missed)."""
    fallback = fallback_addressee()
    qan_table = QualityAssuranceNotification._meta.db_table
    deadline_table = Deadline._meta.db_table
    user_table = User._meta.db_table
    policy_table = TimescalePolicy._meta.db_table
    sql = f"""
        INSERT INTO {qan_table} (
            kind, rule, deadline_id, child_id, responsible_id, addressed_to_id, agency_id,
            team_id, description, status, raised_at, explanation, closing_note
        )
        SELECT %s, d.rule, d.id, d.child_id, d.responsible_id,
               COALESCE(manager.id, %s), COALESCE(d.agency_id, u.agency_id), d.team_id, '', %s, %s, '', ''
        FROM {deadline_table} d
        JOIN {policy_table} p ON p.rule = d.rule AND p.raises_qan = %s
        LEFT JOIN {user_table} u ON u.id = d.responsible_id
        LEFT JOIN {user_table} manager ON manager.id = u.line_manager_id AND manager.is_active = %s
        WHERE d.status = %s AND NOT EXISTS (
            SELECT 1 FROM {qan_table} q WHERE q.deadline_id = d.id AND q.kind = %s
        )
        ON CONFLICT DO NOTHING
    """  # noqa: S608  # nosec B608 - table names come from the models, values are parameters
    params = [
        QanKind.BREACH,
        fallback.pk if fallback else None,
        QanStatus.OPEN,
        connection.ops.adapt_datetimefield_value(now),
        True,
        True,
        DeadlineStatus.BREACHED,
        QanKind.BREACH,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raised = cursor.rowcount
    if raised:
        _also_tell_service_managers(now)
        insert_history_rows(
            QualityAssuranceNotification,
            where_sql="m.kind = %s AND m.raised_at = %s AND m.raised_by_id IS NULL",
            params=[QanKind.BREACH, connection.ops.adapt_datetimefield_value(now)],
            when=now,
            reason="Raised by the timescale sweep",
        )
    return raised


def _also_tell_service_managers(now) -> None:
    """This run's breach QANs of the rules a service manager is also told of (a late request for
    an initial conference): one UPDATE, before their history rows are written."""
    just_raised = QualityAssuranceNotification.objects.filter(
        kind=QanKind.BREACH,
        raised_at=now,
        raised_by__isnull=True,
        rule__in=RULES_ALSO_TOLD_TO_SERVICE_MANAGER,
    )
    just_raised.filter(also_addressed_to__isnull=True).update(
        also_addressed_to=relevant_service_manager_subquery("responsible_id")
    )
    # Already its addressee (the line manager is the service manager): told once.
    just_raised.filter(also_addressed_to=F("addressed_to")).update(also_addressed_to=None)


def _send_reminders(now) -> int:
    """Tell each responsible person, once per deadline, what falls due within 2 working days."""
    today = timezone.localdate(now)
    horizon = calendar.add_working_days(today, REMINDER_WORKING_DAYS)
    with transaction.atomic():
        due_soon = list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=DeadlineStatus.OPEN,
                reminded_at__isnull=True,
                due_on__lte=horizon,
                due_at__gt=now,
                # Implied by due_on <= horizon (due by the end of a day is due by the next
                # midnight); a range the index on due_at can stop at (ADR 33).
                due_at__lte=_start_of_day(horizon + datetime.timedelta(days=1)),
                responsible__isnull=False,
            )
            .select_related("responsible", "child")
            .order_by("due_at")
        )
        if not due_soon:
            return 0
        Deadline.objects.filter(pk__in=[d.pk for d in due_soon]).update(reminded_at=now)
        by_person = defaultdict(list)
        for deadline in due_soon:
            by_person[deadline.responsible].append(deadline)
        messages = [
            EmailMessage(
                subject=f"{len(deadlines)} timescale(s) due within 2 working days",
                body=render_to_string(
                    "timescales/email/reminder.txt",
                    {
                        "person": person,
                        "deadlines": deadlines,
                        "today": today,
                        "service_url": outbox.service_url("/"),
                    },
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
            )
            for person, deadlines in by_person.items()
            if person.email and person.is_active
        ]
        # In the transaction that marks them reminded: queued exactly when that commits.
        outbox.queue_emails(messages, kind="deadline-reminder")
    return len(due_soon)
