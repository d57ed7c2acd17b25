"""Business actions on deadlines and Quality Assurance notifications.

Other apps call these from inside their own services, so each runs in a transaction that joins the
caller's: a conference booked and its deadline opened commit together or not at all.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.line_management import relevant_service_manager
from accounts.models import RoleCode, User
from core import outbox
from core.errors import DomainError
from core.history import save_as

from . import calendar
from .models import (
    LIVE_STATUSES,
    Deadline,
    DeadlineStatus,
    Direction,
    QanKind,
    QanStatus,
    QualityAssuranceNotification,
    RuleCode,
    TimescalePolicy,
    Unit,
)
from .policy_defaults import ensure_rule

MANAGER_ROLES = (
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.QA_MANAGER,
)


class TimescaleError(DomainError):
    """A rule forbids the action; the message is plain English for the page."""


# Computing due dates ---------------------------------------------------------------------------


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _as_moment(start) -> datetime.datetime:
    if isinstance(start, datetime.datetime):
        return start if timezone.is_aware(start) else timezone.make_aware(start)
    return _start_of_day(start)


def compute_due(
    *, value: int, unit: str, direction: str, start
) -> tuple[datetime.date, datetime.datetime]:
    """The last day something may happen on time, and the moment after which it is late.

    Day-based rules are due by the end of the due day; hour-based rules by the exact hour. A
    day-based rule counted back from a meeting falls on a working day; one counted forwards keeps
    its calendar date (pages add the last working day on or before it: `working_day_note`).
    """
    sign = -1 if direction == Direction.BEFORE else 1
    moment = _as_moment(start)
    if unit == Unit.HOURS:
        due_at = moment + datetime.timedelta(hours=sign * value)
        return timezone.localdate(due_at), due_at
    day = timezone.localdate(moment) if isinstance(start, datetime.datetime) else start
    if unit == Unit.WORKING_DAYS:
        due_on = calendar.add_working_days(day, sign * value)
    elif unit == Unit.CALENDAR_DAYS:
        due_on = day + datetime.timedelta(days=sign * value)
    elif unit == Unit.WEEKS:
        due_on = day + datetime.timedelta(weeks=sign * value)
    elif unit == Unit.MONTHS:
        due_on = calendar.add_months(day, sign * value)
    else:  # pragma: no cover - the choices are closed
        raise ValueError(f"Unknown unit {unit}")
    if sign < 0:
        # Counted back from a meeting: due on a working day, the last one on or before the
        # counted date (10 days before a Wednesday is a Sunday: due the Friday before). ADR 45.
        due_on = calendar.previous_working_day(due_on)
    return due_on, _start_of_day(due_on + datetime.timedelta(days=1))


def policy_for(rule: str) -> TimescalePolicy:
    """The authority's current value for a rule (the default when it has never been set)."""
    try:
        return ensure_rule(TimescalePolicy, rule)
    except KeyError as error:
        raise TimescaleError(f"There is no timescale rule called {rule}") from error


# Deadlines -------------------------------------------------------------------------------------


def _live(rule: str, subject, *, lock: bool = True) -> Deadline | None:
    queryset = Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status__in=LIVE_STATUSES,
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def open_deadline(
    *,
    rule: str,
    subject,
    start,
    responsible=None,
    team=None,
    child=None,
    chair=None,
    agency=None,
) -> Deadline:
    """Start the clock for one rule on one subject, with the authority's policy as it is now.

    Opening a rule that is already live for the subject returns the live one unchanged, so an
    action repeated after an error never opens two clocks.
    """
    policy = policy_for(rule)
    with transaction.atomic():
        existing = _live(rule, subject)
        if existing:
            return existing
        due_on, due_at = compute_due(
            value=policy.value, unit=policy.unit, direction=policy.direction, start=start
        )
        return Deadline.objects.create(
            rule=rule,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            child=child,
            starts_at=_as_moment(start),
            due_on=due_on,
            due_at=due_at,
            policy_value=policy.value,
            policy_unit=policy.unit,
            policy_direction=policy.direction,
            responsible=responsible,
            team=team if team is not None else getattr(responsible, "team", None),
            chair=chair,
            agency=agency,
        )


