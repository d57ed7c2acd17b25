"""Conference requests: the social worker asks the conference service for an initial child
protection conference, with the children (each with the Section 47 enquiry behind it), the invite
list as it was when the request was sent, and any needs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ConferenceType(models.TextChoices):
    INITIAL = "icpc", "Initial child protection conference"
    PRE_BIRTH = "pre_birth", "Pre-birth child protection conference"


class RequestStatus(models.TextChoices):
    SENT = "sent", "Waiting to be booked"
    BOOKED = "booked", "Booked"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChildAttendance(models.TextChoices):
    YES = "yes", "Yes, the child wants to attend"
    NO = "no", "No"
    NOT_DECIDED = "not_decided", "Not decided yet: the chair will decide"


class ConferenceRequest(models.Model):
    """A request for an initial conference, sent to the conference service.

    It considers the children of one household together; each child's Section 47 enquiry is
    linked through ConferenceRequestChild.
    """

    conference_type = models.CharField(
        max_length=20, choices=ConferenceType.choices, default=ConferenceType.INITIAL
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conference_requests"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_languages = models.CharField(max_length=200, blank=True)
    separate_attendance_needed = models.BooleanField(default=False)
    separate_attendance_details = models.TextField(blank=True)
    child_attending = models.CharField(
        max_length=20, choices=ChildAttendance.choices, default=ChildAttendance.NOT_DECIDED
    )
    advocacy_needed = models.BooleanField(default=False)
    advocacy_details = models.TextField(blank=True)
    other_needs = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["status", "sent_at"], name="conf_request_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(interpreter_needed=False) | ~Q(interpreter_languages=""),
                name="conf_request_interpreter_has_language",
                violation_error_message="Enter the languages an interpreter is needed for.",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="conf_request_withdrawn_has_reason",
                violation_error_message="Say why the request is withdrawn.",
            ),
        ]

    def __str__(self):
        return f"{self.get_conference_type_display()} request {self.pk}"

    @property
    def is_in_queue(self) -> bool:
        return self.status == RequestStatus.SENT


class ConferenceRequestChild(models.Model):
    """One child a request is for, with the Section 47 enquiry that found a conference is needed.

    An enquiry is on at most one live request (a withdrawn request frees it).
    """

    request = models.ForeignKey(
        ConferenceRequest, on_delete=models.PROTECT, related_name="request_children"
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="conference_requests"
    )
    enquiry = models.ForeignKey(
        "children.S47Enquiry", on_delete=models.PROTECT, related_name="conference_requests"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry"],
                condition=Q(is_active=True),
                name="conf_request_one_live_request_per_enquiry",
                violation_error_message="A conference has already been requested for this enquiry.",
            ),
            models.UniqueConstraint(fields=["request", "child"], name="conf_request_child_once"),
        ]
        indexes = [models.Index(fields=["child", "is_active"], name="conf_request_child_active")]

    def __str__(self):
        return f"{self.child} on {self.request}"


class InviteeKind(models.TextChoices):
    FAMILY = "family", "Family and network"
    PROFESSIONAL = "professional", "Professional"


class ConferenceRequestInvitee(models.Model):
    """Someone the social worker asks the conference service to invite, with the contact
    details as they were when the request was sent."""

    request = models.ForeignKey(
        ConferenceRequest, on_delete=models.PROTECT, related_name="invitees"
    )
    kind = models.CharField(max_length=20, choices=InviteeKind.choices)
    person = models.ForeignKey(
        "children.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    involvement = models.ForeignKey(
        "children.ProfessionalInvolvement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    connection = models.CharField(
        max_length=300, help_text="Relationship to the children, or professional role."
    )
    organisation = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address_withheld_from_family = models.BooleanField(default=False)
    may_receive_documents = models.BooleanField(default=True)
    interpreter_needed = models.BooleanField(default=False)
    first_language = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(involvement__isnull=False),
                name="conf_invitee_is_family_or_professional",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.connection})"
