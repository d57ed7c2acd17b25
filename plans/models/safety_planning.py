"""The family's safety planning on a child protection plan (issue 21 items 6 and 7): the family
safety plan (what daily life will look like, agreed with the family), the safety network, words
and pictures for the child, and each time "My plan" was explained to and agreed with the child.
Nothing here is deleted: a network member stops being one with a date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .plan import ChildProtectionPlan

MY_PLAN_MIN_AGE = 8


class FamilySafetyPlan(models.Model):
    """The family safety plan (004 chairs' item 7): one per plan, made when the plan starts.
    `brought_to_conference` says whether the family brought one to the conference; when they did
    not, the plan's next steps include forming one (`forming_action`, a dated action)."""

    plan = models.OneToOneField(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="family_safety_plan"
    )
    brought_to_conference = models.BooleanField(default=False)
    forming_action = models.ForeignKey(
        "plans.PlanAction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    daily_life = models.TextField("what daily life will look like", blank=True)
    agreed_with_family = models.BooleanField(default=False)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_with = models.CharField("agreed with", max_length=300, blank=True)
    words_and_pictures_done = models.BooleanField(default=False)
    words_and_pictures_on = models.DateField(null=True, blank=True)
    words_and_pictures_by = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Family safety plan of {self.plan}"


class SafetyNetworkMember(models.Model):
    """Someone in the family's safety network: who they are to the child, how they are involved
    and how they are kept informed. Stops being a member with a date, never deleted."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="safety_network"
    )
    name = models.CharField(max_length=200)
    relationship_to_child = models.CharField(max_length=200)
    involvement = models.TextField("how they are involved")
    kept_informed = models.TextField("how they are kept informed")
    is_active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(relationship_to_child=""),
                name="safety_network_member_has_name_and_relationship",
            )
        ]

    def __str__(self):
        return f"{self.name} in the safety network of {self.plan}"


class MyPlanExplanation(models.Model):
    """When and how the plan was explained to and agreed with the child (001 §2, §5), by whom,
    and whether an interpreter was needed. Each time is kept."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="my_plan_explanations"
    )
    explained_on = models.DateField()
    how = models.TextField("how it was explained")
    agreed_by_child = models.BooleanField()
    child_said = models.TextField("what the child said", blank=True)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-explained_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interpreter_needed=False) | ~Q(interpreter_language=""),
                name="my_plan_explanation_interpreter_language",
            )
        ]

    def __str__(self):
        return f"My plan explained on {self.explained_on}"
