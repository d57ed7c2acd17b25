from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, roles, teams and agencies"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="accounts.activity")
