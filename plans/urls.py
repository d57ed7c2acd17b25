from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/", views.plan_detail, name="detail"),
    # Reviews and ending (issue 7 part 6)
    path("<int:pk>/end/", views.end_plan, name="end"),
    path("<int:pk>/review/schedule/", views.schedule_review, name="schedule-review"),
    path("<int:pk>/review/chair/", views.review_chair, name="review-chair"),
    path("<int:pk>/review/recommend-ending/", views.recommend_ending, name="recommend-ending"),
]
