"""The plans a conference decision creates: a child protection plan (with its category and its
history, the danger statements and safety goals, the actions, the core group) or a Child in Need
plan.

Nothing here is deleted. Danger statements and safety goals set by a conference can be changed only
by a conference (plans.services.amend_conference_danger_statement): `save()` refuses any other
change to them, the queryset refuses bulk updates and deletes, and the admin shows them read-only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date

# --- Categories and secondary factors ------------------------------------------------------------

# North East Lincolnshire numbers the categories 1 to 4 (procedures, 001 section 3).
_NEL_NUMBERS = {"neglect": 1, "physical_abuse": 2, "sexual_abuse": 3, "emotional_abuse": 4}
# The DfE Children in Need census codes for the category of abuse (MUL: more than one).
_DFE_CODES = {
    "neglect": "NEG",
    "physical_abuse": "PHY",
    "sexual_abuse": "SAB",
    "emotional_abuse": "EMO",
}
DFE_MULTIPLE_CATEGORIES = "MUL"


class PlanCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"

    @property
    def nel_number(self) -> int:
        """North East Lincolnshire's category number: 1 neglect, 2 physical, 3 sexual, 4 emotional."""
        return _NEL_NUMBERS[self.value]

    @property
    def dfe_code(self) -> str:
        """The DfE Children in Need census code: NEG, PHY, SAB or EMO."""
        return _DFE_CODES[self.value]


def dfe_category_code(categories) -> str:
    """The census code for one or more categories: the category's own, or MUL for several."""
    distinct = {PlanCategory(category) for category in categories}
    if not distinct:
        return ""
    if len(distinct) > 1:
        return DFE_MULTIPLE_CATEGORIES
    return distinct.pop().dfe_code


