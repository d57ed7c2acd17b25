"""Conference requests: the social worker asks the conference service for an initial child
protection conference, with the invite list and any needs. Booking arrives with its own issue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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


# Booking ----------------------------------------------------------------------------------------


class ConferenceKind(models.TextChoices):
    """The types of conference. The values of the two initial types match ConferenceType, so a
    conference takes its type from the request it came from."""

    INITIAL = "icpc", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    PRE_BIRTH = "pre_birth", "Pre-birth initial child protection conference"
    PRE_BIRTH_REVIEW = "pre_birth_review", "Pre-birth review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in child protection conference"
    CONTEXTUAL = "contextual", "Contextual safeguarding conference"


PRE_BIRTH_KINDS = (ConferenceKind.PRE_BIRTH, ConferenceKind.PRE_BIRTH_REVIEW)


class ConferenceStatus(models.TextChoices):
    ALLOCATED = "allocated", "Chair allocated: not booked yet"
    BOOKED = "booked", "Booked"
    POSTPONED = "postponed", "Postponed: to be re-booked"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


# A conference in these statuses holds its chair, minute taker and room for its time.
LIVE_BOOKING_STATUSES = (ConferenceStatus.BOOKED, ConferenceStatus.HELD)


# Holding the conference (issue 6): the choices the Conference fields below use.


class ParentsMetChair(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_RECORDED = "not_recorded", "Not recorded"


class ChildParticipation(models.TextChoices):
    ATTENDED = "attended", "The child attended"
    ADVOCATE = "advocate", "The child's views were given through an advocate"
    IN_WRITING = "in_writing", "The child's views were given in writing"
    SOCIAL_WORKER = "social_worker", "The child's views were given to the social worker"
    TOO_YOUNG = "too_young", "The child is too young to take part"
    DID_NOT_TAKE_PART = "did_not_take_part", "The child did not take part"


class PostponementCause(models.TextChoices):
    """Who caused a postponement (issue 18 item 1): its Quality Assurance notification names them
    and goes to their line management, never to the social worker's by default."""

    PROFESSIONAL = "professional", "A professional (their absence or their report)"
    AGENCY = "agency", "An agency (its absence or its report)"
    SOCIAL_WORK = "social_work", "The children's social worker or their team"
    FAMILY = "family", "The family"
    CONFERENCE_SERVICE = "conference_service", "The conference service"


class ChangeAgreedAs(models.TextChoices):
    """Who agreed a postponement or cancellation (004 chairs' item 15, standards item 4)."""

    SERVICE_MANAGER = "service_manager", "The social worker's service manager"
    CONFERENCE_SERVICE_MANAGER = (
        "conference_service_manager",
        "The conference service manager, in the service manager's absence",
    )


