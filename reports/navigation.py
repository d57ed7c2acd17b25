"""The chair's "Your conferences" in the service navigation and on the home page.

ReportsConfig.ready() calls register_navigation(); registering twice is harmless.
"""

from accounts.models import RoleCode
from core import home, navigation


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Your conferences", "reports:chair", "reports.view_chair_list", 22)
    )
    home.register(
        home.HomeLink(
            RoleCode.CHAIR,
            "Your conferences",
            "reports:chair",
            "Your upcoming conferences, soonest first: which reports have arrived, been shared "
            "and been read, and which conferences are ready.",
            order=1,
        )
    )