class SecondaryFactor(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", "Child sexual exploitation"
    CHILD_CRIMINAL_EXPLOITATION = "child_criminal_exploitation", "Child criminal exploitation"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance or alcohol misuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    DISABILITY = "disability", "Disability"
    NEGLECT_OF_HEALTH = "neglect_of_health", "Neglect of health needs"
    RADICALISATION = "radicalisation", "Radicalisation"
    FEMALE_GENITAL_MUTILATION = "female_genital_mutilation", "Female genital mutilation"
    TRAFFICKING = "trafficking", "Trafficking"
    OTHER = "other", "Other"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    # An initial conference adjourned (a 50% split, or no majority on the category): the child is
    # on an interim plan until it reconvenes (plans.interim, ADR 36).
    INTERIM = "interim", "Interim (conference adjourned)"


# A child has at most one plan in one of these statuses (the partial unique index).
CURRENT_PLAN_STATUSES = ("active", "interim")


class PlanEndReason(models.TextChoices):
    """Why a child protection plan ended (001 section 12). A review conference ends a plan
    because the child is no longer at risk; the others end it outside a conference (plans.ending).
    OTHER is kept only so plans ended with it before issue 17 stay valid: no new ending uses it."""

    NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at risk of significant harm"
    MOVED_AWAY = "moved_away", "Moved to another local authority"
    REACHED_18 = "reached_18", "Reached 18"
    DIED = "died", "Died"
    LEFT_UK = "left_uk", "Left the UK permanently"
    OTHER = "other", "Other"
    # Only for an interim plan: the adjourned initial conference reconvened and decided no plan.
    NO_PLAN_NEEDED = "no_plan_needed", "The reconvened conference decided no plan was needed"


class StepDown(models.TextChoices):
    """What follows a child protection plan that ends."""

    CHILD_IN_NEED = "cin_plan", "A Child in Need plan"
    EARLY_HELP = "early_help", "Early Help"
    NONE = "none", "No further support"


class Source(models.TextChoices):
    """Who set a danger statement or an action: a conference, or the core group (which may add,
    never change or remove what a conference set)."""

    CONFERENCE = "conference", "Set by the conference"
    CORE_GROUP = "core_group", "Added by the core group"


MAX_CONFERENCE_DANGER_STATEMENTS = 4
MIN_VISIT_FREQUENCY, MAX_VISIT_FREQUENCY = 1, 10


# --- The child protection plan -------------------------------------------------------------------


class ChildProtectionPlanQuerySet(models.QuerySet):
    def current(self):
        """Active or interim: the plan a child is subject to now."""
        return self.filter(status__in=CURRENT_PLAN_STATUSES)

    def reportable(self):
        """What the DfE census and Annex A count as a child protection plan (ADR 36): never an
        interim plan, nor one that ended without becoming a plan."""
        return self.exclude(status=PlanStatus.INTERIM).exclude(
            end_reason=PlanEndReason.NO_PLAN_NEEDED
        )


class ChildProtectionPlan(models.Model):
    """One child's child protection plan, started by a conference. A child has at most one active
    or interim plan; an earlier ended plan makes this one a second or subsequent plan. An interim
    plan (an adjourned initial conference) becomes the plan itself when the conference reconvenes
    and makes it (plans.interim), or ends if no plan is needed."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="protection_plans"
    )
    started_on = models.DateField(db_index=True)
    started_by_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="started_plans"
    )
    category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    secondary_factors = models.JSONField(
        default=list, blank=True, help_text="SecondaryFactor values, in the order recorded."
    )
    interim_from = models.DateField(
        "on an interim plan from",
        null=True,
        blank=True,
        help_text="The day the adjourned initial conference placed the child on an interim plan.",
    )
    is_subsequent = models.BooleanField(
        "second or subsequent plan",
        default=False,
        help_text="The child has had a child protection plan before (derived when the plan starts).",
    )
    previous_plan_ended_on = models.DateField(null=True, blank=True)
    contingency_plan = models.TextField(blank=True)
    visit_frequency_working_days = models.PositiveSmallIntegerField(
        "social work visits at least every (working days)", default=MAX_VISIT_FREQUENCY
    )
    status = models.CharField(
        max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=PlanEndReason.choices, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="The due date of the live review deadline (RCPC_FIRST or RCPC_NEXT), kept here "
        "for lists.",
    )
    # --- Reviews and ending (issue 7 part 6): plans.services.end_plan ---
    next_review_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The review conference last scheduled for the plan (conferences.services."
        "schedule_review_conference).",
    )
    ended_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_plans",
        help_text="The review conference that ended it (no longer at risk).",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = models.TextField(blank=True)
    service_manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The service manager who agreed ending the plan at its first review.",
    )
    # Ending outside a conference (issue 17): plans.ending.
    manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team manager or service manager who agreed ending the plan outside a "
        "conference (not the person who recorded it).",
    )
    manager_agreed_on = models.DateField("date the manager agreed", null=True, blank=True)
    receiving_authority = models.CharField(max_length=200, blank=True)
    transfer_in_conference_on = models.DateField(
        "date of the receiving authority's transfer-in conference", null=True, blank=True
    )
    step_down = models.CharField(max_length=20, choices=StepDown.choices, blank=True)
    long_plan_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the head of service and QA manager were told the plan reached 2 years.",
    )
    reviews_held = models.PositiveSmallIntegerField(
        default=0,
        help_text="Review conferences that continued the plan (before the third, a drift review).",
    )
    # --- end of ending ---
    # Issue 17: the outcomes for the child the conference stated; a plan ended at its first
    # review on a significant change of circumstances (a neglect plan ends there only so).
    outcomes_for_child = models.TextField("outcomes for the child", blank=True)
    ended_on_significant_change = models.BooleanField(default=False)
    significant_change_description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    objects = ChildProtectionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=CURRENT_PLAN_STATUSES),
                name="protection_plan_one_current_per_child",
                violation_error_message="The child already has an active or interim child "
                "protection plan.",
            ),
            models.CheckConstraint(
                condition=Q(status="interim") | ~Q(category=""),
                name="protection_plan_has_category",
                violation_error_message="Select the category of the plan.",
            ),
            models.CheckConstraint(
                condition=Q(visit_frequency_working_days__gte=MIN_VISIT_FREQUENCY)
                & Q(visit_frequency_working_days__lte=MAX_VISIT_FREQUENCY),
                name="protection_plan_visits_1_to_10_working_days",
                violation_error_message="Visits are at least every 10 working days.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CURRENT_PLAN_STATUSES, ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="protection_plan_ended_has_end_date",
                violation_error_message="An ended plan needs the date it ended.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="protection_plan_ends_after_it_starts",
                violation_error_message="A plan cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"Child protection plan for {self.child} from {govuk_date(self.started_on)}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_interim(self) -> bool:
        return self.status == PlanStatus.INTERIM

    @property
    def reconvene_by(self):
        """For an interim plan: the day its adjourned conference reconvenes by."""
        return self.started_by_conference.reconvene_by if self.is_interim else None

    @property
    def category_choice(self) -> PlanCategory:
        return PlanCategory(self.category)

    @property
    def nel_category_number(self) -> int:
        return self.category_choice.nel_number

    @property
    def dfe_category_code(self) -> str:
        return self.category_choice.dfe_code

    @property
    def secondary_factor_labels(self) -> list[str]:
        labels = dict(SecondaryFactor.choices)
        return [labels.get(code, code) for code in self.secondary_factors or []]

    @property
    def first_or_subsequent(self) -> str:
        return "Second or subsequent plan" if self.is_subsequent else "First plan"


class PlanCategoryChange(models.Model):
    """The plan's category over time: the category set when the plan started (no `from`), then
    each change a review conference makes."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="category_changes"
    )
    from_category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    to_category = models.CharField(max_length=20, choices=PlanCategory.choices)
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="plan_category_changes"
    )
    changed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "changed_on", "pk"]

    def __str__(self):
        return f"{self.get_to_category_display()} from {govuk_date(self.changed_on)}"


