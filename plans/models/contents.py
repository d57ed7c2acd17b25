"""What a child protection plan holds: the danger statements with their safety goals, the actions
(who does what by when) and the core group.

Danger statements and safety goals set by a conference can be changed only by a conference
(plans.services.amend_conference_danger_statement): `save()` refuses any other change to them,
the queryset refuses bulk updates and deletes, and the admin shows them read-only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import MAX_CONFERENCE_DANGER_STATEMENTS, Source
from .plan import ChildProtectionPlan


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
    # Issue 21 item 7: the social worker's words for the child ("My plan"); empty means the
    # original words. Not protected: they change no part of what the conference set.
    text_for_child = models.TextField("danger statement in words for the child", blank=True)
    safety_goal_for_child = models.TextField("safety goal in words for the child", blank=True)
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
