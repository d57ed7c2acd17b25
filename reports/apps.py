from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports to conference and documents"

    def ready(self):
        from .navigation import register_navigation

        register_navigation()
