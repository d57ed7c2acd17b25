"""Timescales: the working-day calendar's extra days, the authority's policy, deadlines and QANs.

A deadline is one row per rule per subject (a strategy discussion, an enquiry, a conference, a plan,
a core group). The sweep turns open deadlines whose due moment has passed into breaches and raises
exactly one Quality Assurance notification for each, guaranteed by a unique key.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date


class SchedulerRun(models.Model):
    """A row each time a periodic task runs, so the health check and admins can see beat is alive."""

    task_name = models.CharField(max_length=200)
    ran_at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        get_latest_by = "ran_at"

    def __str__(self):
        return f"{self.task_name} at {self.ran_at:%Y-%m-%d %H:%M}"


class NonWorkingDayKind(models.TextChoices):
    BANK_HOLIDAY = "bank_holiday", "Bank holiday (GOV.UK published list)"
    CLOSURE = "closure", "Authority closure day"


class NonWorkingDay(models.Model):
    """A day that is not a working day on top of the weekends.

    For a year with any published bank holiday here, this table is the whole list of that year's
    bank holidays (GOV.UK's list, which includes one-off proclamations and moved days); for later
    years the rule-based England & Wales calendar from workalendar applies. Closure days always add.
    """

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=NonWorkingDayKind.choices, default=NonWorkingDayKind.CLOSURE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "non-working day"

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.name}"


class RuleCode(models.TextChoices):
    """Every timescale rule of DOMAIN.md's table (plus the sign-off of the strategy record)."""

    ICPC_DUE = "ICPC_DUE", "Initial conference held"
    STRAT_RECORD = "STRAT_RECORD", "Strategy discussion record available"
    STRAT_SIGNOFF = "STRAT_SIGNOFF", "Strategy discussion record signed off"
    ICPC_REQUEST = "ICPC_REQUEST", "Conference service told an initial conference is needed"
    CHAIR_ALLOC = "CHAIR_ALLOC", "Chair allocated"
    INVITES = "INVITES", "Invitations sent"
    SW_REPORT_PARENTS = "SW_REPORT_PARENTS", "Social work report shared with parents"
    SW_REPORT_CHAIR = "SW_REPORT_CHAIR", "Social work report sent to the chair"
    AGENCY_REPORT = "AGENCY_REPORT", "Agency report submitted"
    DECISION_RECORDED = "DECISION_RECORDED", "Decision on the record"
    OUTLINE_PLAN = "OUTLINE_PLAN", "Outline plan circulated"
    MINUTES = "MINUTES", "Minutes circulated"
    MINUTES_AMEND = "MINUTES_AMEND", "Minutes amendments back to the chair"
    CG_FIRST = "CG_FIRST", "First core group meeting"
    CG_NEXT = "CG_NEXT", "Next core group meeting"
    VISIT = "VISIT", "Social work visit"
    RCPC_FIRST = "RCPC_FIRST", "First review conference"
    RCPC_NEXT = "RCPC_NEXT", "Next review conference"
    RCPC_REPORT_QA = "RCPC_REPORT_QA", "Review report signed off"
    RCPC_REPORT_PARENTS = "RCPC_REPORT_PARENTS", "Review report shared with parents"
    RCPC_REPORT_CHAIR = "RCPC_REPORT_CHAIR", "Review report sent to the chair"
    END_NOTICE = "END_NOTICE", "Conference service told a plan may end"
    ADJOURN = "ADJOURN", "Adjourned conference reconvened"
    ADJOURN_REPORT = "ADJOURN_REPORT", "Manager's report to the chair of an adjourned conference"
    ESCALATION_REVIEW = "ESCALATION_REVIEW", "Senior manager's review of an escalated decision"
    TRANSFER_IN = "TRANSFER_IN", "Transfer-in conference held"
    CIN_REVIEW = "CIN_REVIEW", "First Child in Need review"
    CIN_REVIEW_NEXT = "CIN_REVIEW_NEXT", "Next Child in Need review"
    LONG_PLAN = "LONG_PLAN", "Plan reaching 2 years"
    DRIFT_REVIEW = "DRIFT_REVIEW", "Team manager's drift review before the third review"
    PREBIRTH = "PREBIRTH", "Pre-birth initial conference held"
    PREBIRTH_EARLIEST = "PREBIRTH_EARLIEST", "Pre-birth initial conference not held before"
    BIRTH_RECONVENE = "BIRTH_RECONVENE", "Conference reconvened after the birth"
    MIDWAY_REVIEW = "MIDWAY_REVIEW", "Chair's mid-way review between conferences"
    CSC_DUE = "CSC_DUE", "Contextual Safeguarding Conference held"
    CSC_PLAN = "CSC_PLAN", "Contextual safeguarding plan's measurable outcomes recorded"
    CSC_REVIEW = "CSC_REVIEW", "First review Contextual Safeguarding Conference"
    CSC_REVIEW_NEXT = "CSC_REVIEW_NEXT", "Next review Contextual Safeguarding Conference"


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    HOURS = "hours", "hours"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class Direction(models.TextChoices):
    AFTER = "after", "After the event it counts from"
    BEFORE = "before", "Before the meeting it counts back from"


class TimescalePolicy(models.Model):
    """One authority's value for one rule. The QA manager changes it in the admin; history keeps
    who changed it and when. A deadline copies the value it was computed with, so a change applies
    only to deadlines computed after it."""

    rule = models.CharField(max_length=30, choices=RuleCode.choices, unique=True)
    description = models.TextField()
    value = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.AFTER)
    source = models.CharField(
        max_length=200, help_text="The procedure document the rule comes from."
    )
    raises_qan = models.BooleanField(
        default=True,
        help_text="Whether a breach of this rule raises a Quality Assurance notification.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rule"]
        verbose_name = "timescale policy"
        verbose_name_plural = "timescale policy"

    def __str__(self):
        return f"{self.get_rule_display()}: {self.describe()}"

    def describe(self) -> str:
        """'15 working days after', '3 working days before'."""
        unit = self.get_unit_display()
        if self.value == 1:
            unit = unit.removesuffix("s").replace("days", "day")
        return f"{self.value} {unit} {self.direction}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"
    BREACHED = "breached", "Breached"
    # Closed as breached: the meeting it prepared for was held without it (ADR 45). A breach that
    # is no longer anyone's to do, so it leaves the work lists; its QAN stands.
    MISSED = "missed", "Missed: the meeting was held without it"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# Still something someone must do: the live deadline of its rule and subject.
