"""The admin never deletes (issue 20 item 6): every project admin class starts with
NeverDeleteMixin. Records are ended, withdrawn or corrected with history; people, teams,
agencies, venues and anything else with an `is_active` flag are deactivated instead."""

from django.contrib import admin, messages


@admin.action(description="Deactivate the selected %(verbose_name_plural)s")
def deactivate(modeladmin, request, queryset):
    """One save per row, so each deactivation is in the record's history with who did it."""
    changed = 0
    for obj in queryset.filter(is_active=True):
        obj.is_active = False
        obj.save(update_fields=["is_active"])
        changed += 1
    modeladmin.message_user(request, f"{changed} deactivated", messages.SUCCESS)


class NeverDeleteMixin:
    """No delete button, no "delete selected" action; "deactivate" where there is an active flag
    and the admin may change the record."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        has_flag = "is_active" in {field.name for field in self.model._meta.get_fields()}
        if has_flag and self.has_change_permission(request):  # not on read-only admins
            actions["deactivate"] = self.get_action(deactivate)
        return actions
