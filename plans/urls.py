from django.urls import path

from . import child_in_need_views as cin_views
from . import duties_views, looked_after_views, safety_views, views

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
    # The smaller duties (issue 22 item 6)
    path(
        "<int:pk>/specialist-assessments/new/",
        duties_views.request_specialist_assessment,
        name="specialist-assessment-new",
    ),
    path(
        "<int:pk>/specialist-assessments/<int:assessment_pk>/",
        duties_views.update_specialist_assessment,
        name="specialist-assessment",
    ),
    path(
        "<int:pk>/family-group-conference/recommendation/",
        duties_views.fgc_recommendation,
        name="fgc-recommendation",
    ),
    path("<int:pk>/family-group-conference/outcome/", duties_views.fgc_outcome, name="fgc-outcome"),
    path("transfer-in/child/<int:child_pk>/", views.transfer_in, name="transfer-in"),
    path("transfer-in/<int:pk>/", views.transfer_in_detail, name="transfer-in-detail"),
    # The family's safety planning and "My plan" (issue 21 items 6 and 7)
    path(
        "<int:pk>/family-safety-plan/",
        safety_views.family_safety_plan,
        name="family-safety-plan",
    ),
    path("<int:pk>/safety-network/add/", safety_views.safety_network_add, name="network-add"),
    path(
        "<int:pk>/safety-network/<int:member_pk>/",
        safety_views.safety_network_member,
        name="network-member",
    ),
    path(
        "<int:pk>/words-for-child/<int:statement_pk>/",
        safety_views.words_for_child,
        name="words-for-child",
    ),
    path("<int:pk>/my-plan/explained/", safety_views.my_plan_explained, name="my-plan-explained"),
    path("<int:pk>/my-plan.pdf", safety_views.my_plan_pdf, name="my-plan"),
    # Child in Need plans and the Early Help step-down (issue 22 item 4)
    path("<int:pk>/early-help/", cin_views.early_help, name="early-help"),
    path("child-in-need/<int:pk>/", cin_views.detail, name="cin-detail"),
    path("child-in-need/<int:pk>/core-group/add/", cin_views.member_add, name="cin-member-add"),
    path(
        "child-in-need/<int:pk>/core-group/<int:cin_member_pk>/leave/",
        cin_views.member_remove,
        name="cin-member-remove",
    ),
    path("child-in-need/<int:pk>/reviews/add/", cin_views.review_add, name="cin-review-add"),
    path("child-in-need/<int:pk>/actions/add/", cin_views.action_add, name="cin-action-add"),
    path(
        "child-in-need/<int:pk>/actions/<int:action_pk>/done/",
        cin_views.action_done,
        name="cin-action-done",
    ),
    path("child-in-need/<int:pk>/end/", cin_views.end, name="cin-end"),
    # Looked-after periods and early reviews (issue 22)
    path(
        "looked-after/child/<int:child_pk>/",
        looked_after_views.looked_after_add,
        name="looked-after-add",
    ),
    path(
        "looked-after/<int:pk>/end/", looked_after_views.looked_after_end, name="looked-after-end"
    ),
    path("<int:pk>/early-review/", looked_after_views.early_review, name="early-review"),
    path(
        "<int:pk>/early-review-prompt/<int:prompt_pk>/dismiss/",
        looked_after_views.dismiss_prompt,
        name="dismiss-prompt",
    ),
]