def move_due_day(deadline: Deadline, due_on: datetime.date, *, reason: str) -> bool:
    """Make an open deadline due by the end of `due_on` (a date the procedure sets, such as the
    day before a conference reconvenes). A breached or closed deadline keeps its date: the
    breach happened (the database refuses a breach recorded before its due moment), and the
    dashboard counts overdue deadlines by their due day (ADR 79). True when it moved."""
    if deadline.status != DeadlineStatus.OPEN or deadline.due_on == due_on:
        return False
    deadline.due_on = due_on
    deadline.due_at = _start_of_day(due_on + datetime.timedelta(days=1))
    deadline._change_reason = reason
    deadline.save()
    return True


def live_deadline(rule: str, subject) -> Deadline | None:
    """The live (open or breached) deadline of a rule for a subject, locked, or None."""
    return _live(rule, subject)


def close_unmet_at_meeting(*, deadline: Deadline, reason: str) -> Deadline:
    """A live deadline whose meeting came without it: a breached one is missed (its QAN stands),
    an open one, not yet due, no longer applies."""
    if deadline.status == DeadlineStatus.BREACHED:
        deadline.status = DeadlineStatus.MISSED
    else:
        deadline.status = DeadlineStatus.NOT_APPLICABLE
        deadline.not_applicable_reason = reason
    deadline._change_reason = reason
    deadline.save()
    return deadline


def move_deadline(*, rule: str, subject, start, reason: str = "") -> Deadline | None:
    """The event a deadline counts from (or back from) changed: a meeting re-booked, say.

    Only an open deadline moves, and with the policy as it is now. A breached one stays breached:
    the breach happened and its QAN stands.
    """
    with transaction.atomic():
        deadline = _live(rule, subject)
        if deadline is None or deadline.status != DeadlineStatus.OPEN:
            return deadline
        policy = policy_for(rule)
        deadline.due_on, deadline.due_at = compute_due(
            value=policy.value, unit=policy.unit, direction=policy.direction, start=start
        )
        deadline.starts_at = _as_moment(start)
        deadline.policy_value, deadline.policy_unit = policy.value, policy.unit
        deadline.policy_direction = policy.direction
        deadline.reminded_at = None
        deadline._change_reason = reason or "The event it counts from changed"
        deadline.save()
        return deadline


def meet_deadline(*, rule: str, subject, met_on=None, delay_reason: str = "") -> Deadline | None:
    """The thing the deadline asked for happened: on time, or late (including after a breach)."""
    met_at = _as_moment(met_on) if met_on is not None else timezone.now()
    with transaction.atomic():
        deadline = _live(rule, subject)
        if deadline is None:
            return None
        late = deadline.status == DeadlineStatus.BREACHED or met_at >= deadline.due_at
        deadline.status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET_ON_TIME
        deadline.met_at = met_at
        if delay_reason.strip():
            deadline.delay_reason = delay_reason.strip()
        deadline.save()
        return deadline


def _close_as_not_applicable(rule, subject, reason, signed_off_by, by) -> Deadline | None:
    if not reason.strip():
        raise TimescaleError("Enter why this timescale does not apply", field="reason")
    with transaction.atomic():
        deadline = _live(rule, subject)
        if deadline is None:
            return None
        deadline.status = DeadlineStatus.NOT_APPLICABLE
        deadline.not_applicable_reason = reason.strip()
        deadline.not_applicable_signed_off_by = signed_off_by
        save_as(deadline, by=by)  # services also run outside a request (tasks, commands)
        return deadline


def waive_deadline(*, rule: str, subject, reason: str, signed_off_by) -> Deadline | None:
    """A manager agrees a timescale does not apply to this subject, and says why."""
    if not signed_off_by.has_role(*MANAGER_ROLES):
        raise TimescaleError("Only a manager can agree that a timescale does not apply")
    return _close_as_not_applicable(rule, subject, reason, signed_off_by, signed_off_by)


def withdraw_deadline(*, rule: str, subject, reason: str, by) -> Deadline | None:
    """The event the deadline counted towards will not happen, because of a recorded decision
    (an enquiry found no conference is needed; a plan ended so visits stop). The decision is the
    sign-off, so no separate manager is needed; history records who made it."""
    return _close_as_not_applicable(rule, subject, reason, None, by)


