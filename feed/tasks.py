"""The daily send to the Department (ADR 67). Tasks only call services.

Beat starts it once a day; a refusal or an unreachable endpoint is recorded and retried with
back-off (5 minutes doubling, at most 6 hours, 6 retries); what is still unsent after the last
retry goes with the next day's send. Any other error (a database restarting) is recorded on the
attempt and retried by RELIABLE_TASK's back-off."""

from celery import shared_task

from core.background import RELIABLE_TASK

from .models import FeedMode
from .services import FeedSendFailed, retry_delay, send_feed

FEED_MAX_RETRIES = 6


@shared_task(
    name="feed.tasks.send_daily_feed",
    bind=True,
    **{**RELIABLE_TASK, "max_retries": FEED_MAX_RETRIES},
)
def send_daily_feed(self, mode: str = FeedMode.CHANGES) -> str:
    try:
        send = send_feed(mode=mode, attempt=self.request.retries)
    except FeedSendFailed as failure:
        raise self.retry(exc=failure, countdown=retry_delay(self.request.retries)) from failure
    return send.status if send is not None else "off"
