from django.urls import path

from . import views

app_name = "coreGroups"
urlpatterns = [
    path("plans/<int:plan_pk>/meetings/new/", views.plan_meeting, name="plan_meeting"),
    path("plans/<int:plan_pk>/visits/", views.visit_list, name="visits"),
    path("plans/<int:plan_pk>/visits/new/", views.record_visit, name="record_visit"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/record/", views.record_meeting, name="record"),
    path(
        "meetings/<int:pk>/danger-statements/new/",
        views.add_danger_statement,
        name="add_danger_statement",
    ),
    path("meetings/<int:pk>/actions/new/", views.add_action, name="add_action"),
    path("meetings/<int:pk>/share/", views.share_meeting, name="share"),
]
