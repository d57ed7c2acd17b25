from django.urls import path

from . import views, worker_change_views

app_name = "children"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.add_child, name="add"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/change/", views.change_child, name="change"),
    path("<int:pk>/birth/", views.record_birth, name="record-birth"),
    path("<int:pk>/add-brother-or-sister/", views.add_sibling, name="add-sibling"),
    path("<int:pk>/family/new/", views.add_family_member, name="add-family-member"),
    path("<int:pk>/family/<int:link_pk>/end/", views.end_family_link, name="end-family-link"),
    path("<int:pk>/professionals/new/", views.add_professional, name="add-professional"),
    path(
        "<int:pk>/professionals/<int:involvement_pk>/end/",
        views.end_professional,
        name="end-professional",
    ),
    # A family's request for a change of worker (issue 22 item 6)
    path(
        "<int:pk>/change-of-worker/new/",
        worker_change_views.record_request,
        name="change-of-worker-new",
    ),
    path(
        "<int:pk>/change-of-worker/decide/",
        worker_change_views.decide,
        name="change-of-worker-decide",
    ),
    path(
        "<int:pk>/strategy-discussions/new/",
        views.record_strategy_discussion,
        name="record-strategy-discussion",
    ),
    path(
        "strategy-discussions/to-sign-off/",
        views.strategy_discussions_to_sign_off,
        name="strategy-discussions-to-sign-off",
    ),
    path(
        "strategy-discussions/<int:pk>/",
        views.strategy_discussion_detail,
        name="strategy-discussion",
    ),
    path(
        "strategy-discussions/<int:pk>/sign-off/",
        views.sign_off_strategy_discussion,
        name="sign-off-strategy-discussion",
    ),
    path(
        "s47-enquiries/<int:pk>/outcome/",
        views.record_s47_outcome,
        name="record-s47-outcome",
    ),
]