class Venue(models.Model):
    """A room the conference service books conferences in."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Conference(models.Model):
    """One conference about one or more children of a household. What follows it (the decision,
    the plan) is per child.

    A chair, a minute taker or a room is never in two booked conferences at overlapping times:
    the booking service locks their rows before checking, and on PostgreSQL exclusion
    constraints (migration 0002) refuse an overlap whatever writes it.
    """

    kind = models.CharField(
        "type", max_length=20, choices=ConferenceKind.choices, default=ConferenceKind.INITIAL
    )
    request = models.ForeignKey(
        ConferenceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        help_text="The request it came from (reviews have none).",
    )
    status = models.CharField(
        max_length=20,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.ALLOCATED,
        db_index=True,
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_conferences",
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minuted_conferences",
    )
    starts_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences"
    )
    online_link = models.URLField(max_length=500, blank=True)
    late_reason = models.TextField(
        blank=True, help_text="Why it is booked after a child's initial conference due date."
    )
    prebirth_reason = models.TextField(
        blank=True, help_text="Why a pre-birth conference is outside weeks 24 to 30 of pregnancy."
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_reason = models.TextField(
        blank=True, help_text="Why it was last postponed or cancelled."
    )
    change_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The service manager who agreed the postponement or cancellation.",
    )
    # Issue 17 (004 chairs' item 15): agreed by the social worker's service manager or, in their
    # absence, the conference service manager; and by the chair (their name is recorded).
    change_agreed_as = models.CharField(
        max_length=30,
        choices=ChangeAgreedAs.choices,
        blank=True,
        help_text="In what capacity the manager agreed (empty before issue 17).",
    )
    change_chair_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The conference's chair, who agreed the postponement or cancellation.",
    )
    # Issue 18: who caused the last postponement; its QAN names them (conferences.postponement).
    postponement_cause = models.CharField(
        max_length=30, choices=PostponementCause.choices, blank=True
    )
    postponement_cause_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    postponement_cause_professional = models.ForeignKey(
        "children.ProfessionalInvolvement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    postponement_caused_by = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who caused the last postponement, as named on its QAN.",
    )
    # Issue 18: the last change of booking (time, room, online link) without a postponement;
    # history keeps every one (conferences.booking_changes).
    booking_change = models.TextField(
        blank=True, help_text="What the last change of booking changed, and why when given."
    )
    booking_changed_at = models.DateTimeField(null=True, blank=True)
    booking_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Arrangements: copied from the request when the chair is allocated, then kept up to date by
    # the conference service.
    interpreter_needed = models.BooleanField(default=False)
    interpreter_languages = models.CharField(max_length=200, blank=True)
    interpreter_booked = models.BooleanField(default=False)
    childcare_needed = models.BooleanField(default=False)
    childcare_details = models.TextField(blank=True)
    separate_attendance_needed = models.BooleanField(
        default=False, help_text="One parent must not meet another (or a professional)."
    )
    separate_attendance_details = models.TextField(blank=True)
    seating_arrangements = models.TextField(blank=True)
    other_arrangements = models.TextField(blank=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    # --- Holding the conference (issue 6) ---
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parents_met_chair_beforehand = models.CharField(
        "whether the parents met the chair beforehand",
        max_length=20,
        choices=ParentsMetChair.choices,
        default=ParentsMetChair.NOT_RECORDED,
    )
    child_participation = models.CharField(
        "the child's participation", max_length=20, choices=ChildParticipation.choices, blank=True
    )
    quorate_reason = models.TextField(
        blank=True,
        help_text="Why the chair proceeds although the conference is not quorate (for example a "
        "baby known only to the health visitor).",
    )
    quorate_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Issue 17 item 10: the conference's inputs (invitations sent, the social work report
    # received), or the chair's reason to go ahead without them (conferences.readiness).
    inputs_reason = models.TextField(
        blank=True,
        help_text="Why the chair goes ahead although invitations were not sent or the social "
        "work report was not received.",
    )
    inputs_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The decision (issue 6 part 3): a 50% split, or missing reports or attendance, adjourns the
    # conference; it reconvenes within 5 working days (ADJOURN).
    adjourned_at = models.DateTimeField(null=True, blank=True)
    adjourned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjourned_reason = models.TextField(blank=True)
    reconvene_by = models.DateField(null=True, blank=True)
    # --- end of holding the conference ---
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="conference_ends_after_it_starts",
                violation_error_message="The conference must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(status="booked")
                | (
                    Q(starts_at__isnull=False, ends_at__isnull=False, chair__isnull=False)
                    & (Q(venue__isnull=False) | ~Q(online_link=""))
                ),
                name="conference_booked_has_time_chair_and_place",
                violation_error_message="A booked conference needs a time, a chair and a place.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["postponed", "cancelled"])
                | (~Q(change_reason="") & Q(change_agreed_by__isnull=False)),
                name="conference_change_has_reason_and_agreement",
                violation_error_message=(
                    "A postponement or cancellation needs a reason and a service manager's "
                    "agreement."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["chair", "starts_at"], name="conference_chair_starts"),
            models.Index(fields=["minute_taker", "starts_at"], name="conference_minutes_starts"),
            models.Index(fields=["venue", "starts_at"], name="conference_venue_starts"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_pre_birth(self) -> bool:
        return self.kind in PRE_BIRTH_KINDS

    @property
    def may_be_booked(self) -> bool:
        return self.status in (ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED)

    @property
    def may_be_changed(self) -> bool:
        """Postponed or cancelled (with a service manager's agreement)."""
        return self.status in (ConferenceStatus.ALLOCATED, ConferenceStatus.BOOKED)


class ConferenceChild(models.Model):
    """A child the conference is about, with the Section 47 enquiry behind an initial one."""

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="conference_children"
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="conference_links"
    )
    enquiry = models.ForeignKey(
        "children.S47Enquiry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_links",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="conference_child_once")
        ]

    def __str__(self):
        return f"{self.child} at {self.conference}"


# Invitations ------------------------------------------------------------------------------------


class InvitationMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class InvitationReply(models.TextChoices):
    AWAITING = "awaiting", "No reply yet"
    ATTENDING = "attending", "Attending"
    SUBSTITUTE = "substitute", "Sending a briefed substitute"
    APOLOGIES = "apologies", "Apologies: not attending"


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
    kind = models.CharField(max_length=20, choices=InviteeKind.choices)
    person = models.ForeignKey(
        "children.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
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


# Holding the conference (issue 6) ---------------------------------------------------------------


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
        from accounts.models import AgencyKind

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


class SignsOfSafetyRecord(models.Model):
    """The Signs of Safety record of the conference, typed live by the minute taker or chair."""

    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="signs_of_safety"
    )
    worried_about_harm = models.TextField("what are we worried about: harm and danger", blank=True)
    complicating_factors = models.TextField(blank=True)
    working_well = models.TextField("what is working well", blank=True)
    needs_to_happen = models.TextField("what needs to happen", blank=True)
    next_steps = models.TextField(blank=True)
    contingency_plan = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Signs of Safety record of {self.conference}"


