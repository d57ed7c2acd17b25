from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Conferences"

    def ready(self):
        from accounts.models import RoleCode
        from children import summary
        from core import home, navigation

        from . import selectors

        summary.register_next_conference_lookup(selectors.requests_for_children)
        navigation.register(
            navigation.NavItem(
                "Conference requests",
                "conferences:request-queue",
                "conferences.view_request_queue",
                20,
            )
        )
        for role in (RoleCode.CONFERENCE_COORDINATOR, RoleCode.QA_MANAGER):
            home.register(
                home.HomeLink(
                    role,
                    "Conference requests",
                    "conferences:request-queue",
                    "Requests for initial conferences waiting to be booked, oldest first, "
                    "with their due dates.",
                    order=1,
                )
            )
