from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared pages and interface pieces"

    def ready(self):
        from core import names, navigation

        names.connect()

        navigation.register(navigation.NavItem("Home", "home", "accounts.use_service", order=0))
