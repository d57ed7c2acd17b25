"""The child (born or unborn), family and network, professionals involved, strategy discussions and
Section 47 enquiries.

Nothing here is deleted: people leave a child's network, professionals stop being involved and
enquiries conclude, each with a date and a reason, and django-simple-history keeps every change.
"""

import datetime
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date

from .validators import format_nhs_number

# --- The DfE Children in Need census codes --------------------------------------------------------


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White: British"
    WIRI = "WIRI", "White: Irish"
    WIRT = "WIRT", "White: Traveller of Irish heritage"
    WOTH = "WOTH", "White: any other White background"
    WROM = "WROM", "White: Gypsy or Roma"
    MWBC = "MWBC", "Mixed: White and Black Caribbean"
    MWBA = "MWBA", "Mixed: White and Black African"
    MWAS = "MWAS", "Mixed: White and Asian"
    MOTH = "MOTH", "Mixed: any other mixed background"
    AIND = "AIND", "Asian or Asian British: Indian"
    APKN = "APKN", "Asian or Asian British: Pakistani"
    ABAN = "ABAN", "Asian or Asian British: Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British: any other Asian background"
    BCRB = "BCRB", "Black or Black British: Caribbean"
    BAFR = "BAFR", "Black or Black British: African"
    BOTH = "BOTH", "Black or Black British: any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility: getting about the house and beyond"
    HAND = "HAND", "Hand function: holding and touching"
    PC = "PC", "Personal care: eating, washing, dressing"
    INC = "INC", "Incontinence: controlling the passage of urine or faeces"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    DDA = "DDA", "Other disability under the Equality Act"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness: seizures"
    AUT = "AUT", "Autism or Asperger syndrome diagnosed"


class ReferralSource(models.TextChoices):
    """Who referred the child to children's social care (DfE CIN census <ReferralSource>)."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and childminders"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    A_AND_E = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other, for example a hospice"
    HOUSING = "4", "Housing: local authority housing or housing association"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care, for example adult social care"
    LA_OTHER_INTERNAL = (
        "5B",
        "Local authority services: other internal, for example youth offending",
    )
    LA_EXTERNAL = "5C", "Local authority services: another local authority"
    LA_EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency: courts, probation, immigration, Cafcass or prison"
    OTHER = "8", "Other: children's centres, independent providers or voluntary organisations"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """The main reason the child is in need (DfE CIN census <PrimaryNeedCode>)."""

    N1 = "N1", "N1: Abuse or neglect"
    N2 = "N2", "N2: Child's disability"
    N3 = "N3", "N3: Parental disability or illness"
    N4 = "N4", "N4: Family in acute stress"
    N5 = "N5", "N5: Family dysfunction"
    N6 = "N6", "N6: Socially unacceptable behaviour"
    N7 = "N7", "N7: Low income"
    N8 = "N8", "N8: Absent parenting"
    N9 = "N9", "N9: Cases other than children in need"


class UpnUnknownReason(models.TextChoices):
    """Why a child has no Unique Pupil Number (DfE CIN census <UPNunknown>)."""

    UN1 = "UN1", "UN1: Aged under 6 and not yet attending school"
    UN2 = "UN2", "UN2: Has never attended a school in England"
    UN3 = "UN3", "UN3: Educated at home"
    UN4 = "UN4", "UN4: Unaccompanied asylum-seeking child or newly arrived from abroad"
    UN5 = "UN5", "UN5: Sources collating UPNs reflect a discrepancy"
    UN6 = "UN6", "UN6: Aged 6 or over and not attending school"
    UN7 = "UN7", "UN7: Referral with no further action"


# --- Households and children -----------------------------------------------------------------------


class Household(models.Model):
    """The children who live together. A conference considers all the children of a household."""

    name = models.CharField(max_length=200, help_text="For example, 'Jones household'.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.name


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
        if self.is_unborn and not self.legal_forename:
            return f"Unborn baby {self.legal_surname}".strip()
        return f"{self.legal_forename} {self.legal_surname}".strip()

    @property
    def display_name(self) -> str:
        """The legal name, with the name the child is known by when it differs."""
        if self.known_as and self.known_as.lower() != self.legal_forename.lower():
            return f"{self.legal_name} (known as {self.known_as})"
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


class NamedAccess(models.Model):
    """Someone on a restricted child's named access list. Revoked, never deleted."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="named_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "named access"
        verbose_name_plural = "named access list"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "user"],
                condition=Q(revoked_at__isnull=True),
                name="named_access_once_per_user",
            )
        ]
        indexes = [models.Index(fields=["user", "child"], name="named_access_user_child")]

    def __str__(self):
        return f"{self.user} may see {self.child}"


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


class ChildRecordView(models.Model):
    """The access log: who looked at which child's record, which part, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="record_views")
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=500, blank=True)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            models.Index(fields=["child", "viewed_at"], name="record_view_child_when"),
            models.Index(fields=["user", "viewed_at"], name="record_view_user_when"),
        ]

    def __str__(self):
        return f"{self.user} viewed {self.what} of {self.child} at {self.viewed_at:%Y-%m-%d %H:%M}"


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


# --- Strategy discussions and Section 47 enquiries -----------------------------------------------------


class StrategyDecision(models.TextChoices):
    S47 = "s47", "Start a Section 47 enquiry"
    NO_S47 = "no_s47", "No Section 47 enquiry"


class StrategyDiscussion(models.Model):
    """Police, social care, health and others decide whether a Section 47 enquiry is needed.

    Its date starts the clock: the initial conference is due 15 working days later.
    """

    held_at = models.DateTimeField(db_index=True)
    children = models.ManyToManyField(
        Child, through="StrategyDiscussionChild", related_name="strategy_discussions"
    )
    concerns = models.TextField()
    decision = models.CharField(max_length=10, choices=StrategyDecision.choices)
    reason_for_decision = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="s47") | ~Q(reason_for_decision=""),
                name="strategy_no_s47_has_reason",
                violation_error_message="Say why a Section 47 enquiry is not needed.",
            )
        ]

    def __str__(self):
        return f"Strategy discussion on {govuk_date(self.held_at)}"

    @property
    def decided_s47(self) -> bool:
        return self.decision == StrategyDecision.S47

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class StrategyDiscussionChild(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT)
    child = models.ForeignKey(Child, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "child"], name="strategy_discussion_child_once"
            )
        ]

    def __str__(self):
        return f"{self.child} at {self.discussion}"


class StrategyDiscussionParticipant(models.Model):
    """Who took part, and from which agency."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["discussion", "pk"]

    def __str__(self):
        return f"{self.name}, {self.agency}"


class S47Outcome(models.TextChoices):
    CONFERENCE_NEEDED = "conference_needed", "An initial child protection conference is needed"
    NO_CONFERENCE = "no_conference", "No conference is needed"


class S47Enquiry(models.Model):
    """One child's Section 47 enquiry, opened by a strategy discussion that decided one was needed."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="s47_enquiries")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="s47_enquiries"
    )
    started_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=S47Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Section 47 enquiry"
        verbose_name_plural = "Section 47 enquiries"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "strategy_discussion"], name="s47_once_per_child_and_discussion"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(outcome=""), name="s47_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(concluded_on__isnull=False, concluded_on__gte=models.F("started_on")),
                name="s47_concluded_on_or_after_start",
                violation_error_message=(
                    "The enquiry cannot conclude before the strategy discussion that started it."
                ),
            ),
        ]

    def __str__(self):
        return f"Section 47 enquiry for {self.child} from {govuk_date(self.started_on)}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def needs_conference(self) -> bool:
        return self.outcome == S47Outcome.CONFERENCE_NEEDED
