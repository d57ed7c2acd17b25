from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "timescales"
    verbose_name = "Timescales and quality assurance"

    def ready(self):
        # Importing the calendar connects the signals that refresh its cache of non-working days.
        from . import calendar  # noqa: F401
        from .navigation import register_navigation

        register_navigation()

        # Agencies whose professional does not sign in: the coordinator chases them (ADR 45).
        from accounts.models import RoleCode
        from core import worklists

        from .chase import agency_deadlines_to_chase

        worklists.register_work_list(
            RoleCode.CONFERENCE_COORDINATOR,
            agency_deadlines_to_chase,
            before=worklists.your_deadlines,
        )
