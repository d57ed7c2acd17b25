"""Reports to conference: the social worker's report (Signs of Safety shape), each invited
agency's report, and the documents uploaded with them.

Nothing here is deleted: a replaced document stays (history points to it), a report is only
ever changed through reports.services, and every change is in history.
"""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import PlanCategory


def document_path(instance, filename: str) -> str:
    """reports/2026/03/<random>.pdf: the stored name says nothing about the family or the file."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ReportDocument(models.Model):
    """An uploaded PDF or Word document, checked by reports.uploads, kept in private storage and
    served only by the permission-checked reports:document view."""

    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"


class SocialWorkReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Waiting for the team manager's sign-off"
    RETURNED = "returned", "Returned for changes"
    SIGNED_OFF = "signed_off", "Signed off"


EDITABLE_STATUSES = (SocialWorkReportStatus.DRAFT, SocialWorkReportStatus.RETURNED)


class Recommendation(models.TextChoices):
    CHILD_PROTECTION_PLAN = "cp_plan", "Child protection plan"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class SocialWorkReport(models.Model):
    """The social worker's report to one conference, in the Signs of Safety shape: quality
    assured and signed off by the team manager, shared with the parents (their views added, or a
    recorded reason for not sharing), then sent to the chair, who reads it."""

    conference = models.OneToOneField(
        "conferences.Conference", on_delete=models.PROTECT, related_name="social_work_report"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_work_reports"
    )
    status = models.CharField(
        max_length=20,
        choices=SocialWorkReportStatus.choices,
        default=SocialWorkReportStatus.DRAFT,
        db_index=True,
    )
    # What are we worried about?
    worries = models.TextField("What we are worried about (harm)", blank=True)
    complicating_factors = models.TextField(blank=True)
    # What is working well?
    working_well = models.TextField("What is working well", blank=True)
    # What needs to happen?
    danger_statements = models.TextField("Danger statements proposed", blank=True)
    safety_goals = models.TextField("Safety goals proposed", blank=True)
    scaling_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="0: the child is not safe at home; 10: everyone is confident the child is safe.",
    )
    scaling_reason = models.TextField(blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommendation_details = models.TextField(blank=True)
    recommended_category = models.CharField(
        "the category recommended (for a child protection plan)",
        max_length=20,
        choices=PlanCategory.choices,
        blank=True,
    )
    genogram = models.ForeignKey(
        ReportDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="genogram_of",
    )
    chronology = models.ForeignKey(
        ReportDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chronology_of",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(blank=True)
    # Sharing with the parents: shared (with their views), or not shared for a recorded reason.
    parents_sharing_recorded_at = models.DateTimeField(null=True, blank=True)
    parents_sharing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_with_parents_at = models.DateTimeField(null=True, blank=True)
    parents_views = models.TextField(blank=True)
    not_shared_reason = models.TextField(blank=True)
    sent_to_chair_at = models.DateTimeField(null=True, blank=True)
    sent_to_chair_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    read_by_chair_at = models.DateTimeField(null=True, blank=True)
    read_by_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Issue 18 item 7: a signed-off report changed afterwards goes back to the team manager for
    # sign-off and is shared with the parents again (reports.sharing).
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField("What is changing in the report", blank=True)
    previously_shared_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an earlier version was shared with the parents (the report has changed "
        "since, and must be shared again).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scaling_score__isnull=True) | Q(scaling_score__lte=10),
                name="sw_report_scaling_0_to_10",
                violation_error_message="The scaling score must be between 0 and 10.",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed_off")
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="sw_report_signed_off_has_manager",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="sw_report_returned_has_reason",
                violation_error_message="Say what needs to change.",
            ),
            models.CheckConstraint(
                condition=Q(parents_sharing_recorded_at__isnull=True)
                | Q(shared_with_parents_at__isnull=False)
                | ~Q(not_shared_reason=""),
                name="sw_report_not_shared_has_reason",
                violation_error_message="Enter why the report was not shared with the parents.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(sent_to_chair_at__isnull=True) & Q(shared_with_parents_at__isnull=True)
                )
                | Q(status="signed_off"),
                name="sw_report_shared_or_sent_only_when_signed_off",
            ),
        ]

    def __str__(self):
        return f"Social work report for {self.conference}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_signed_off(self) -> bool:
        return self.status == SocialWorkReportStatus.SIGNED_OFF

    @property
    def parents_sharing_recorded(self) -> bool:
        return self.parents_sharing_recorded_at is not None

    @property
    def may_share_with_family(self) -> bool:
        """The social work report is written to be shared with the parents, unless a reason for
        not sharing it is recorded."""
        return not self.not_shared_reason

    @property
    def to_share_again(self) -> bool:
        """Changed after an earlier version was shared, and the new version not shared yet."""
        return self.previously_shared_at is not None and self.shared_with_parents_at is None


class ReportSharingMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person (went through it with them)"
    EMAIL = "email", "By email"
    POST = "post", "By post"


class AgencyReport(models.Model):
    """One invited professional's report to the conference, for their agency: structured fields
    or an uploaded document, and whether it may be shared with the family (police reports are
    not, unless the author chooses otherwise)."""

    invitation = models.OneToOneField(
        "conferences.Invitation", on_delete=models.PROTECT, related_name="agency_report"
    )
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="agency_reports"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    involvement = models.TextField("The agency's involvement with the family", blank=True)
    worries = models.TextField("What the agency is worried about", blank=True)
    working_well = models.TextField("What is working well", blank=True)
    significant_events = models.TextField("Chronology of significant events", blank=True)
    recommendation = models.TextField(blank=True)
    document = models.ForeignKey(
        ReportDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_reports",
    )
    may_share_with_family = models.BooleanField()
    # Issue 18 item 7: shared with the parents before the conference (when and how), or why not.
    not_shared_reason = models.TextField(
        "Why the report is not shared with the family",
        blank=True,
        help_text="For a report the family may not see (for example, it would put a child at "
        "risk), or a report that could not be shared.",
    )
    shared_with_parents_on = models.DateField(null=True, blank=True)
    shared_how = models.CharField(max_length=20, choices=ReportSharingMethod.choices, blank=True)
    sharing_recorded_at = models.DateTimeField(null=True, blank=True)
    sharing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_late = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    read_by_chair_at = models.DateTimeField(null=True, blank=True)
    read_by_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False) | (~Q(involvement="") & ~Q(worries="")),
                name="agency_report_document_or_content",
                violation_error_message=(
                    "Upload the report, or enter the agency's involvement and its worries."
                ),
            )
        ]
        indexes = [models.Index(fields=["conference", "submitted_at"], name="agency_report_conf")]

    def __str__(self):
        return f"Agency report from {self.invitation.name}"

    @property
    def sharing_state(self) -> str:
        """shared, not_shared (a reason recorded) or awaited (may be shared, not shared yet)."""
        if self.shared_with_parents_on is not None:
            return "shared"
        if self.not_shared_reason:
            return "not_shared"
        return "awaited"


# --- Minutes of the conference and feedback forms (issue 6) --------------------------------------
# The minute taker drafts the minutes in sections; the chair approves them (or sends them back);
# the conference service or the chair circulates them: the full minutes to professionals, a family
# copy without the sections held in a professionals-only slot. Each copy is kept exactly as sent;
# recipients may ask for amendments until the copy's amend_by (MINUTES_AMEND from when it was sent:
# a window, not a duty, so no deadline is opened per copy), and the chair decides each.


def minutes_copy_path(instance, filename: str) -> str:
    """minutes/2026/03/<random>.pdf: the stored name says nothing about the family."""
    return f"minutes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    WITH_CHAIR = "with_chair", "With the chair for approval"
    APPROVED = "approved", "Approved by the chair"
    CIRCULATED = "circulated", "Circulated"


class ConferenceMinutes(models.Model):
    conference = models.OneToOneField(
        "conferences.Conference", on_delete=models.PROTECT, related_name="minutes"
    )
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_to_chair_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Issue 18: the chair decides whether invited professionals who sent apologies receive the
    # minutes (they do unless the chair decides otherwise); circulation follows the choice.
    apologies_receive_copy = models.BooleanField(
        "invited professionals who sent apologies receive the minutes", default=True
    )
    apologies_decided_at = models.DateTimeField(null=True, blank=True)
    apologies_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "conference minutes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "circulated"])
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="minutes_approved_has_chair",
            ),
            models.CheckConstraint(
                condition=~Q(status="circulated")
                | Q(circulated_at__isnull=False, circulated_by__isnull=False),
                name="minutes_circulated_has_who",
            ),
        ]

    def __str__(self):
        return f"Minutes of {self.conference}"

    @property
    def is_circulated(self) -> bool:
        return self.status == MinutesStatus.CIRCULATED


class MinutesSection(models.Model):
    minutes = models.ForeignKey(
        ConferenceMinutes, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    family_may_see = models.BooleanField(
        default=True, help_text="False for the part held in a professionals-only slot."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(heading=""), name="minutes_section_has_heading")
        ]

    def __str__(self):
        return self.heading


class MinutesCopyMethod(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"


class MinutesCopy(models.Model):
    """One recipient's copy, kept as sent."""

    minutes = models.ForeignKey(ConferenceMinutes, on_delete=models.PROTECT, related_name="copies")
    invitation = models.ForeignKey(
        "conferences.Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_copies",
    )
    recipient_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    method = models.CharField(max_length=10, choices=MinutesCopyMethod.choices)
    is_family_copy = models.BooleanField()
    pdf = models.FileField(upload_to=minutes_copy_path, max_length=300)
    sent_at = models.DateTimeField(default=timezone.now)
    amend_by = models.DateTimeField(
        help_text="Amendments are accepted until this moment (MINUTES_AMEND from when the copy "
        "was sent)."
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "is_family_copy", "recipient_name", "pk"]

    def __str__(self):
        kind = "Family" if self.is_family_copy else "Professional"
        return f"{kind} copy for {self.recipient_name}"

    @property
    def amend_by_day(self):
        """The last day an amendment is accepted (amend_by is the moment after it)."""
        return timezone.localdate(self.amend_by - datetime.timedelta(microseconds=1))

    @property
    def amendments_open(self) -> bool:
        return timezone.now() < self.amend_by