def record_delay_reason(*, deadline: Deadline, reason: str, by) -> Deadline:
    """Why a deadline was or will be missed, and how the child was safeguarded meanwhile."""
    if not reason.strip():
        raise TimescaleError("Enter the reason for the delay", field="reason")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.status in (DeadlineStatus.MET_ON_TIME, DeadlineStatus.NOT_APPLICABLE):
            raise TimescaleError("This timescale was not missed, so there is no delay to explain")
        locked.delay_reason = reason.strip()
        locked.delay_reason_signed_off_by = None
        locked.delay_reason_signed_off_at = None
        locked.save()
        return locked


def sign_off_delay_reason(*, deadline: Deadline, by) -> Deadline:
    """A manager signs off the recorded reason for a delay (South Gloucestershire standard)."""
    if not by.has_role(*MANAGER_ROLES):
        raise TimescaleError("Only a manager can sign off the reason for a delay")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if not locked.delay_reason:
            raise TimescaleError("There is no reason for the delay to sign off yet")
        if locked.responsible_id == by.pk:
            raise TimescaleError("A manager other than the person responsible must sign it off")
        locked.delay_reason_signed_off_by = by
        locked.delay_reason_signed_off_at = timezone.now()
        locked.save()
        return locked


# Quality Assurance notifications ---------------------------------------------------------------


def fallback_addressee() -> User | None:
    """Who receives a QAN when the person responsible has no line manager: a service manager."""
    return (
        User.objects.filter(is_active=True, roles__code=RoleCode.SERVICE_MANAGER)
        .order_by("pk")
        .first()
    )


def addressee_for(responsible) -> User | None:
    manager = getattr(responsible, "line_manager", None)
    if manager is not None and manager.is_active:
        return manager
    return fallback_addressee()


# A late request for an initial conference is told to the relevant service manager as well as the
# line manager (004 chairs' item 1): the late-request QAN and the ICPC_REQUEST breach QAN.
RULES_ALSO_TOLD_TO_SERVICE_MANAGER = (RuleCode.ICPC_REQUEST,)


def also_addressee_for(rule: str, responsible, addressed_to) -> User | None:
    """Who else a QAN goes to: the relevant service manager for the rules above, unless they
    are already its addressee."""
    if rule not in RULES_ALSO_TOLD_TO_SERVICE_MANAGER:
        return None
    service_manager = relevant_service_manager(responsible)
    if service_manager is None or service_manager == addressed_to:
        return None
    return service_manager


def raise_qan(
    *,
    kind: str,
    description: str,
    responsible=None,
    child=None,
    rule: str = "",
    deadline: Deadline | None = None,
    raised_by=None,
    agency=None,
    team=None,
    addressed_to=None,
) -> QualityAssuranceNotification:
    """Raise a QAN for an event (a late request, a postponement, an adjournment, a missing report),
    addressed to the line management of whoever was responsible, and queue its emails in the
    outbox in the same transaction (sent once committed).
    ``addressed_to`` names the addressee instead, when the cause has no line manager here (an
    agency, the family, the conference service: issue 18)."""
    if kind not in QanKind.values:
        raise TimescaleError(f"Unknown kind of Quality Assurance notification: {kind}")
    if not description.strip():
        raise TimescaleError("Enter what happened", field="description")
    rule = rule or (deadline.rule if deadline else "")
    addressed_to = addressed_to or addressee_for(responsible)
    with transaction.atomic():
        qan = QualityAssuranceNotification.objects.create(
            kind=kind,
            description=description.strip(),
            responsible=responsible,
            addressed_to=addressed_to,
            also_addressed_to=also_addressee_for(rule, responsible, addressed_to),
            child=child,
            rule=rule,
            deadline=deadline,
            agency=agency if agency is not None else getattr(responsible, "agency", None),
            team=team if team is not None else getattr(responsible, "team", None),
            raised_at=timezone.now(),
            raised_by=raised_by,
        )
        _queue_qan_emails([qan])
    return qan


def _may_act_on(qan: QualityAssuranceNotification, user) -> bool:
    return user.has_role(RoleCode.QA_MANAGER) or user.pk in (
        qan.addressed_to_id,
        qan.also_addressed_to_id,
    )


