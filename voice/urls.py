from django.urls import path

from . import views

app_name = "voice"

urlpatterns = [
    path("conferences/<int:pk>/", views.conference_voices, name="conference_voices"),
    path("conferences/<int:pk>/children/<int:child_pk>/", views.child_voice, name="child_voice"),
    path(
        "conferences/<int:pk>/children/<int:child_pk>/chair/",
        views.chair_notes,
        name="chair_notes",
    ),
    path("uploads/<int:pk>/", views.upload, name="upload"),
]
