from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Statutory returns: the Children in Need census and Ofsted's Annex A"

    def ready(self):
        from accounts.models import RoleCode
        from core import home, navigation

        # The web process asks for the census task by name: register it here, as Celery's
        # autodiscovery runs only when a worker starts.
        from . import tasks  # noqa: F401

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
