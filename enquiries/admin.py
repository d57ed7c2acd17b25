"""Read-only in the admin: enquiries are written only by enquiries.services."""

from django.contrib import admin

from core.admin import NeverDeleteMixin

from .models import CallBack, EnquiryMatch, EnquiryNotice, PlanEnquiry


class ReadOnlyAdmin(NeverDeleteMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanEnquiry)
class PlanEnquiryAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "caller_name", "agency", "result", "recorded_by")
    list_filter = ("result",)


admin.site.register(CallBack, ReadOnlyAdmin)
admin.site.register(EnquiryMatch, ReadOnlyAdmin)
admin.site.register(EnquiryNotice, ReadOnlyAdmin)