MAX_DANGER_STATEMENTS = 4


class DangerStatement(models.Model):
    """One of at most 4 danger statements the conference sets; each has its safety goal."""

    record = models.ForeignKey(
        SignsOfSafetyRecord, on_delete=models.PROTECT, related_name="danger_statements"
    )
    position = models.PositiveSmallIntegerField()
    statement = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "position"], name="danger_statement_position_once"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_DANGER_STATEMENTS),
                name="danger_statement_at_most_four",
                violation_error_message="A conference can set at most 4 danger statements.",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="danger_statement_has_text"),
        ]

    def __str__(self):
        return f"Danger statement {self.position} of {self.record.conference}"


class SafetyGoal(models.Model):
    """The safety goal paired with a danger statement."""

    danger_statement = models.OneToOneField(
        DangerStatement, on_delete=models.PROTECT, related_name="safety_goal"
    )
    goal = models.TextField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(goal=""), name="safety_goal_has_text")]

    def __str__(self):
        return f"Safety goal {self.danger_statement.position}"


SAFETY_SCALE_MIN, SAFETY_SCALE_MAX = 0, 10


class SafetyScaleScore(models.Model):
    """A participant's score on the safety scale of one danger statement (with its safety goal)
    for one child of the conference: 0 = certain the child will be harmed again, 10 = confident
    the child is safe (004 chairs' item 8). Scores recorded before per-danger scaling have neither
    a danger statement nor a child: an overall score for the conference, kept as recorded.
    Recorded and corrected through conferences.scaling only."""

    record = models.ForeignKey(
        SignsOfSafetyRecord, on_delete=models.PROTECT, related_name="scale_scores"
    )
    danger_statement = models.ForeignKey(
        DangerStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scale_scores",
        help_text="Empty only for an overall score recorded before per-danger scaling.",
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_scale_scores",
        help_text="Empty only for an overall score recorded before per-danger scaling.",
    )
    participant = models.CharField(max_length=200)
    role = models.CharField("role or agency", max_length=300, blank=True)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The chair who last corrected the score (history keeps each earlier score).",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SAFETY_SCALE_MIN) & Q(score__lte=SAFETY_SCALE_MAX),
                name="safety_scale_score_0_to_10",
                violation_error_message="A safety scale score is from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=~Q(participant=""), name="safety_scale_score_has_participant"
            ),
            models.CheckConstraint(
                condition=Q(danger_statement__isnull=True, child__isnull=True)
                | Q(danger_statement__isnull=False, child__isnull=False),
                name="safety_scale_score_danger_statement_and_child",
                violation_error_message="A score is against a danger statement for a child.",
            ),
            models.UniqueConstraint(
                Lower("participant"),
                "danger_statement",
                "child",
                condition=Q(danger_statement__isnull=False),
                name="safety_scale_score_once_per_participant",
                violation_error_message="Each participant gives one score for each danger "
                "statement for each child.",
            ),
        ]

    def __str__(self):
        return f"{self.participant}: {self.score}"

    @property
    def is_overall(self) -> bool:
        """Recorded before per-danger scaling: one score for the whole conference."""
        return self.danger_statement_id is None


# The decision, per child (issue 6 parts 3 and 4) -------------------------------------------------

from plans.models import PlanCategory  # noqa: E402


class DecisionOutcome(models.TextChoices):
    CHILD_PROTECTION_PLAN = "cp_plan", "Child protection plan"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINALISED = "finalised", "Finalised"
    ADJOURNED = "adjourned", "Adjourned"


