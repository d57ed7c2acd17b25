from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Conferences"

    def ready(self):
        from accounts.models import RoleCode
        from children import summary
        from core import home, navigation

        from . import navigation as conference_navigation
        from . import selectors

        # A conference (allocated, booked, postponed) first; else the request waiting to be booked.
        summary.register_next_conference_lookup(selectors.conferences_for_children)
        summary.register_next_conference_lookup(selectors.requests_for_children)
        navigation.register(
            navigation.NavItem(
                "Conference requests",
                "conferences:request-queue",
                "conferences.view_request_queue",
                20,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Conferences", "conferences:conference-list", "conferences.list_conferences", 21
            )
        )
        for role, text in (
            (
                RoleCode.CONFERENCE_COORDINATOR,
                "Conferences allocated and booked, soonest first: book, postpone or cancel them.",
            ),
            (RoleCode.QA_MANAGER, "Every conference allocated or booked, soonest first."),
            (RoleCode.CHAIR, "The conferences you are allocated to chair, soonest first."),
        ):
            home.register(
                home.HomeLink(role, "Conferences", "conferences:conference-list", text, order=2)
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
        conference_navigation.register_navigation()

        # The chair's meetings with the family before the conference (issue 21 item 5).
        from core import worklists as core_worklists

        from .worklists import family_meetings_to_record

        core_worklists.register_work_list(
            RoleCode.CHAIR,
            family_meetings_to_record,
            before=core_worklists.minutes_to_approve,
        )
