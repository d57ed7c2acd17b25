"""The outbox in the admin: read-only, so the administrator sees what was sent, what is waiting
and what failed (with the error), and can send an unsent email again. Nothing is deleted."""

from django.contrib import admin, messages

from . import outbox
from .models import OutboxAttachment, OutboxEmail


class OutboxAttachmentInline(admin.TabularInline):
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
class OutboxEmailAdmin(admin.ModelAdmin):
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
