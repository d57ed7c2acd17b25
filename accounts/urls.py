from django.urls import path

from . import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("account/", views.account, name="account"),
    path(
        "account/two-factor/check-your-email/",
        views.enrol_email_code,
        name="two-factor-email-code",
    ),
    path("account/two-factor/set-up/", views.enrol, name="two-factor-enrol"),
    path(
        "account/two-factor/set-up-link/<str:token>/",
        views.enrolment_link,
        name="two-factor-enrolment-link",
    ),
    path("account/two-factor/verify/", views.verify, name="two-factor-verify"),
    path(
        "account/two-factor/recovery-codes/",
        views.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "account/two-factor/new-recovery-codes/",
        views.new_recovery_codes,
        name="two-factor-new-recovery-codes",
    ),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("account/keep-alive/", views.keep_alive, name="keep-alive"),
]
