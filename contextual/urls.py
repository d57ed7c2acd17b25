from django.urls import path

from . import views

app_name = "contextual"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("request/<int:child_pk>/", views.request_conference, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/views/new/", views.add_view, name="view-add"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/outcomes/new/", views.add_outcome, name="outcome-add"),
    path(
        "plans/<int:pk>/outcomes/<int:outcome_pk>/",
        views.outcome_progress,
        name="outcome-progress",
    ),
    path("plans/<int:pk>/review/", views.book_review, name="review-book"),
]
