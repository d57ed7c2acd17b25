from django.contrib import admin
from django.urls import include, path

from core import views as core_views

admin.site.site_header = "Manage child protection conferences: administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("signed-in-check/", core_views.signed_in_check, name="signed-in-check"),
    path(
        "accessibility-statement/",
        core_views.accessibility_statement,
        name="accessibility-statement",
    ),
    path("", include("accounts.urls")),
    path("children/", include("children.urls")),
    path("conferences/", include("conferences.urls")),
    path("plans/", include("plans.urls")),
    path("core-groups/", include("coreGroups.urls")),
    path("timescales/", include("timescales.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("enquiries/", include("enquiries.urls")),
    path("returns/", include("returns.urls")),
    path("voice/", include("voice.urls")),
    path("contextual/", include("contextual.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.forbidden"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
