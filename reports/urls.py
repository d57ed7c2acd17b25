from django.urls import path

from . import agency_views, views

app_name = "reports"
urlpatterns = [
    path("chair/", views.chair_conferences, name="chair"),
    path("conferences/<int:conference_pk>/", views.conference_reports, name="conference"),
    path(
        "conferences/<int:conference_pk>/social-work-report/",
        views.social_work_report,
        name="social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/edit/",
        views.edit_social_work_report,
        name="edit-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/submit/",
        views.submit_social_work_report,
        name="submit-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/sign-off/",
        views.sign_off_social_work_report,
        name="sign-off-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/return/",
        views.return_social_work_report,
        name="return-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/share/",
        views.share_social_work_report,
        name="share-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/parents-views/",
        views.parents_views_on_report,
        name="parents-views-on-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/send/",
        views.send_social_work_report,
        name="send-social-work-report",
    ),
    path(
        "conferences/<int:conference_pk>/social-work-report/read/",
        views.mark_social_work_report_read,
        name="read-social-work-report",
    ),
    path(
        "invitations/<int:invitation_pk>/",
        agency_views.agency_report_form,
        name="agency-report-form",
    ),
    path("agency/<int:pk>/sharing/", agency_views.agency_report_sharing, name="agency-sharing"),
    path(
        "conferences/<int:conference_pk>/social-work-report/reopen/",
        agency_views.reopen_social_work_report,
        name="reopen-social-work-report",
    ),
    path("agency/<int:pk>/", views.agency_report, name="agency-report"),
    path("agency/<int:pk>/read/", views.mark_agency_report_read, name="read-agency-report"),
    path(
        "agency/<int:pk>/earlier-documents/<int:document_pk>/",
        views.agency_report_earlier_document,
        name="agency-earlier-document",
    ),
    path("documents/<int:pk>/", views.document, name="document"),
    path("conferences/<int:conference_pk>/minutes/", views.minutes, name="minutes"),
    path("minutes/copies/<int:pk>/", views.minutes_copy, name="minutes-copy"),
    path(
        "conferences/<int:conference_pk>/minutes/start/", views.start_minutes, name="start-minutes"
    ),
    path("conferences/<int:conference_pk>/minutes/edit/", views.edit_minutes, name="edit-minutes"),
    path(
        "conferences/<int:conference_pk>/minutes/submit/",
        views.submit_minutes,
        name="submit-minutes",
    ),
    path(
        "conferences/<int:conference_pk>/minutes/return/",
        views.return_minutes,
        name="return-minutes",
    ),
    path(
        "conferences/<int:conference_pk>/minutes/approve/",
        views.approve_minutes,
        name="approve-minutes",
    ),
    path(
        "conferences/<int:conference_pk>/minutes/apologies/",
        views.minutes_apologies,
        name="minutes-apologies",
    ),
    path(
        "conferences/<int:conference_pk>/minutes/circulate/",
        views.circulate_minutes,
        name="circulate-minutes",
    ),
    path("minutes/copies/<int:pk>/amend/", views.request_amendment, name="request-amendment"),
    path("minutes/amendments/<int:pk>/", views.decide_amendment, name="decide-amendment"),
    path("conferences/<int:conference_pk>/feedback/", views.give_feedback, name="feedback"),
    path(
        "conferences/<int:conference_pk>/feedback/child/",
        views.child_feedback,
        name="child-feedback",
    ),
    path(
        "conferences/<int:conference_pk>/feedback/received/",
        views.feedback_list,
        name="feedback-list",
    ),
]