class ChildDecision(models.Model):
    """The conference's decision about one child: the social worker's recommendation, the
    professionals' views (ProfessionalView), the chair's decision with its rationale and, for a
    plan, its category, secondary factors, contingency plan, visit frequency and outline actions.
    Finalising it (the chair alone) creates the plan."""

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="child_decisions"
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="conference_decisions"
    )
    recommendation = models.CharField(
        "the social worker's recommendation",
        max_length=20,
        choices=DecisionOutcome.choices,
        blank=True,
    )
    recommendation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        "the chair's decision", max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    rationale = models.TextField(blank=True)
    overrode_majority = models.BooleanField(default=False)
    overrule_reason = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    secondary_factors = models.JSONField(default=list, blank=True)
    contingency_plan = models.TextField(blank=True)
    visit_frequency_working_days = models.PositiveSmallIntegerField(default=10)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    interim_plan = models.BooleanField(
        default=False,
        help_text="Adjourned initial conference: the child is on an interim plan meanwhile.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child_protection_plan = models.ForeignKey(
        "plans.ChildProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    child_in_need_plan = models.ForeignKey(
        "plans.ChildInNeedPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Reviews (issue 7 part 6): ending a plan at its first review needs the service manager's
    # agreement; what follows the plan (a step-down Child in Need plan, or Early Help).
    service_manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The service manager who agreed ending the plan at its first review.",
    )
    early_help = models.BooleanField(
        default=False, help_text="Ending a plan with no Child in Need plan: Early Help follows."
    )
    # Issue 17: the outcomes for the child (copied onto the plan); a review changes the plan's
    # category only as an explicit choice; a plan ends at its first review on a significant
    # change of circumstances (the only way a neglect plan ends there).
    outcomes_for_child = models.TextField(
        "outcomes for the child",
        blank=True,
        help_text="What will be different for the child when the plan has worked.",
    )
    change_category = models.BooleanField(
        default=False, help_text="At a review: the chair changes the plan's category."
    )
    significant_change = models.BooleanField(
        default=False,
        help_text="At a first review: the plan ends on a significant change of circumstances.",
    )
    significant_change_description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="child_decision_once"),
            models.CheckConstraint(
                condition=~Q(status="finalised") | (~Q(outcome="") & ~Q(rationale="")),
                name="child_decision_finalised_has_outcome_and_rationale",
                violation_error_message="A finalised decision needs the decision and a rationale.",
            ),
            models.CheckConstraint(
                condition=Q(overrode_majority=False) | ~Q(overrule_reason=""),
                name="child_decision_overrule_has_reason",
                violation_error_message="Enter why the chair overrules the majority.",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="cp_plan") | ~Q(category=""),
                name="child_decision_plan_has_category",
                violation_error_message="Select the category of the plan.",
            ),
            models.CheckConstraint(
                condition=Q(visit_frequency_working_days__gte=1)
                & Q(visit_frequency_working_days__lte=10),
                name="child_decision_visits_1_to_10_working_days",
            ),
        ]

    def __str__(self):
        return f"Decision for {self.child} at {self.conference}"

    @property
    def is_final(self) -> bool:
        return self.status == DecisionStatus.FINALISED

    @property
    def secondary_factor_labels(self) -> list[str]:
        from plans.models import SecondaryFactor

        labels = dict(SecondaryFactor.choices)
        return [labels.get(code, code) for code in self.secondary_factors or []]


class OutlinePlanAction(models.Model):
    """One action of the outline plan the conference agrees: who does what by when."""

    decision = models.ForeignKey(ChildDecision, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    who = models.CharField(max_length=300)
    by_when = models.DateField(null=True, blank=True)
    danger_statement_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The danger statement (1 to 4) it works towards."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(danger_statement_position__isnull=True)
                | (
                    Q(danger_statement_position__gte=1)
                    & Q(danger_statement_position__lte=MAX_DANGER_STATEMENTS)
                ),
                name="outline_action_danger_statement_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(what="") & ~Q(who=""), name="outline_action_has_what_and_who"
            ),
        ]

    def __str__(self):
        return f"{self.who}: {self.what[:40]}"


class ProfessionalView(models.Model):
    """A professional's view of what the child needs, with their dissent and its reason."""

    decision = models.ForeignKey(ChildDecision, on_delete=models.PROTECT, related_name="views")
    name = models.CharField(max_length=200)
    role = models.CharField("agency or role", max_length=300, blank=True)
    view = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    # Issue 17: the agency whose view it is (its manager reports to the chair when the conference
    # adjourns on a split) and, for a plan, the category the professional would give it.
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(
        "category of plan (when the view is a plan)",
        max_length=20,
        choices=PlanCategory.choices,
        blank=True,
    )
    dissent = models.BooleanField(default=False)
    dissent_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissent=False) | ~Q(dissent_reason=""),
                name="professional_view_dissent_has_reason",
                violation_error_message="Enter the reason for the dissent.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="professional_view_has_name"),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_view_display()}"


# Issue 17 items 3 and 4: the managers' reports during an adjournment and the escalation of a
# split that continues (conferences.adjournment).
from .adjournment_models import (  # noqa: E402, F401
    AdjournmentReport,
    AdjournmentReportStatus,
    DecisionEscalation,
    EscalationReason,
    EscalationStatus,
)

# Issue 18 item 3: who has been given the outline plan (conferences.outline_circulation).
from .outline_circulation_models import (  # noqa: E402, F401
    CirculationMethod,
    OutlinePlanCirculation,
)

# Issue 18 item 2: each family member's own arrangements when they attend separately
# (conferences.separate_attendance).
from .separate_attendance_models import SeparateArrangement  # noqa: E402, F401
