from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Generated data at scale and the benchmark that measures the pages on it (issue 10)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scale"
    verbose_name = "Scale"
