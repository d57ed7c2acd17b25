"""Issue 17 items 3 and 4 (001 section 3): while an initial conference is adjourned on a split,
each agency whose view differed sends the chair a brief written report from its manager; a split
that continues when the conference reconvenes keeps the child on a plan and escalates the decision
to the service manager and the head of service until one of them records a review. The services
are in conferences.adjournment. Imported by conferences.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AdjournmentReportStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"


class AdjournmentReport(models.Model):
    """The brief written report an agency's manager sends the chair before the adjourned
    conference reconvenes (deadline ADJOURN_REPORT, inside the ADJOURN window): the facts or
    evidence behind the agency's view, as text or an uploaded document."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="adjournment_reports"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    views_summary = models.TextField(
        "the views that differed", help_text="Who gave which view, for which child."
    )
    status = models.CharField(
        max_length=20,
        choices=AdjournmentReportStatus.choices,
        default=AdjournmentReportStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    manager_name = models.CharField("the manager's name", max_length=200, blank=True)
    manager_role = models.CharField("the manager's role", max_length=200, blank=True)
    facts = models.TextField("the facts or evidence", blank=True)
    document = models.ForeignKey(
        "reports.ReportDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "agency"], name="adjournment_report_once_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(status="requested")
                | (
                    ~Q(manager_name="")
                    & Q(submitted_at__isnull=False)
                    & (~Q(facts="") | Q(document__isnull=False))
                ),
                name="adjournment_report_received_is_complete",
                violation_error_message="A received report names the manager and holds the facts "
                "or a document.",
            ),
        ]

    def __str__(self):
        return f"Manager's report from {self.agency} for {self.conference}"

    @property
    def is_received(self) -> bool:
        return self.status == AdjournmentReportStatus.RECEIVED


class EscalationReason(models.TextChoices):
    SPLIT_CONTINUES = "split_continues", "The split continued when the conference reconvened"
    THRESHOLD_NOT_MET = (
        "threshold_not_met",
        "The chair considers the threshold for a plan is not met",
    )


class EscalationStatus(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", "Waiting for a senior manager's review"
    REVIEWED = "reviewed", "Reviewed by a senior manager"


class DecisionEscalation(models.Model):
    """A decision escalated to senior managers: the child remains on a plan pending their review,
    which a service manager or head of service records before the plan's first review conference
    (deadline ESCALATION_REVIEW)."""

    decision = models.OneToOneField(
        "conferences.ChildDecision", on_delete=models.PROTECT, related_name="escalation"
    )
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="escalations"
    )
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.ChildProtectionPlan", on_delete=models.PROTECT, related_name="escalations"
    )
    reason = models.CharField(max_length=30, choices=EscalationReason.choices)
    views_summary = models.TextField(help_text="The professionals' views when it was escalated.")
    chair_rationale = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=EscalationStatus.choices,
        default=EscalationStatus.AWAITING_REVIEW,
        db_index=True,
    )
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(help_text="Before the plan's first review conference is due.")
    review = models.TextField("the senior manager's review", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="awaiting_review")
                | (~Q(review="") & Q(reviewed_by__isnull=False) & Q(reviewed_at__isnull=False)),
                name="decision_escalation_reviewed_is_complete",
                violation_error_message="A review needs its text and who recorded it.",
            ),
        ]

    def __str__(self):
        return f"Escalation of the decision for {self.child} at {self.conference}"

    @property
    def is_reviewed(self) -> bool:
        return self.status == EscalationStatus.REVIEWED