class AmendmentStatus(models.TextChoices):
    OPEN = "open", "Waiting for the chair"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class MinutesAmendmentRequest(models.Model):
    minutes = models.ForeignKey(
        ConferenceMinutes, on_delete=models.PROTECT, related_name="amendment_requests"
    )
    copy = models.ForeignKey(
        MinutesCopy, on_delete=models.PROTECT, related_name="amendment_requests"
    )
    requested_by_name = models.CharField(max_length=200)
    invitation = models.ForeignKey(
        "conferences.Invitation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("What should change")
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.OPEN
    )
    response = models.TextField("The chair's response", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="minutes_amendment_has_text"),
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(response="")),
                name="minutes_amendment_decided_has_response",
            ),
        ]

    def __str__(self):
        return f"Amendment from {self.requested_by_name}"


# ConferenceFeedback and ChildFeedbackAnswer are in reports.feedback_models (imported below).


# --- end of minutes and feedback -----------------------------------------------------------------


# Issue 18 item 8: an agency report saved as a draft and finished later (reports.drafts).
from .draft_models import AgencyReportDraft  # noqa: E402, F401

# Feedback on the conference, with the child's own form (issue 6; issue 21 item 8).
from .feedback_models import ChildFeedbackAnswer, ConferenceFeedback  # noqa: E402, F401

# What each parent said about the social work report when it was shared (issue 21 item 5).
from .parents_on_report_models import ParentViewOnReport  # noqa: E402, F401
