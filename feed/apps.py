from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "feed"
    verbose_name = "The daily data feed to the Department for Education"

    def ready(self):
        # Beat asks for the daily send by name: register it here, as Celery's autodiscovery runs
        # only when a worker starts.
        from . import tasks  # noqa: F401
