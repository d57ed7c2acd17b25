from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, roles, teams and agencies"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from .lockout import notify_locked_account
        from .middleware import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="accounts.activity")
        user_locked_out.connect(notify_locked_account, dispatch_uid="accounts.lockout-notice")