class ConferenceSetRowChanged(ValidationError):
    """Something other than a conference tried to change or remove what a conference set."""


class PlanDangerStatementQuerySet(models.QuerySet):
    """Bulk writes would bypass save(): refuse deleting, and refuse updating the protected fields
    of conference-set statements."""

    def delete(self):
        raise ConferenceSetRowChanged("Danger statements are never deleted.")

    def update(self, **kwargs):
        if (
            set(kwargs) & PlanDangerStatement.PROTECTED_FIELDS
            and self.filter(source=Source.CONFERENCE).exists()
        ):
            raise ConferenceSetRowChanged(
                "A danger statement set by a conference can only be changed by a conference."
            )
        return super().update(**kwargs)


class PlanDangerStatement(models.Model):
    """A danger statement with its safety goal. Up to 4 are set by the conference; the core group
    may add more. What a conference set is changed only by a later conference."""

    PROTECTED_FIELDS = frozenset(
        {"text", "safety_goal", "position", "is_active", "source", "set_by_conference", "plan"}
    )

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="danger_statements"
    )
    text = models.TextField("danger statement")
    safety_goal = models.TextField()
    position = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=Source.choices)
    set_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_danger_statements",
        help_text="The conference that set (or last amended) it.",
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = PlanDangerStatementQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="plan_danger_statement_position_once"
            ),
            models.CheckConstraint(
                condition=~Q(source="conference")
                | (
                    Q(set_by_conference__isnull=False)
                    & Q(position__gte=1)
                    & Q(position__lte=MAX_CONFERENCE_DANGER_STATEMENTS)
                ),
                name="plan_danger_statement_conference_at_most_four",
                violation_error_message="A conference sets at most 4 danger statements.",
            ),
            models.CheckConstraint(
                condition=~Q(text="") & ~Q(safety_goal=""),
                name="plan_danger_statement_has_text_and_goal",
                violation_error_message="A danger statement needs its safety goal.",
            ),
        ]

    def __str__(self):
        return f"Danger statement {self.position} of {self.plan}"

    def save(self, *args, **kwargs):
        """Refuse to change a conference-set statement unless a conference is amending it (the
        service sets `_amending_conference`, after checking the conference)."""
        if self.pk is not None and getattr(self, "_amending_conference", None) is None:
            fields = sorted(self.PROTECTED_FIELDS)
            stored = type(self).objects.filter(pk=self.pk).values(*fields).first()
            if stored and stored["source"] == Source.CONFERENCE:
                current = {
                    name: getattr(self, self._meta.get_field(name).attname) for name in fields
                }
                if current != stored:
                    raise ConferenceSetRowChanged(
                        "A danger statement set by a conference can only be changed by a "
                        "conference."
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConferenceSetRowChanged("Danger statements are never deleted.")

    @property
    def is_conference_set(self) -> bool:
        return self.source == Source.CONFERENCE


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"


class PlanAction(models.Model):
    """Who does what by when: the conference's outline plan, developed by the core group."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="actions")
    danger_statement = models.ForeignKey(
        PlanDangerStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    what = models.TextField()
    who = models.CharField(max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    by_when = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    set_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "by_when", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(what="") & ~Q(who=""),
                name="plan_action_has_what_and_who",
                violation_error_message="An action needs what is to happen and who does it.",
            ),
            models.CheckConstraint(
                condition=~Q(source="conference") | Q(set_by_conference__isnull=False),
                name="plan_action_conference_named",
            ),
        ]

    def __str__(self):
        return f"{self.who}: {self.what[:50]}"


class CoreGroupMember(models.Model):
    """Someone in the plan's core group, named by the conference: a professional (who may sign
    in, `user`) or a family member (`person`). Left with a date, never deleted."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_group_members"
    )
    name = models.CharField(max_length=200)
    role = models.CharField("role or agency", max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="core_group_memberships",
    )
    person = models.ForeignKey(
        "children.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="core_group_memberships",
    )
    set_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="core_group_members",
    )
    is_active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    left_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="core_group_member_has_name"),
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=Q(user__isnull=False, is_active=True),
                name="core_group_member_user_once",
            ),
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=Q(person__isnull=False, is_active=True),
                name="core_group_member_person_once",
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="core_group_member_user")]

    def __str__(self):
        return f"{self.name} in the core group of {self.plan}"

    @property
    def is_family(self) -> bool:
        return self.person_id is not None


