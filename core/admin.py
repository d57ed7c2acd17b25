"""The admin never deletes (issue 20 item 6): every project admin class starts with
NeverDeleteMixin. Records are ended, withdrawn or corrected with history; people, teams,
agencies, venues and anything else with an `is_active` flag are deactivated instead.

The outbox is here too: read-only, so the administrator sees what was sent, what is waiting
and what failed (with the error), and can send an unsent email again."""

from django.contrib import admin, messages

from . import outbox
from .models import OutboxAttachment, OutboxEmail


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


class OutboxAttachmentInline(NeverDeleteMixin, admin.TabularInline):
    model = OutboxAttachment
    fields = ["position", "filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(NeverDeleteMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "kind"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
        "html_body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    exclude = ["headers"]
    inlines = [OutboxAttachmentInline]
    actions = ["send_again_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """Change permission lets an administrator run "Send again now" on the list; a single
        email is only ever viewed."""
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description="Send again now", permissions=["change"])
    def send_again_now(self, request, queryset):
        count = outbox.send_again(list(queryset), by=request.user)
        self.message_user(
            request, f"{count} email(s) queued to be sent again.", level=messages.SUCCESS
        )
