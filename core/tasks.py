"""Background work of the service as a whole: sending the outbox (ADR 50). Tasks only call
services."""

from celery import shared_task

from . import outbox


@shared_task(
    bind=True,
    name=outbox.SEND_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=outbox.MAX_ATTEMPTS,
)
def send_outbox_email(self, pk: int) -> str:
    """Send one outbox email; on failure retry with back-off. Run eagerly (tests, a laptop without
    a worker) the retry is left to dispatch_outbox, as Celery would retry at once, not after
    the back-off."""
    result = outbox.send_queued(pk)
    if result.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=result.retry_in.total_seconds())
    return str(result.status)


@shared_task(name="core.tasks.dispatch_outbox", acks_late=True)
def dispatch_outbox() -> int:
    """Every minute: hand the worker each outbox email that is due and unsent."""
    return outbox.dispatch_due()
