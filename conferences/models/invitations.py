"""Invitations to a conference and their replies, the chair's decisions before it (a child's
attendance, an observer, a professionals-only slot), and the referral of older children to the
advocacy service."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .conference import Conference
from .requests import ConferenceRequestInvitee, InviteeKind


class InvitationMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class InvitationReply(models.TextChoices):
    AWAITING = "awaiting", "No reply yet"
    ATTENDING = "attending", "Attending"
    SUBSTITUTE = "substitute", "Sending a briefed substitute"
    APOLOGIES = "apologies", "Apologies: not attending"


class InvitationKind(models.TextChoices):
    """Who an invitation is to: the request's invitee kinds, and a child whose attendance the
    chair agreed (issue 21 item 4; the child is not on the request's invite list)."""

    FAMILY = InviteeKind.FAMILY.value, InviteeKind.FAMILY.label
    PROFESSIONAL = InviteeKind.PROFESSIONAL.value, InviteeKind.PROFESSIONAL.label
    CHILD = "child", "Child"


class Invitation(models.Model):
    """One person invited to one conference: family members by letter (a PDF, kept as sent),
    professionals by email with a calendar invitation. A professional who signs in (``user``)
    sees the conference and its children because of this row, and only while it is active.

    An invited professional's agency is asked for a report to conference (reports app).
    """

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="invitations")
    invitee = models.ForeignKey(
        ConferenceRequestInvitee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="The request's invite-list entry it came from (reviews have none).",
    )
    kind = models.CharField(max_length=20, choices=InvitationKind.choices)
    person = models.ForeignKey(
        "children.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A child invited because the chair agreed their attendance (issue 21).",
    )
    involvement = models.ForeignKey(
        "children.ProfessionalInvolvement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_invitations",
        help_text="The professional's account, if they sign in.",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    connection = models.CharField(max_length=300)
    organisation = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    method = models.CharField(max_length=10, choices=InvitationMethod.choices)
    letter = models.FileField(upload_to="invitations/%Y/%m/", blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Cleared when someone is taken off the invite list (never deleted)."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(
        default=0,
        help_text="How many times the invitation was sent before: the calendar SEQUENCE, and the "
        "letter's version.",
    )
    not_sent_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why nothing was sent (no documents to this person, no email address).",
    )
    reply = models.CharField(
        max_length=20, choices=InvitationReply.choices, default=InvitationReply.AWAITING
    )
    substitute_name = models.CharField(max_length=200, blank=True)
    reply_note = models.TextField(blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=Q(person__isnull=False),
                name="invitation_person_once_per_conference",
            ),
            models.UniqueConstraint(
                fields=["conference", "involvement"],
                condition=Q(involvement__isnull=False),
                name="invitation_professional_once_per_conference",
            ),
            models.UniqueConstraint(
                fields=["conference", "child"],
                condition=Q(child__isnull=False),
                name="invitation_child_once_per_conference",
            ),
            models.CheckConstraint(
                condition=Q(kind="child", child__isnull=False)
                | (~Q(kind="child") & Q(child__isnull=True)),
                name="invitation_child_names_the_child",
            ),
            models.CheckConstraint(
                condition=~Q(reply="substitute") | ~Q(substitute_name=""),
                name="invitation_substitute_is_named",
                violation_error_message="Enter the name of the person attending instead.",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "is_active"], name="invitation_user_active"),
        ]

    def __str__(self):
        return f"{self.name} invited to {self.conference}"

    @property
    def is_professional(self) -> bool:
        return self.kind == InviteeKind.PROFESSIONAL

    @property
    def is_child(self) -> bool:
        return self.kind == InvitationKind.CHILD


class ChairDecisionKind(models.TextChoices):
    CHILD_ATTENDANCE = "child_attendance", "The child's attendance"
    OBSERVER = "observer", "An observer"
    PROFESSIONAL_SLOT = "professional_slot", "A professionals-only slot"


class ChairDecision(models.Model):
    """A decision the chair makes before the conference, recorded with the reason: whether a
    child attends (and how), whether an observer may come (asked for in advance and agreed with
    the family), whether part of the conference is held without the family."""

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="chair_decisions"
    )
    kind = models.CharField(max_length=30, choices=ChairDecisionKind.choices)
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about = models.CharField(
        max_length=300,
        blank=True,
        help_text="The observer's name and role, or what the slot is for.",
    )
    requested_by = models.CharField(max_length=200, blank=True)
    family_agreed = models.BooleanField(
        null=True, blank=True, help_text="For an observer: whether the family agreed."
    )
    agreed = models.BooleanField()
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="child_attendance") | Q(child__isnull=False),
                name="chair_decision_attendance_names_child",
                violation_error_message="Select the child the decision is about.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="chair_decision_has_reason",
                violation_error_message="Enter the reason for the decision.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.conference}"


class AdvocacyStatus(models.TextChoices):
    REFERRED = "referred", "Referred to the advocacy service"
    OPTED_OUT = "opted_out", "Opted out of advocacy"


class AdvocacyReferral(models.Model):
    """A child aged 10 or over is referred to the advocacy service when invitations go out,
    unless they have opted out (recorded here with who said so)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="advocacy_referrals"
    )
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AdvocacyStatus.choices)
    opt_out_reason = models.TextField(blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="advocacy_child_once"),
            models.CheckConstraint(
                condition=~Q(status="opted_out") | ~Q(opt_out_reason=""),
                name="advocacy_opt_out_has_reason",
                violation_error_message="Enter who said the child does not want an advocate.",
            ),
        ]

    def __str__(self):
        return f"{self.child} advocacy for {self.conference}"
