from django.contrib import admin

from .models import SchedulerRun


@admin.register(SchedulerRun)
class SchedulerRunAdmin(admin.ModelAdmin):
    list_display = ["task_name", "ran_at", "detail"]
    readonly_fields = ["task_name", "ran_at", "detail"]
