from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("dashboard/", views.deadlines_dashboard, name="dashboard"),
    path("dashboard/download/", views.dashboard_csv, name="dashboard-csv"),
    path("qans/", views.qan_inbox, name="qan-inbox"),
    path("qans/<int:pk>/", views.qan_detail, name="qan-detail"),
    path("qans/<int:pk>/acknowledge/", views.acknowledge_qan, name="qan-acknowledge"),
    path("qans/<int:pk>/explain/", views.explain_qan, name="qan-explain"),
    path("qans/<int:pk>/close/", views.close_qan, name="qan-close"),
]
