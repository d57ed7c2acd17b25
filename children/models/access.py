"""Who may see a child's record and who looked: the named access list of a restricted record
(revoked, never deleted) and the access log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .child import Child


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


class ChildRecordView(models.Model):
    """The access log: who looked at which child's record, which part, and when. Written by
    children.services.record_child_view in one INSERT, with no save signals (ADR 82)."""

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
