"""Who has been given the outline plan (issue 18 item 3): one row per recipient of one conference,
saying how (email, letter, in person at the end of the meeting), when and by whom. OUTLINE_PLAN is
met when every named family member and core group member has a row (conferences.
outline_circulation); generating the PDF never meets it. Nothing here is deleted: a correction
changes the row and history keeps what it said before."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class CirculationMethod(models.TextChoices):
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"
    IN_PERSON = "in_person", "In person at the end of the meeting"


class OutlinePlanCirculation(models.Model):
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        related_name="outline_plan_circulations",
    )
    # Who the recipient is, as conferences.outline_circulation.recipients_of names them:
    # "person:<id>" (a family member), "user:<id>" (a professional who signs in) or
    # "name:<lower-case name>" (a professional who does not).
    recipient_key = models.CharField(max_length=250)
    recipient_name = models.CharField(max_length=200)
    is_family = models.BooleanField()
    person = models.ForeignKey(
        "children.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField(max_length=20, choices=CirculationMethod.choices)
    circulated_on = models.DateField()
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who sent or handed over the outline plan.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "-is_family", "recipient_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "recipient_key"], name="outline_circulation_once"
            ),
            models.CheckConstraint(
                condition=~Q(recipient_key="") & ~Q(recipient_name=""),
                name="outline_circulation_has_recipient",
            ),
        ]

    def __str__(self):
        return f"Outline plan to {self.recipient_name} ({self.get_method_display().lower()})"
