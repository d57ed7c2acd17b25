"""Core group meetings and social work visits for a child protection plan.

The core group (the lead social worker, the family and the key professionals the conference named)
meets within 10 working days of the conference (CG_FIRST; the first meeting chaired by the social
work team manager), then at the authority's interval (CG_NEXT, 6 weeks). Each meeting records who
attended, progress on each action, a score against each danger statement, and its decisions; the
record is shared with the members. What the core group adds to the plan (danger statements,
actions) stays in plans, with a MeetingAddition here naming the meeting that added it.

Visits: the social worker sees the child at least every 10 working days (VISIT), or more often when
the conference set the plan a shorter frequency.

Nothing here is deleted: a meeting is cancelled, not removed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date, govuk_datetime
from plans.models import ActionStatus

MIN_SCORE, MAX_SCORE = 0, 10


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class CoreGroupMeeting(models.Model):
    """One core group meeting of a plan: planned, then held (with its record) or cancelled."""

    plan = models.ForeignKey(
        "plans.ChildProtectionPlan", on_delete=models.PROTECT, related_name="core_group_meetings"
    )
    held_at = models.DateTimeField("date and time", db_index=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_core_groups",
        help_text="The first core group after the conference is chaired by the team manager.",
    )
    venue = models.CharField(max_length=300, blank=True)
    is_first = models.BooleanField(
        "first core group after the conference",
        default=False,
        help_text="Set when the meeting is held: the plan's first held core group.",
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    notes = models.TextField(blank=True, help_text="What was discussed.")
    decisions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the record was last shared with the members."
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "held_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_first=True, status="held"),
                name="core_group_one_first_meeting_per_plan",
                violation_error_message="The plan already has its first core group meeting.",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(recorded_at__isnull=False),
                name="core_group_held_is_recorded",
            ),
            models.CheckConstraint(
                condition=Q(shared_at__isnull=True) | Q(status="held"),
                name="core_group_only_held_records_are_shared",
            ),
        ]

    def __str__(self):
        return f"Core group meeting on {govuk_datetime(self.held_at)}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class CoreGroupAttendance(models.Model):
    """Whether one person came to a meeting. The name and role are copied from the member (or
    typed, for someone who is not a member) so the record reads as it was on the day."""

    meeting = models.ForeignKey(
        CoreGroupMeeting, on_delete=models.PROTECT, related_name="attendance"
    )
    member = models.ForeignKey(
        "plans.CoreGroupMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(max_length=200)
    role = models.CharField("role or agency", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="core_group_attendance_has_name"),
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="core_group_attendance_member_once",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"


class ActionProgress(models.Model):
    """An action's status as the meeting found it, with a comment."""

    meeting = models.ForeignKey(CoreGroupMeeting, on_delete=models.PROTECT, related_name="progress")
    action = models.ForeignKey(
        "plans.PlanAction", on_delete=models.PROTECT, related_name="progress_at_meetings"
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "action__by_when", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "action"], name="core_group_progress_once_per_action"
            )
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class DangerStatementScaling(models.Model):
    """The core group's score (0 to 10) against one danger statement at a meeting."""

    meeting = models.ForeignKey(CoreGroupMeeting, on_delete=models.PROTECT, related_name="scaling")
    danger_statement = models.ForeignKey(
        "plans.PlanDangerStatement", on_delete=models.PROTECT, related_name="core_group_scaling"
    )
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "danger_statement__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE),
                name="core_group_scaling_score_0_to_10",
                violation_error_message="A score is from 0 to 10.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "danger_statement"],
                name="core_group_scaling_once_per_statement",
            ),
        ]

    def __str__(self):
        return f"Danger statement {self.danger_statement.position}: {self.score}"


class MeetingAddition(models.Model):
    """What a core group meeting added to the plan: one danger statement or one action (plans
    keeps the row itself, marked as added by the core group)."""

    meeting = models.ForeignKey(
        CoreGroupMeeting, on_delete=models.PROTECT, related_name="additions"
    )
    danger_statement = models.OneToOneField(
        "plans.PlanDangerStatement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="added_at_core_group",
    )
    action = models.OneToOneField(
        "plans.PlanAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="added_at_core_group",
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(danger_statement__isnull=False, action__isnull=True)
                | Q(danger_statement__isnull=True, action__isnull=False),
                name="meeting_addition_one_thing",
            )
        ]

    def __str__(self):
        return f"Added at the {self.meeting}"


class Visit(models.Model):
    """A social work visit to the child on a plan. Only a visit where the child was seen meets
    the VISIT timescale; one where they were not is recorded with the reason."""

    plan = models.ForeignKey(
        "plans.ChildProtectionPlan", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(db_index=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_made"
    )
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    reason_not_seen = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(seen_alone=False),
                name="visit_seen_alone_only_if_seen",
                violation_error_message="A child not seen cannot have been seen alone.",
            ),
            models.CheckConstraint(
                condition=Q(child_seen=True) | ~Q(reason_not_seen=""),
                name="visit_not_seen_has_reason",
                violation_error_message="Say why the child was not seen.",
            ),
        ]

    def __str__(self):
        return f"Visit on {govuk_date(self.visited_on)}"
