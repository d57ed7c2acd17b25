"""The child, born or unborn, and the household the child lives in; and the words of the child's
names that search looks up."""

import datetime
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.text import strip_bidi

from ..validators import format_nhs_number
from .census_codes import Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex, UpnUnknownReason


class Household(models.Model):
    """The children who live together. A conference considers all the children of a household."""

    name = models.CharField(max_length=200, help_text="For example, 'Jones household'.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.name


# The columns a child's names, age and due date are read from (legal_name, display_name, age_on):
# what a page that only names a child loads of it (issue 25).
NAME_AND_AGE_FIELDS = (
    "legal_forename",
    "legal_surname",
    "known_as",
    "is_unborn",
    "date_of_birth",
    "expected_date_of_delivery",
)


class Child(models.Model):
    """A child known to the authority, born or unborn."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="children", null=True, blank=True
    )
    is_unborn = models.BooleanField(default=False)
    legal_forename = models.CharField(max_length=100, blank=True)
    legal_surname = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_delivery = models.DateField(null=True, blank=True, db_index=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disabilities = models.JSONField(default=list, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField("Unique Pupil Number", max_length=13, blank=True, db_index=True)
    local_child_id = models.CharField("child ID", max_length=30, blank=True, db_index=True)
    # --- What the DfE Children in Need census needs (returns.census) ---
    upn_unknown_reason = models.CharField(
        "reason there is no Unique Pupil Number",
        max_length=3,
        choices=UpnUnknownReason.choices,
        blank=True,
    )
    cin_referral_date = models.DateField(
        "date of referral to children's social care", null=True, blank=True
    )
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)
    primary_need = models.CharField(
        "primary need", max_length=2, choices=PrimaryNeed.choices, blank=True
    )
    first_language = models.CharField(max_length=100, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address_do_not_disclose = models.BooleanField(
        default=False,
        help_text="The address must not be shared, for example a refuge or a secret placement.",
    )
    school = models.CharField(max_length=200, blank=True)
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_for_children",
    )
    is_restricted = models.BooleanField(
        default=False, help_text="Only the people on the child's named access list may see it."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The birth of a child recorded unborn (issue 22, children.services.birth): the expected date
    # of delivery stays on the record (and in its history) beside the date of birth.
    birth_recorded_at = models.DateTimeField(null=True, blank=True)
    birth_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    birth_date_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why the date of birth is far from the expected date of delivery.",
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["legal_surname", "legal_forename", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number=""),
                name="child_nhs_number_unique",
                violation_error_message="A child with this NHS number is already recorded.",
            ),
            models.UniqueConstraint(
                fields=["local_child_id"],
                condition=~Q(local_child_id=""),
                name="child_local_id_unique",
                violation_error_message="A child with this child ID is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(is_unborn=True, expected_date_of_delivery__isnull=False)
                | Q(is_unborn=False, date_of_birth__isnull=False),
                name="child_born_has_birth_date_unborn_has_due_date",
                violation_error_message=(
                    "A born child needs a date of birth and an unborn child an expected date "
                    "of delivery."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def legal_name(self) -> str:
        """Shown without direction-changing characters, even if a bulk write stored some."""
        if self.is_unborn and not self.legal_forename:
            return strip_bidi(f"Unborn baby {self.legal_surname}".strip())
        return strip_bidi(f"{self.legal_forename} {self.legal_surname}".strip())

    @property
    def reference(self) -> str:
        """What an email says instead of the child's name: the authority's child ID when
        recorded, otherwise the record's own number. No name in it."""
        return self.local_child_id or f"CH-{self.pk:06d}"

    @property
    def display_name(self) -> str:
        """The legal name, with the name the child is known by when it differs."""
        if self.known_as and self.known_as.lower() != self.legal_forename.lower():
            return f"{self.legal_name} (known as {strip_bidi(self.known_as)})"
        return self.legal_name

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number) if self.nhs_number else ""

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]

    @property
    def disability_labels(self) -> list[str]:
        labels = dict(Disability.choices)
        return [labels.get(code, code) for code in self.disabilities or []]

    def age_on(self, day: datetime.date | None = None) -> str:
        """'7 years old', '4 months old', '12 days old'. Empty for an unborn child."""
        if self.is_unborn or not self.date_of_birth:
            return ""
        day = day or timezone.localdate()
        born = self.date_of_birth
        years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if years >= 2:
            return f"{years} years old"
        months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
        if months >= 1:
            return f"{months} month{'s' if months != 1 else ''} old"
        days = (day - born).days
        return f"{days} day{'s' if days != 1 else ''} old"

    def age_in_years(self, day: datetime.date | None = None) -> int | None:
        if self.is_unborn or not self.date_of_birth:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def pregnancy_on(self, day: datetime.date | None = None) -> tuple[int, int] | None:
        """Weeks and days of pregnancy, counted back 40 weeks from the expected date of delivery."""
        if not self.is_unborn or not self.expected_date_of_delivery:
            return None
        day = day or timezone.localdate()
        gestation_days = 280 - (self.expected_date_of_delivery - day).days
        if gestation_days < 0:
            return None
        return gestation_days // 7, gestation_days % 7

    def weeks_of_pregnancy(self, day: datetime.date | None = None) -> str:
        """'27 weeks and 3 days pregnant'; 'due date has passed' once it has."""
        if not self.is_unborn:
            return ""
        day = day or timezone.localdate()
        if self.expected_date_of_delivery and self.expected_date_of_delivery < day:
            overdue = (day - self.expected_date_of_delivery).days
            return (
                f"The expected date of delivery passed {overdue} day{'s' if overdue != 1 else ''} "
                "ago: record the birth"
            )
        pregnancy = self.pregnancy_on(day)
        if pregnancy is None:
            return ""
        weeks, days = pregnancy
        text = f"{weeks} week{'s' if weeks != 1 else ''}"
        if days:
            text += f" and {days} day{'s' if days != 1 else ''}"
        return f"{text} pregnant"

    @property
    def weeks_until_due(self) -> int | None:
        if not self.is_unborn or not self.expected_date_of_delivery:
            return None
        return math.ceil((self.expected_date_of_delivery - timezone.localdate()).days / 7)


class SearchTokenKind(models.TextChoices):
    NAME = "n", "Name"
    SOUND = "p", "Sounds like"


class ChildSearchToken(models.Model):
    """One word of a child's names, or its sound-alike key, for index-backed search.

    Derived from the child by children.services, never edited by hand (so it keeps no history).
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="search_tokens")
    kind = models.CharField(max_length=1, choices=SearchTokenKind.choices)
    token = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind", "token"], name="child_search_token_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "token"], name="child_search_kind_token")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.token}"
