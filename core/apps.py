from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared pages and interface pieces"

    def ready(self):
        from core import navigation

        navigation.register(navigation.NavItem("Home", "home", "accounts.use_service", order=0))
