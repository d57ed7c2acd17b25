from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("dashboard/", views.deadlines_dashboard, name="dashboard"),
    path("dashboard/download/", views.dashboard_csv, name="dashboard-csv"),
    path("dashboard/by/<slug:slug>/download/", views.breakdown_csv, name="breakdown-csv"),
    path("dashboard/indicators/", views.performance_indicators, name="indicators"),
    path(
        "dashboard/indicators/<slug:slug>/download/",
        views.indicator_csv,
        name="indicator-csv",
    ),
    path("qans/", views.qan_inbox, name="qan-inbox"),
    path("qans/<int:pk>/", views.qan_detail, name="qan-detail"),
    path("qans/<int:pk>/acknowledge/", views.acknowledge_qan, name="qan-acknowledge"),
    path("qans/<int:pk>/explain/", views.explain_qan, name="qan-explain"),
    path("qans/<int:pk>/close/", views.close_qan, name="qan-close"),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline-detail"),
    path("deadlines/<int:pk>/delay-reason/", views.deadline_delay_reason, name="deadline-delay"),
    path("deadlines/<int:pk>/sign-off/", views.deadline_sign_off_delay, name="deadline-sign-off"),
    path(
        "deadlines/<int:pk>/not-applicable/",
        views.deadline_not_applicable,
        name="deadline-not-applicable",
    ),
]
