"""Background housekeeping for the one-time form tokens (ADR 49). Tasks only call services."""

from celery import shared_task

from core.background import RELIABLE_TASK

from .services import prune


@shared_task(name="core.submissions.tasks.prune_submission_tokens", **RELIABLE_TASK)
def prune_submission_tokens() -> int:
    return prune()
