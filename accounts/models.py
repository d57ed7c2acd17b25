"""People who sign in, the roles they hold, and the teams and agencies they work for."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RoleCode(models.TextChoices):
    """The roles of DOMAIN.md. A user may hold several (a team manager may also chair)."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    CONFERENCE_COORDINATOR = "conference_coordinator", "Conference coordinator"
    CHAIR = "chair", "Independent chair"
    MINUTE_TAKER = "minute_taker", "Minute taker"
    QA_MANAGER = "qa_manager", "Quality assurance manager"
    AGENCY_PROFESSIONAL = "agency_professional", "Agency professional"
    ENQUIRER = "enquirer", "Enquirer"


STAFF_ROLES = frozenset(RoleCode) - {RoleCode.AGENCY_PROFESSIONAL, RoleCode.ENQUIRER}


class Role(models.Model):
    """A row per role, created by a data migration, so roles can be joined and counted in SQL."""

    code = models.CharField(max_length=40, unique=True, choices=RoleCode.choices)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation professionals work for: the council itself, a health trust, a school, the police."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    known_phone_number = models.CharField(
        max_length=30,
        blank=True,
        help_text="The switchboard number used to verify a call-back before answering an enquiry.",
    )
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Team(models.Model):
    """A team within the authority (an assessment team, the conference service)."""

    name = models.CharField(max_length=200, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    manager = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_teams",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in with their work email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff"
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the admin site (system administrators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's role codes, read once per request and cached on the instance."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))


class EnrolmentCode(models.Model):
    """A one-time code emailed to a user before they may set up an authenticator app (ADR 48).

    The password alone must never show the app's secret: whoever sets up the app also reads the
    user's email, or has a link an administrator gave them after checking who they are. Only a
    keyed hash of the code or link is kept; each works once, for 15 minutes (a code also for a
    few wrong tries). Rows are never deleted: they are the record of who was sent what."""

    class Kind(models.TextChoices):
        EMAILED_CODE = "emailed_code", "Code emailed to the user"
        ADMINISTRATOR_LINK = "administrator_link", "Link an administrator gave the user"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrolment_codes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EMAILED_CODE)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The administrator who issued a set-up link.",
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    wrong_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When a newer code replaced this one."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"Set-up code for {self.user} at {self.created_at:%Y-%m-%d %H:%M}"


class LockoutNotice(models.Model):
    """An email telling a user that sign-ins to their account were locked somewhere: one per
    cool-off period, so a stranger cannot fill the user's inbox by trying again and again."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="lockout_notices")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Lockout notice to {self.user} at {self.sent_at:%Y-%m-%d %H:%M}"
