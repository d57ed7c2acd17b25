from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "timescales"
    verbose_name = "Timescales and quality assurance"

    def ready(self):
        # Importing the calendar connects the signals that refresh its cache of non-working days.
        from . import calendar  # noqa: F401
        from .navigation import register_navigation

        register_navigation()
