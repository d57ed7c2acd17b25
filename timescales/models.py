"""Timescale models. The deadline engine extends this module."""

from django.db import models


class SchedulerRun(models.Model):
    """A row each time a periodic task runs, so the health check and admins can see beat is alive."""

    task_name = models.CharField(max_length=200)
    ran_at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        get_latest_by = "ran_at"

    def __str__(self):
        return f"{self.task_name} at {self.ran_at:%Y-%m-%d %H:%M}"
