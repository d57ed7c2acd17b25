"""The people around a child: family and network (parents, carers, relatives, family friends)
and the professionals involved. People leave the network and professionals stop being involved
with a date and a reason, never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .child import Child

# --- Family and network --------------------------------------------------------------------------------


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Partner of a parent"
    CARER = "carer", "Carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    FOSTER_CARER = "foster_carer", "Foster carer"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_OR_UNCLE = "aunt_or_uncle", "Aunt or uncle"
    ADULT_SIBLING = "adult_sibling", "Adult brother or sister"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FAMILY_FRIEND = "family_friend", "Family friend"
    OTHER = "other", "Other"


PARENT_RELATIONSHIPS = frozenset(
    {Relationship.MOTHER, Relationship.FATHER, Relationship.STEP_PARENT}
)


class Person(models.Model):
    """A parent, carer, relative or family friend: a participant, never a user of the service."""

    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    first_language = models.CharField(max_length=100, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    may_receive_documents = models.BooleanField(
        default=True, help_text="Whether letters, reports, plans and minutes may be sent to them."
    )
    address_withheld_from_family = models.BooleanField(
        default=False,
        help_text="Their address must not be shared with other family members (domestic abuse).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["surname", "forename", "pk"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]


class FamilyLink(models.Model):
    """How a person is connected to a child. Ended with a reason, never deleted."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="family_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    in_safety_network = models.BooleanField(
        default=False, help_text="Part of the family's safety network (Signs of Safety)."
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "relationship", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "person"],
                condition=Q(ended_at__isnull=True),
                name="family_link_once_while_current",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_relationship_display().lower()} of {self.child})"


# --- Professionals involved ----------------------------------------------------------------------------


class ProfessionalRole(models.TextChoices):
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    MIDWIFE = "midwife", "Midwife"
    SCHOOL = "school", "School (designated safeguarding lead or teacher)"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    GP = "gp", "GP"
    PAEDIATRICIAN = "paediatrician", "Paediatrician"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    CAMHS = "camhs", "Child and adolescent mental health services"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health services"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug and alcohol services"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    EARLY_YEARS = "early_years", "Nursery or early years"
    OTHER = "other", "Other"


class ProfessionalInvolvement(models.Model):
    """A professional involved with a child: someone who signs in (a user), or an external
    professional who does not (name and contact details recorded here)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="professionals")
    role = models.CharField(max_length=30, choices=ProfessionalRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="professional_is_a_user_or_named",
                violation_error_message="Choose a professional or enter their name.",
            )
        ]

    def __str__(self):
        return f"{self.display_name}, {self.get_role_display().lower()}"

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user_id else self.name

    @property
    def organisation_name(self) -> str:
        if self.agency_id:
            return self.agency.name
        if self.user_id and self.user.agency_id and not self.organisation:
            return self.user.agency.name
        return self.organisation

    @property
    def contact_email(self) -> str:
        return self.email or (self.user.email if self.user_id else "")

    @property
    def contact_phone(self) -> str:
        return self.phone or (self.user.phone if self.user_id else "")
