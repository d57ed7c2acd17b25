"""Enquiries about the list of children subject to a child protection plan.

The list is confidential: a caller (police, health, out of hours) is answered only after a
call-back to their agency's known number is recorded, and every enquiry, each call-back, the
answer and the advice given are kept. Nothing here is changed once written or deleted: the
services add rows and fill each answer field once, and history keeps every write.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("Enquiry records are never deleted.")


class EnquiryResult(models.TextChoices):
    SUBJECT_TO_PLAN = "subject_to_plan", "Subject to a child protection plan"
    NOT_SUBJECT_TO_PLAN = "not_subject_to_plan", "Not subject to a child protection plan"


class PlanEnquiry(models.Model):
    """One telephone enquiry: who asked and why, the child they asked about, and the answer."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    caller_name = models.CharField("who called", max_length=200)
    caller_role = models.CharField("their job title", max_length=200, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    caller_number = models.CharField("the number they called from", max_length=30, blank=True)
    reason = models.TextField("why they are asking")
    # The child asked about, as the caller described them.
    forename = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    address_key = models.CharField(max_length=220, blank=True)
    # The answer, given once.
    answered_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=30, choices=EnquiryResult.choices, blank=True)
    child_known = models.BooleanField(
        default=False, help_text="Whether any child known to the authority matched."
    )
    advice = models.TextField("advice given", blank=True)
    advice_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "enquiry about the plan list"
        verbose_name_plural = "enquiries about the plan list"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["recorded_by", "received_at"], name="enquiry_by_when"),
            models.Index(fields=["name_key", "child_known"], name="enquiry_name_known"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, result="")
                | (Q(answered_at__isnull=False) & ~Q(result="")),
                name="enquiry_answer_has_result",
            ),
            models.CheckConstraint(
                condition=Q(advice_recorded_at__isnull=True, advice="")
                | (Q(advice_recorded_at__isnull=False, answered_at__isnull=False) & ~Q(advice="")),
                name="enquiry_advice_after_answer",
            ),
        ]

    def __str__(self):
        return (
            f"Enquiry from {self.caller_name} ({self.agency}) at {self.received_at:%Y-%m-%d %H:%M}"
        )

    def delete(self, *args, **kwargs):
        raise PermissionError("Enquiry records are never deleted.")

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def subject_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()


class CallBack(models.Model):
    """A call-back to the caller's agency, checked against the agency's known number. An answer
    is given only after a verified one."""

    enquiry = models.ForeignKey(PlanEnquiry, on_delete=models.PROTECT, related_name="call_backs")
    called_back_on = models.CharField("number called back on", max_length=30)
    known_number = models.CharField(
        "the agency's known number at the time", max_length=30, blank=True
    )
    verified = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry", "recorded_at", "pk"]

    def __str__(self):
        state = "verified" if self.verified else "not verified"
        return f"Call-back on {self.called_back_on} ({state})"

    def delete(self, *args, **kwargs):
        raise PermissionError("Enquiry records are never deleted.")


class EnquiryMatch(models.Model):
    """A child the enquiry matched, and what the caller was told about them (kept as it was said,
    whatever changes later)."""

    enquiry = models.ForeignKey(PlanEnquiry, on_delete=models.PROTECT, related_name="matches")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.ChildProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    on_plan = models.BooleanField()
    # Issue 17: an interim plan (an adjourned initial conference) is answered as one, in words.
    interim = models.BooleanField(default=False)
    answer = models.CharField("what the caller was told", max_length=300, blank=True)
    category = models.CharField(max_length=100, blank=True)
    plan_started_on = models.DateField(null=True, blank=True)
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_name = models.CharField(max_length=200, blank=True)
    lead_phone = models.CharField(max_length=30, blank=True)
    lead_email = models.EmailField(blank=True)
    lead_team = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "child"], name="enquiry_match_once"),
        ]

    def __str__(self):
        return f"{self.child} for {self.enquiry}"


class NoticeKind(models.TextChoices):
    LEAD_SOCIAL_WORKER = "lead", "An enquiry about a child you are lead social worker for"
    SAME_ADDRESS = "same_address", "An enquiry about a child at the address of a child on a plan"
    REPEAT_UNKNOWN = (
        "repeat_unknown",
        "A second enquiry about a child unknown to the authority: is this a child in need?",
    )


class EnquiryNotice(models.Model):
    """Who was told about an enquiry (by email, and here for them to read)."""

    enquiry = models.ForeignKey(PlanEnquiry, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enquiry_notices"
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The child on a plan the notice is about (the lead or same-address rule).",
    )
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "sent_at"], name="enquiry_notice_to_when")]
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "kind", "recipient", "child"],
                name="enquiry_notice_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.recipient}"
