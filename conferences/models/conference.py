"""The conference and its booking: its type and status, the chair, minute taker, room and time,
the arrangements, a postponement or cancellation and who agreed it, a change of booking, the
fields the chair fills while holding it, and the children it is about."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .requests import ConferenceRequest


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


class EarlyReviewTrigger(models.TextChoices):
    """Why a review conference was brought forward (001 §10; issue 22)."""

    SIGNIFICANT_HARM = "significant_harm", "Further significant harm to a child on a plan"
    BIRTH_OR_SIBLING = (
        "birth_or_sibling",
        "A baby was born, or a sibling is already on a plan",
    )
    CHANGE_OF_CATEGORY = (
        "change_of_category",
        "A change in circumstances that may need a change of category",
    )
    MAY_END_PLAN = (
        "may_end_plan",
        "A change in circumstances that may mean the plan is no longer needed",
    )
    BECAME_LOOKED_AFTER = "became_looked_after", "The child became looked after"
    RETURNED_HOME = "returned_home", "The child returned home from being looked after"


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
    # An early review (issue 22): brought forward for a recorded trigger.
    early_review_trigger = models.CharField(
        max_length=30, choices=EarlyReviewTrigger.choices, blank=True
    )
    early_review_detail = models.TextField(blank=True)
    early_review_requested_at = models.DateTimeField(null=True, blank=True)
    early_review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A combined review (001 §13): held with the looked-after child's review under the Care
    # Planning, Placement and Case Review Regulations 2010, led by the IRO and the chair.
    combined_with_looked_after_review = models.BooleanField(default=False)
    independent_reviewing_officer = models.CharField(max_length=200, blank=True)
    # Issue 23: a conference known only from a CIN census return (returns.census_import, ADR 66):
    # recorded as held on its day, with no Signs of Safety record, decision or minutes.
    brought_in_from_census = models.BooleanField(default=False)
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
    def is_early_review(self) -> bool:
        return bool(self.early_review_trigger)

    @property
    def combined_review_text(self) -> str:
        """What the record, the page and the minutes say about a combined review."""
        if not self.combined_with_looked_after_review:
            return ""
        iro = self.independent_reviewing_officer or "not named yet"
        return (
            "A combined review: the review child protection conference and the looked-after "
            f"child's review, held together on one date, led by the Independent Reviewing Officer "
            f"({iro}) and the chair"
        )

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
