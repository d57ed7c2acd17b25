from django.urls import path

from . import readiness_views, separate_attendance_views, views

app_name = "conferences"
urlpatterns = [
    path("requests/", views.request_queue, name="request-queue"),
    path("requests/new/<int:child_pk>/", views.new_request, name="new-request"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/withdraw/", views.withdraw_request, name="withdraw-request"),
    path("requests/<int:pk>/allocate/", views.allocate_chair, name="allocate-chair"),
    path("", views.conference_list, name="conference-list"),
    path("<int:pk>/", views.conference_detail, name="conference"),
    path("<int:pk>/book/", views.book_conference, name="book"),
    path("<int:pk>/postpone/", views.change_conference, {"action": "postpone"}, name="postpone"),
    path("<int:pk>/cancel/", views.change_conference, {"action": "cancel"}, name="cancel"),
    # Invitations, arrangements, advocacy, chair decisions and replies
    path("<int:pk>/invitations/", views.invitations, name="invitations"),
    path("<int:pk>/invitations/send/", views.send_invitations, name="send-invitations"),
    path("<int:pk>/arrangements/", views.arrangements, name="arrangements"),
    path(
        "<int:pk>/arrangements/separate-attendance/",
        separate_attendance_views.separate_arrangements,
        name="separate-arrangements",
    ),
    path("<int:pk>/advocacy/opt-out/", views.advocacy_opt_out, name="advocacy-opt-out"),
    path("<int:pk>/chair-decisions/", views.chair_decisions, name="chair-decisions"),
    path("invitations/<int:pk>/letter/", views.invitation_letter, name="invitation-letter"),
    path("invitations/<int:pk>/reply/", views.reply_to_invitation, name="reply"),
    path("invited/", views.invited, name="invited"),
]

# Holding the conference (issue 6)
urlpatterns += [
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    # Issue 21 item 5: the chair's meetings with the family before the conference.
    path(
        "<int:pk>/before-the-conference/",
        views.family_preparation,
        name="family-preparation",
    ),
    path(
        "<int:pk>/before-the-conference/parents/",
        views.chair_meeting,
        name="chair-meeting-parents",
    ),
    path(
        "<int:pk>/before-the-conference/advised-not-to-attend/<int:person_pk>/",
        views.chair_meeting,
        name="chair-meeting-absent-parent",
    ),
    path("<int:pk>/record/", views.signs_of_safety, name="signs-of-safety"),
    path(
        "<int:pk>/record/danger-statements/<int:position>/",
        views.danger_statement,
        name="danger-statement",
    ),
]

# The decision per child (issue 6 parts 3 and 4)
urlpatterns += [
    path("<int:pk>/decision/", views.decision_overview, name="decision"),
    path("<int:pk>/decision/<int:child_pk>/", views.child_decision, name="child-decision"),
    # Each form on the child's decision page posts to its own view (issue 19 item 6).
    path(
        "<int:pk>/decision/<int:child_pk>/recommendation/",
        views.record_recommendation,
        name="decision-recommendation",
    ),
    path(
        "<int:pk>/decision/<int:child_pk>/views/",
        views.add_professional_view,
        name="decision-view",
    ),
    path(
        "<int:pk>/decision/<int:child_pk>/actions/add/",
        views.add_action_row,
        name="decision-add-row",
    ),
    path("<int:pk>/decision/<int:child_pk>/save/", views.save_decision, name="decision-save"),
    path(
        "<int:pk>/decision/<int:child_pk>/finalise/",
        views.finalise_decision,
        name="decision-finalise",
    ),
    path("<int:pk>/decision/inputs/", readiness_views.decision_inputs, name="decision-inputs"),
    path(
        "<int:pk>/decision/<int:child_pk>/outline-plan.pdf",
        views.outline_plan_pdf,
        name="outline-plan",
    ),
]

# Who has been given the outline plan (issue 18 item 3)
from . import outline_circulation_views  # noqa: E402

urlpatterns += [
    path(
        "<int:pk>/outline-plan/circulation/",
        outline_circulation_views.outline_circulation_page,
        name="outline-circulation",
    ),
]

# Adjournments and escalations (issue 17)
from . import adjournment_views  # noqa: E402

urlpatterns += [
    path(
        "adjournment-reports/<int:pk>/",
        adjournment_views.adjournment_report,
        name="adjournment-report",
    ),
    path(
        "adjournment-reports/<int:pk>/document/",
        adjournment_views.adjournment_report_document,
        name="adjournment-report-document",
    ),
    path("escalations/", adjournment_views.escalations, name="escalations"),
    path("escalations/<int:pk>/", adjournment_views.escalation, name="escalation"),
]

# Changing a booking (issue 18 item 1)
from . import booking_change_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/change-booking/", booking_change_views.change_booking, name="change-booking"),
]
