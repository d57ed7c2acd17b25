"""Sending the feed (ADR 67): one attempt is one `FeedSend`, every POST and its answer recorded.

Requests carry at most 100 records (the schema's limit). After each request the Department
accepts, the children it carried are marked as sent in one transaction; the first refusal or
connection failure stops the attempt, records it, and raises `FeedSendFailed` so the task retries
with back-off. A retry works out again what is still to send, so nothing accepted goes twice and
nothing refused is lost."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from core.history import save_as

from . import client
from .changes import NextSend, Outgoing, next_send
from .models import BODY_EXCERPT_LENGTH, FeedChild, FeedMode, FeedSend, FeedSendStatus
from .schema import payload_errors

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_REQUEST = 100  # the CSC array's maxItems
# An attempt still marked as sending after this long died with its worker; another may start.
SENDING_GRACE = datetime.timedelta(minutes=30)
RETRY_BASE_SECONDS = 5 * 60
RETRY_MAX_SECONDS = 6 * 60 * 60


class FeedSendFailed(Exception):
    """The Department refused a request, or could not be reached: retry later."""


def retry_delay(retries: int) -> int:
    """5, 10, 20, 40... minutes, at most 6 hours."""
    return min(RETRY_BASE_SECONDS * 2**retries, RETRY_MAX_SECONDS)


def batches(outgoing: list[Outgoing]) -> list[list[Outgoing]]:
    """Consecutive groups of at most 100 items; a child's items stay in one request."""
    groups, group, size = [], [], 0
    for part in outgoing:
        if group and size + len(part.items) > MAX_ITEMS_PER_REQUEST:
            groups.append(group)
            group, size = [], 0
        group.append(part)
        size += len(part.items)
    if group:
        groups.append(group)
    return groups


def _remember(parts: list[Outgoing], send: FeedSend, now) -> None:
    """What the Department now holds for each child in an accepted request."""
    states = {
        state.child_id: state
        for state in FeedChild.objects.filter(child_id__in=[part.child_id for part in parts])
    }
    for part in parts:
        state = states.get(part.child_id) or FeedChild(child_id=part.child_id)
        state.last_send, state.sent_at = send, now
        if part.current is None:
            state.purged, state.sent_hash, state.sent_ids = True, "", {}
        else:
            state.purged = False
            state.la_child_id = part.current.la_child_id
            state.sent_hash = part.current.hash
            state.sent_ids = part.current.ids
        state.save()


def _finish(send: FeedSend, status: str, reason: str, pending: int = 0) -> FeedSend:
    send.status, send.finished_at, send.records_pending = status, timezone.now(), pending
    return save_as(send, by=None, reason=reason)


def send_feed(
    *, mode: str = FeedMode.CHANGES, attempt: int = 0, today: datetime.date | None = None
) -> FeedSend | None:
    """Send what the Department does not hold yet. None when the feed is off; the attempt under
    way when another is sending; otherwise this attempt, recorded. Raises FeedSendFailed (or the
    unexpected error) after recording the attempt as failed."""
    config = client.configuration()
    if config is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        running = FeedSend.objects.filter(
            status=FeedSendStatus.SENDING, started_at__gt=now - SENDING_GRACE
        ).first()
        if running is not None:
            logger.info("DfE feed: another send is under way; this one stands down")
            return running
        send = save_as(
            FeedSend(mode=mode, started_at=now, attempt=attempt, endpoint=config.endpoint),
            by=None,
            reason="Daily send started",
        )
    try:
        return _send(send, config, mode, today)
    except FeedSendFailed:
        raise
    except Exception as error:
        # A database restarting, say: recorded, so the retry is not taken for a send under way.
        send.error = f"{type(error).__name__}: {error}"
        _finish(send, FeedSendStatus.FAILED, "Send failed")
        raise


def _send(send: FeedSend, config, mode: str, today) -> FeedSend:
    plan: NextSend = next_send(mode, today)
    send.held_back = plan.held_back
    if not plan.outgoing:
        return _finish(send, FeedSendStatus.NOTHING_TO_SEND, "Nothing to send")

    groups = batches(plan.outgoing)
    try:
        token = client.access_token(config)
    except client.FeedClientError as error:
        send.error = str(error)
        _finish(send, FeedSendStatus.FAILED, "Send failed", pending=plan.items)
        raise FeedSendFailed(send.error) from error

    for index, group in enumerate(groups):
        items = [item for part in group for item in part.items]
        problems = payload_errors(items)
        if problems:  # each record was checked: only a fault in the batching could do this
            send.error = f"A request would have broken the published schema: {problems[:3]}"
            _finish(send, FeedSendStatus.FAILED, "Send failed", pending=plan.items)
            raise FeedSendFailed(send.error)
        pending = sum(len(part.items) for later in groups[index:] for part in later)
        try:
            answer = client.post_records(config, token, items)
        except client.FeedClientError as error:
            send.error = str(error)
            _finish(send, FeedSendStatus.FAILED, "Send failed", pending=pending)
            raise FeedSendFailed(send.error) from error
        excerpt = answer.body[:BODY_EXCERPT_LENGTH]
        send.posts.append({"records": len(items), "status_code": answer.status, "body": excerpt})
        send.status_code, send.response_excerpt = answer.status, excerpt
        if not answer.accepted:
            send.error = f"The Department answered {answer.status} to {len(items)} records."
            _finish(send, FeedSendStatus.FAILED, "Send failed", pending=pending)
            raise FeedSendFailed(send.error)
        with transaction.atomic():
            _remember(group, send, timezone.now())
            send.records_sent += len(items)
            send.purges_sent += sum(part.purges for part in group)
            save_as(send, by=None, reason="Records accepted")
    return _finish(send, FeedSendStatus.SENT, "Daily send finished")
