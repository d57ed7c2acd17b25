from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("requests/", views.request_queue, name="request-queue"),
    path("requests/new/<int:child_pk>/", views.new_request, name="new-request"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/withdraw/", views.withdraw_request, name="withdraw-request"),
]
