"""The invited professional's "Your conferences" page in the service navigation and on the home
page. ConferencesConfig.ready() calls register_navigation(); registering twice is harmless."""

from accounts.models import RoleCode
from core import home, navigation


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem(
            "Your conferences", "conferences:invited", "conferences.view_own_invitations", 22
        )
    )
    home.register(
        home.HomeLink(
            RoleCode.AGENCY_PROFESSIONAL,
            "Your conferences",
            "conferences:invited",
            "The child protection conferences you are invited to, soonest first: reply to each "
            "invitation.",
            order=1,
        )
    )
