"""The timescales pages in the service navigation and on the home page.

TimescalesConfig.ready() calls register_navigation(); registering twice is harmless.
"""

from accounts.models import RoleCode
from core import home, navigation

DASHBOARD_ROLES = (
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.QA_MANAGER,
)
QAN_ROLES = DASHBOARD_ROLES


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem(
            "Timescales dashboard", "timescales:dashboard", "timescales.view_dashboard", 30
        )
    )
    navigation.register(
        navigation.NavItem(
            "Quality Assurance notifications",
            "timescales:qan-inbox",
            "timescales.view_qan_inbox",
            31,
        )
    )
    for role in DASHBOARD_ROLES:
        home.register(
            home.HomeLink(
                role,
                "Timescales dashboard",
                "timescales:dashboard",
                "Deadlines that are overdue or due in the next 5 working days, by team, "
                "person, chair and timescale.",
                order=20,
            )
        )
    for role in QAN_ROLES:
        home.register(
            home.HomeLink(
                role,
                "Quality Assurance notifications",
                "timescales:qan-inbox",
                "All notifications of missed timescales, to follow through to closure."
                if role == RoleCode.QA_MANAGER
                else "Notifications of missed timescales sent to you, to acknowledge and explain.",
                order=21,
            )
        )
