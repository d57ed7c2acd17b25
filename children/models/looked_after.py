"""A child's looked-after periods (001 §13): when the child was looked after by the authority,
on what legal basis, and the Independent Reviewing Officer (IRO) who reviews the care plan.

Recorded and ended through plans.services.looked_after (which also prompts an early review of a
child protection plan); never deleted, history kept. Periods of one child never overlap: the
service refuses an overlap in plain words, and on PostgreSQL nothing else can write one either
(one open period per child, by a unique constraint)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .child import Child


class LegalBasis(models.TextChoices):
    SECTION_20 = "section_20", "Section 20 (accommodated with the parents' agreement)"
    INTERIM_CARE_ORDER = "interim_care_order", "Interim care order"
    CARE_ORDER = "care_order", "Care order"
    EMERGENCY_PROTECTION_ORDER = "emergency_protection_order", "Emergency protection order"
    POLICE_PROTECTION = "police_protection", "Police protection"


# Annex A list 7's "emergency protection order or police protection" column reads these.
EMERGENCY_BASES = (LegalBasis.EMERGENCY_PROTECTION_ORDER, LegalBasis.POLICE_PROTECTION)


class LookedAfterPeriod(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="looked_after_periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(max_length=40, choices=LegalBasis.choices)
    independent_reviewing_officer = models.CharField(
        "Independent Reviewing Officer", max_length=200, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="looked_after_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_open_looked_after_period",
            ),
        ]

    def __str__(self):
        return f"Looked after from {self.started_on} ({self.get_legal_basis_display()})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
