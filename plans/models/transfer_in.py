"""Transfer-in (issue 7 part 7): a child who moved into the authority while on another
authority's child protection plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import PlanCategory


class TransferIn(models.Model):
    """A child who moved into the authority while on another authority's child protection plan.
    TRANSFER_IN (15 working days from notice of the move) runs until a transfer-in conference
    about the child is held."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="transfers_in"
    )
    previous_authority = models.CharField(max_length=200)
    previous_plan_started_on = models.DateField("the previous authority's plan started")
    previous_plan_category = models.CharField(max_length=20, choices=PlanCategory.choices)
    moved_in_on = models.DateField("date the child moved in")
    notified_on = models.DateField("date the authority was told of the move")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        help_text="The transfer-in conference that was held.",
    )
    conference_held_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notified_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(conference__isnull=True),
                name="transfer_in_one_waiting_per_child",
                violation_error_message="The child's transfer-in is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(previous_plan_started_on__lte=models.F("moved_in_on")),
                name="transfer_in_plan_started_before_the_move",
                violation_error_message="The previous plan must have started before the move.",
            ),
        ]

    def __str__(self):
        return f"Transfer-in of {self.child} from {self.previous_authority}"
