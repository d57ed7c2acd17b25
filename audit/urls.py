from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("children/<int:pk>/history/", views.child_history, name="child-history"),
    path("children/<int:pk>/access-log/", views.child_access_log, name="child-access-log"),
    path("conferences/<int:pk>/history/", views.conference_history, name="conference-history"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan-history"),
]
