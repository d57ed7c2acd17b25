from django.apps import AppConfig


class CoreGroupsConfig(AppConfig):
    name = "coreGroups"
    verbose_name = "Core groups and visits"