# --- Child in Need plan ---------------------------------------------------------------------------


class ChildInNeedPlan(models.Model):
    """A Child in Need plan: decided by a conference, or a step down from a child protection plan."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="child_in_need_plans"
    )
    started_on = models.DateField(db_index=True)
    started_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="started_child_in_need_plans",
    )
    from_plan = models.ForeignKey(
        ChildProtectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step_down_plans",
        help_text="The child protection plan it steps down from.",
    )
    status = models.CharField(
        max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active"),
                name="child_in_need_plan_one_active_per_child",
                violation_error_message="The child already has an active Child in Need plan.",
            ),
            models.UniqueConstraint(
                fields=["from_plan"],
                condition=Q(from_plan__isnull=False),
                name="child_in_need_plan_one_step_down_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="child_in_need_plan_ended_has_end_date",
            ),
        ]

    def __str__(self):
        return f"Child in Need plan for {self.child} from {govuk_date(self.started_on)}"


# --- Ending a plan (issue 7 part 6) ---------------------------------------------------------------


class PlanNoticeKind(models.TextChoices):
    ENDED = "ended", "The plan ended: someone invited to the initial conference"
    ENDED_CHAIR = "ended_chair", "The plan ended outside a conference: its last chair"
    ENDED_CONFERENCE_SERVICE = (
        "ended_service",
        "The plan ended outside a conference: the conference service",
    )
    REACHED_18 = "reached_18", "The plan ended at 18: the lead social worker"
    LONG_PLAN = "long_plan", "The plan reached 2 years: head of service or QA manager"
    INTERIM = "interim", "The interim plan was made the plan or ended: an initial invitee"
    ESCALATED = "escalated", "A split decision escalated: service manager or head of service"


class PlanNotice(models.Model):
    """Who was told by email about a plan's ending (or its reaching 2 years), and when."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=PlanNoticeKind.choices)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "conferences.Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "sent_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"


