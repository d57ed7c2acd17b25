from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Statutory returns: the Children in Need census and Ofsted's Annex A"

    def ready(self):
        from accounts.models import RoleCode
        from core import home, navigation

        navigation.register(
            navigation.NavItem("Statutory returns", "returns:index", "returns.download_returns", 90)
        )
        home.register(
            home.HomeLink(
                RoleCode.QA_MANAGER,
                "Statutory returns",
                "returns:index",
                "Download the Children in Need census (child protection) and Ofsted's Annex A "
                "lists 5 and 7.",
                order=60,
            )
        )