def _locked_qan(qan) -> QualityAssuranceNotification:
    return QualityAssuranceNotification.objects.select_for_update().get(pk=qan.pk)


def acknowledge_qan(*, qan: QualityAssuranceNotification, by) -> QualityAssuranceNotification:
    """The manager it was sent to has seen it."""
    with transaction.atomic():
        locked = _locked_qan(qan)
        if not _may_act_on(locked, by):
            raise TimescaleError("Only the manager it was sent to or a QA manager can do this")
        if locked.status != QanStatus.OPEN:
            raise TimescaleError("This notification has already been acknowledged")
        locked.status = QanStatus.ACKNOWLEDGED
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = by
        locked.save()
        return locked


def explain_qan(
    *, qan: QualityAssuranceNotification, by, explanation: str
) -> QualityAssuranceNotification:
    """The manager explains what happened and how the child was kept safe meanwhile."""
    with transaction.atomic():
        locked = _locked_qan(qan)
        if not _may_act_on(locked, by):
            raise TimescaleError("Only the manager it was sent to or a QA manager can do this")
        if locked.status == QanStatus.CLOSED:
            raise TimescaleError("This notification is closed")
        if not explanation.strip():
            raise TimescaleError(
                "Enter an explanation of what happened and how the child was kept safe",
                field="explanation",
            )
        now = timezone.now()
        if locked.status == QanStatus.OPEN:
            locked.acknowledged_at, locked.acknowledged_by = now, by
        locked.status = QanStatus.EXPLAINED
        locked.explanation = explanation.strip()
        locked.explained_at = now
        locked.explained_by = by
        locked.save()
        return locked


def close_qan(
    *, qan: QualityAssuranceNotification, by, note: str = ""
) -> QualityAssuranceNotification:
    """The QA manager closes a notification once it has been explained."""
    if not by.has_role(RoleCode.QA_MANAGER):
        raise TimescaleError("Only a quality assurance manager can close a notification")
    with transaction.atomic():
        locked = _locked_qan(qan)
        if locked.status == QanStatus.CLOSED:
            raise TimescaleError("This notification is already closed")
        if locked.status != QanStatus.EXPLAINED:
            raise TimescaleError(
                "An explanation must be given before the notification can be closed",
                field="note",
            )
        locked.status = QanStatus.CLOSED
        locked.closing_note = note.strip()
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.save()
        return locked


# Emails ----------------------------------------------------------------------------------------

EMAIL_BATCH = 200


def _qan_email(qan: QualityAssuranceNotification, person) -> EmailMessage:
    """The QAN's email: its reference, kind and a link; what happened (which names the
    children) stays in the service."""
    return EmailMessage(
        subject=f"Quality Assurance notification {qan.reference}: {qan.get_kind_display()}",
        body=render_to_string(
            "timescales/email/qan.txt",
            {
                "qan": qan,
                "person": person,
                "qan_url": outbox.service_url(reverse("timescales:qan-detail", args=[qan.pk])),
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


def _queue_qan_emails(qans) -> int:
    """Queue each QAN's emails (addressee, and the service manager where there is one) in the
    outbox and record that they were: inside the transaction that raised or claimed them."""
    messages = [
        _qan_email(qan, person)
        for qan in qans
        for person in (qan.addressed_to, qan.also_addressed_to)
        if person and person.email
    ]
    outbox.queue_emails(messages, kind="qan")
    QualityAssuranceNotification.objects.filter(pk__in=[qan.pk for qan in qans]).update(
        emailed_at=timezone.now()
    )
    return len(messages)


def notify_pending_qans() -> int:
    """Queue the emails of each QAN not yet emailed (the sweep's, raised set-based), once.

    Rows are claimed with SKIP LOCKED so two workers never queue the same email twice.
    """
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                QualityAssuranceNotification.objects.select_for_update(
                    skip_locked=True, of=("self",)
                )
                .filter(emailed_at__isnull=True)
                .select_related(
                    "addressed_to", "also_addressed_to", "child", "deadline", "responsible"
                )
                .order_by("pk")[:EMAIL_BATCH]
            )
            if not batch:
                return sent
            sent += _queue_qan_emails(batch)