class PlanEndRecommendation(models.Model):
    """The social worker tells the conference service the plan may end at a review (END_NOTICE:
    at least 10 days before the review)."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="end_recommendations"
    )
    review_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="end_recommendations"
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "recommended_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "review_conference"], name="plan_end_recommendation_once"
            )
        ]

    def __str__(self):
        return f"End recommended for {self.plan}"


class PlanEndReasonCorrection(models.Model):
    """A manager's record of the real reason a plan ended, for a plan ended as "other" before
    issue 17 (outside the procedure). The plan's end reason becomes the real one; this row and
    the plan's history keep the reason it was ended with."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="end_reason_corrections"
    )
    from_reason = models.CharField(max_length=30, choices=PlanEndReason.choices)
    to_reason = models.CharField(max_length=30, choices=PlanEndReason.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="plan_end_reason_correction_note")
        ]

    def __str__(self):
        return f"Real end reason of {self.plan}"


# --- Between conferences and transfer-in (issue 7 parts 5 and 7) ---------------------------------


class MidwayReviewNote(models.Model):
    """The chair's note half-way between conferences: is the plan progressing, is the review date
    right, and anything escalated. Written by the chair of the plan's last conference (or a QA
    manager); each note is kept."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="midway_notes"
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan's last conference when the note was written.",
    )
    is_progressing = models.BooleanField("the plan is progressing")
    review_date_right = models.BooleanField("the review date is right")
    note = models.TextField()
    escalation = models.TextField("escalation", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-written_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="midway_note_has_note")]

    def __str__(self):
        return f"Mid-way review note on {self.plan}"


class DriftFlag(models.Model):
    """The team manager's supervision review of a plan for drift, due before its third review
    conference (004 social workers' item 12): raised when that review is booked or 6 weeks
    before it is due, whichever is first, with a DRIFT_REVIEW deadline (plans.drift). Recording
    the review clears the flag and meets the deadline. At most one per plan. (Flags raised before
    issue 17 were raised when the third review was held.)"""

    plan = models.OneToOneField(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="drift_flag"
    )
    raised_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The third review conference it was raised for; empty when the sweep raised "
        "it before that review was scheduled.",
    )
    raised_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True, review_note="")
                | (Q(reviewed_at__isnull=False, reviewed_by__isnull=False) & ~Q(review_note="")),
                name="drift_flag_cleared_with_a_note",
                violation_error_message="The team manager's review needs a note.",
            )
        ]

    def __str__(self):
        return f"Drift flag on {self.plan}"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None


class TransferIn(models.Model):
    """A child who moved into the authority while on another authority's child protection plan.
    TRANSFER_IN (15 working days from notice of the move) runs until a transfer-in conference
    about the child is held."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="transfers_in"
    )
    previous_authority = models.CharField(max_length=200)
    previous_plan_started_on = models.DateField("the previous authority's plan started")
    previous_plan_category = models.CharField(max_length=20, choices=PlanCategory.choices)
    moved_in_on = models.DateField("date the child moved in")
    notified_on = models.DateField("date the authority was told of the move")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        help_text="The transfer-in conference that was held.",
    )
    conference_held_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notified_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(conference__isnull=True),
                name="transfer_in_one_waiting_per_child",
                violation_error_message="The child's transfer-in is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(previous_plan_started_on__lte=models.F("moved_in_on")),
                name="transfer_in_plan_started_before_the_move",
                violation_error_message="The previous plan must have started before the move.",
            ),
        ]

    def __str__(self):
        return f"Transfer-in of {self.child} from {self.previous_authority}"
