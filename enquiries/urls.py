from django.urls import path

from . import views

app_name = "enquiries"

urlpatterns = [
    path("", views.start, name="start"),
    path("mine/", views.mine, name="mine"),
    path("notices/", views.notices, name="notices"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/call-back/", views.call_back, name="call-back"),
    path("<int:pk>/search/", views.search, name="search"),
    path("<int:pk>/advice/", views.advice, name="advice"),
]
