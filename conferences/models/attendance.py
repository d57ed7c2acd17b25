"""Holding the conference (issue 6): who came, for which agency and in what capacity, or sent
apologies; what counts towards quoracy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import AgencyKind

from .conference import Conference
from .invitations import Invitation


class AttendanceKind(models.TextChoices):
    FAMILY = "family", "Family and network"
    PROFESSIONAL = "professional", "Professional"
    CHILD = "child", "Child"
    ADVOCATE = "advocate", "Advocate"
    INTERPRETER = "interpreter", "Interpreter"


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", "Not confirmed yet"
    ATTENDED = "attended", "Attended"
    PART = "part", "Attended part (not the professionals-only slot)"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


ATTENDED_STATUSES = (AttendanceStatus.ATTENDED, AttendanceStatus.PART)


class AttendanceRole(models.TextChoices):
    """The part someone plays in the conference, for quoracy."""

    CHAIR = "chair", "Chair"
    MINUTE_TAKER = "minute_taker", "Minute taker"
    SOCIAL_WORKER = "social_worker", "Children's social worker"
    PARTICIPANT = "participant", "Participant"


class Attendance(models.Model):
    """Who came to the conference, for which agency and in what capacity; or sent apologies, or
    did not attend. Rows are made from the invitations when the conference starts; people who
    were not invited are added by the chair or minute taker."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="attendance")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField("agency or organisation", max_length=200, blank=True)
    capacity = models.CharField(
        "role or relationship",
        max_length=300,
        blank=True,
        help_text="For example health visitor, or mother.",
    )
    kind = models.CharField(max_length=20, choices=AttendanceKind.choices)
    conference_role = models.CharField(
        max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.PARTICIPANT
    )
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "invitation"],
                condition=Q(invitation__isnull=False),
                name="attendance_invitation_once",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="attendance_has_name",
                violation_error_message="Enter the person's name.",
            ),
        ]

    def __str__(self):
        return f"{self.name} at {self.conference}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED_STATUSES

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency_id else self.organisation.strip()

    @property
    def is_childrens_social_care(self) -> bool:
        if self.agency_id:
            return self.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE
        return "social care" in self.organisation.lower()

    @property
    def is_quorum_agency(self) -> bool:
        """An attending professional of an agency other than children's social care, here for
        that agency (not as chair or minute taker): counts towards the two other agencies."""
        return (
            self.attended
            and self.kind == AttendanceKind.PROFESSIONAL
            and self.conference_role == AttendanceRole.PARTICIPANT
            and bool(self.agency_name)
            and not self.is_childrens_social_care
        )
