from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = "Enquiries about the list of children subject to a plan"

    def ready(self):
        from accounts.models import RoleCode
        from core import home, navigation

        navigation.register(
            navigation.NavItem(
                "Is a child on a plan?", "enquiries:start", "enquiries.make_enquiry", 5
            )
        )
        home.register(
            home.HomeLink(
                RoleCode.ENQUIRER,
                "Ask whether a child is subject to a plan",
                "enquiries:start",
                "Record the caller and your call-back to their agency, then search the list.",
                order=5,
            )
        )
        home.register(
            home.HomeLink(
                RoleCode.ENQUIRER,
                "Your enquiries",
                "enquiries:mine",
                "Enquiries you have recorded, newest first.",
                order=6,
            )
        )
        for role in (
            RoleCode.SOCIAL_WORKER,
            RoleCode.TEAM_MANAGER,
            RoleCode.SERVICE_MANAGER,
        ):
            home.register(
                home.HomeLink(
                    role,
                    "Enquiries about your children",
                    "enquiries:notices",
                    "Who asked whether a child you work with is on a plan, and what they were told.",
                    order=40,
                )
            )
