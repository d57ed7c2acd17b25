from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"
    verbose_name = "Children, families and the road to conference"

    def ready(self):
        from accounts.models import RoleCode
        from core import home, navigation

        navigation.register(
            navigation.NavItem("Find a child", "children:search", "children.browse_children", 10)
        )
        home.register(
            home.HomeLink(
                RoleCode.SOCIAL_WORKER,
                "Find a child",
                "children:search",
                "Search by name, date of birth, NHS number or child ID.",
                order=10,
            )
        )
        home.register(
            home.HomeLink(
                RoleCode.SOCIAL_WORKER,
                "Add a child",
                "children:add",
                "Record a child, born or unborn, who is not in this service yet.",
                order=11,
            )
        )
        home.register(
            home.HomeLink(
                RoleCode.TEAM_MANAGER,
                "Strategy discussions to sign off",
                "children:strategy-discussions-to-sign-off",
                "Records waiting for your sign-off, oldest first. Each is due within 72 hours.",
                order=5,
            )
        )
        for role in (
            RoleCode.TEAM_MANAGER,
            RoleCode.SERVICE_MANAGER,
            RoleCode.HEAD_OF_SERVICE,
            RoleCode.CONFERENCE_COORDINATOR,
            RoleCode.CHAIR,
            RoleCode.MINUTE_TAKER,
            RoleCode.QA_MANAGER,
        ):
            home.register(
                home.HomeLink(
                    role,
                    "Find a child",
                    "children:search",
                    "Search by name, date of birth, NHS number or child ID.",
                    order=10,
                )
            )
