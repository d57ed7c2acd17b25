from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/", views.plan_detail, name="detail"),
    # Reviews and ending (issue 7 part 6)
    path("<int:pk>/end/", views.end_plan, name="end"),
    path("<int:pk>/end/confirm/", views.end_plan_confirm, name="end-confirm"),
    path("<int:pk>/end/real-reason/", views.real_end_reason, name="real-end-reason"),
    path("<int:pk>/review/schedule/", views.schedule_review, name="schedule-review"),
    path("<int:pk>/review/chair/", views.review_chair, name="review-chair"),
    path("<int:pk>/review/recommend-ending/", views.recommend_ending, name="recommend-ending"),
    # Between conferences and transfer-in (issue 7 parts 5 and 7)
    path("<int:pk>/midway-review/", views.midway_note, name="midway-note"),
    path("<int:pk>/drift-review/", views.drift_review, name="drift-review"),
    path("transfer-in/child/<int:child_pk>/", views.transfer_in, name="transfer-in"),
    path("transfer-in/<int:pk>/", views.transfer_in_detail, name="transfer-in-detail"),
]
