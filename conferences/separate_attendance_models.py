"""Issue 18 item 2: when a parent must attend separately (domestic abuse), each family member
kept apart gets their own arrival time, their own time to meet the chair and, where arranged,
their own room. The services are in conferences.separate_attendance. Imported by
conferences.models."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class SeparateArrangement(models.Model):
    """One family member's own arrangements for a conference they attend separately. Printed on
    their letter only; never on another family member's letter."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="separate_arrangements"
    )
    person = models.ForeignKey("children.Person", on_delete=models.PROTECT, related_name="+")
    arrive_at = models.TimeField(
        "arrival time", null=True, blank=True, help_text="Empty: no separate arrangements."
    )
    meet_chair_at = models.TimeField("time to meet the chair", null=True, blank=True)
    room = models.CharField(
        max_length=200, blank=True, help_text="Their own room, where one is arranged."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "arrive_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="separate_arrangement_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(arrive_at__isnull=True, meet_chair_at__isnull=True)
                | models.Q(
                    arrive_at__isnull=False,
                    meet_chair_at__isnull=False,
                    arrive_at__lte=models.F("meet_chair_at"),
                ),
                name="separate_arrangement_arrives_before_meeting_the_chair",
                violation_error_message=(
                    "Enter both times, and an arrival time at or before the time to meet the chair."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.conference}: separate arrangements"

    @property
    def is_arranged(self) -> bool:
        return self.arrive_at is not None
