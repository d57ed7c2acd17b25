"""A family's request for a change of social worker (001 §21): who asked, when and why, and the
team manager's decision (agreed or not, and why). Agreed, the child's lead social worker changes
(children.services.worker_change)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .child import Child


class ChangeOfWorkerRequest(models.Model):
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="worker_change_requests"
    )
    requested_by_name = models.CharField("who asked", max_length=200)
    requested_on = models.DateField("date of the request")
    reason = models.TextField("the family's reason")
    current_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The lead social worker the family asked to change.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    agreed = models.BooleanField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    new_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed__isnull=True, decided_by__isnull=True)
                | (Q(agreed__isnull=False, decided_by__isnull=False) & ~Q(decision_reason="")),
                name="worker_change_decided_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(agreed=True) | Q(new_worker__isnull=False),
                name="worker_change_agreed_names_worker",
            ),
        ]

    def __str__(self):
        return f"Request for a change of worker for {self.child}"

    @property
    def is_open(self) -> bool:
        return self.agreed is None