LIVE_STATUSES = (DeadlineStatus.OPEN, DeadlineStatus.BREACHED)


class Deadline(models.Model):
    """When something must happen for one subject under one rule, and whether it did."""

    rule = models.CharField(max_length=30, choices=RuleCode.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    starts_at = models.DateTimeField(help_text="The event the deadline counts from (or back from).")
    due_on = models.DateField(help_text="The last day it may happen on time.")
    due_at = models.DateTimeField(
        help_text="The moment after which it is breached (the end of the due day, or the hour)."
    )
    # The policy as it was when the due date was computed: a later change never rewrites this row.
    policy_value = models.PositiveIntegerField()
    policy_unit = models.CharField(max_length=20, choices=Unit.choices)
    policy_direction = models.CharField(max_length=10, choices=Direction.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
        help_text="The agency answerable for it, when that is not the responsible person's own.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_deadlines",
        help_text="The chair of the conference this deadline belongs to, for the dashboard filter.",
    )
    status = models.CharField(
        max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    delay_reason = models.TextField(blank=True)
    delay_reason_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_off_delays",
    )
    delay_reason_signed_off_at = models.DateTimeField(null=True, blank=True)
    not_applicable_reason = models.TextField(blank=True)
    not_applicable_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waived_deadlines",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            # One live deadline per rule per subject. Recurring rules (visits, core groups) close
            # one and open the next; closed rows stay as the record.
            models.UniqueConstraint(
                fields=["rule", "subject_type", "subject_id"],
                condition=Q(status__in=["open", "breached"]),
                name="one_live_deadline_per_rule_per_subject",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_applicable") | ~Q(not_applicable_reason=""),
                name="not_applicable_needs_a_reason",
            ),
            # Two truths the dashboard's counts lean on (ADR 79): a deadline is due no earlier
            # than the start of its due day (day-based rules at the end of it, hour-based ones
            # on it), and a breach is recorded at or after the moment it fell due, so a breached
            # deadline never moves later. Together: whatever is overdue is due today or before.
            models.CheckConstraint(
                condition=Q(due_at__date__gte=models.F("due_on")),
                name="deadline_due_moment_on_its_due_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="breached")
                | Q(breached_at__isnull=False, due_at__lte=models.F("breached_at")),
                name="deadline_breached_after_due",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="deadline_status_due"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
            models.Index(fields=["child", "status"], name="deadline_child_status"),
            # The live deadlines in due order, with what the dashboard's rows are filtered by
            # (ADR 33): a few percent of the rows, so it costs little to keep up to date. Not
            # the due day: with it, PostgreSQL (which cannot tell how few live deadlines fall
            # in a range of due days) scanned all of this index for the dashboard's counts
            # instead of a range of the one below (ADR 79).
            models.Index(
                fields=["due_at", "id"],
                include=[
                    "status",
                    "rule",
                    "team",
                    "responsible",
                    "chair",
                    "agency",
                    "child",
                ],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="live_deadline_due_cover",
            ),
            # The live deadlines by due day, with the columns the dashboard groups by: its
            # overdue and due-soon counts read the index from its start to the end of the due-soon
            # window, not every live deadline (ADR 79).
            models.Index(
                fields=["due_on"],
                include=[
                    "id",
                    "due_at",
                    "status",
                    "rule",
                    "team",
                    "responsible",
                    "chair",
                    "agency",
                ],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="live_deadline_due_day_cover",
            ),
            # Each child's live deadlines, soonest first: the social worker's list orders their
            # children by the next one (issue 25). Without it PostgreSQL read every deadline the
            # child ever had (met ones are most of them) to find the live few.
            models.Index(
                fields=["child", "due_at", "id"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="live_deadline_child_due",
            ),
            # Each person's live deadlines, soonest first: "Your deadlines" on their work list.
            models.Index(
                fields=["responsible", "due_at", "id"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="live_deadline_responsible_due",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} due {self.due_on:%d %B %Y}"

    @property
    def is_live(self) -> bool:
        """Open or breached and not yet met: still something someone must do."""
        return self.status in LIVE_STATUSES


class QanKind(models.TextChoices):
    BREACH = "breach", "Timescale breached"
    LATE_REQUEST = "late_request", "Late request for an initial conference"
    REPORT_NOT_SUBMITTED = "report_not_submitted", "Report not submitted"
    POSTPONED = "postponed", "Conference postponed"
    CANCELLED = "cancelled", "Conference cancelled"
    ADJOURNED = "adjourned", "Conference adjourned"
    OUT_OF_TIMESCALE = "out_of_timescale", "Conference out of timescale"


class QanStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    EXPLAINED = "explained", "Explanation given"
    CLOSED = "closed", "Closed"


class QualityAssuranceNotification(models.Model):
    """A Quality Assurance notification (South Gloucestershire's Quality Assurance Record): sent to
    the line management of whoever caused a breach, and followed through to closure by QA."""

    kind = models.CharField(max_length=30, choices=QanKind.choices)
    rule = models.CharField(max_length=30, choices=RuleCode.choices, blank=True)
    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="qans"
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="qans"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qans_caused",
        help_text="Whoever was responsible for what was missed.",
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qans_received",
        help_text="Their line manager, or a service manager when they have none.",
    )
    also_addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qans_copied",
        help_text="Also sent to: the relevant service manager, for a late request for an "
        "initial conference (004 chairs' item 1).",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="qans"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="qans"
    )
    description = models.TextField(
        blank=True, help_text="What happened. A breach raised by the sweep describes itself."
    )
    status = models.CharField(max_length=20, choices=QanStatus.choices, default=QanStatus.OPEN)
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qans_raised",
        help_text="Empty when the scheduler raised it.",
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    explanation = models.TextField(blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = "Quality Assurance notification"
        constraints = [
            # Exactly one QAN per breached deadline, whatever the number of sweeps or workers.
            models.UniqueConstraint(
                fields=["deadline"],
                condition=Q(kind="breach"),
                name="one_breach_qan_per_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "raised_at"], name="qan_status_raised"),
            models.Index(fields=["addressed_to", "status"], name="qan_addressee_status"),
            # The few not yet emailed, for the sweep's email step: without it each batch walks
            # every QAN ever raised to find the new ones at the end (ADR 33).
            models.Index(
                fields=["id"], condition=Q(emailed_at__isnull=True), name="qan_awaiting_email"
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """QAN-000123: derived from the key so the sweep's set-based insert needs no second pass."""
        return f"QAN-{self.pk:06d}" if self.pk else "QAN (not saved)"

    @property
    def summary(self) -> str:
        """What happened, in plain English."""
        if self.description:
            return self.description
        if self.deadline_id:
            deadline = self.deadline
            return (
                f"{deadline.get_rule_display()}: this was due by {govuk_date(deadline.due_on)} "
                "and had not happened by then."
            )
        return self.get_kind_display()

    @property
    def is_closed(self) -> bool:
        return self.status == QanStatus.CLOSED
