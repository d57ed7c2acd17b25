"""The outbox for email (ADR 50).

A business action calls `queue_email` (or `queue_emails`) inside its own transaction: the email is
written as an `OutboxEmail` row with its attachments, so it exists exactly when the action does (a
rolled-back action leaves no email). When the transaction commits, the row's id is handed to the
worker (`core.tasks.send_outbox_email`); if the broker is down that is logged and the request still
succeeds, because the beat task `dispatch_outbox` queues every row that is due and still unsent.

The worker sends through Django's mail connection, holding the row's lock, and marks it sent in
the same transaction; a failure records the attempt, the error and when to try again (exponential
back-off). After MAX_ATTEMPTS the row is marked failed, shown in the admin, where "Send again now"
queues it again. Delivery is at least once: a worker lost after the mail server accepted the
message but before the commit sends it again.
"""

import datetime
import logging
from dataclasses import dataclass
from email import encoders
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .background import enqueue
from .errors import DomainError
from .history import save_as
from .models import OutboxAttachment, OutboxEmail, OutboxStatus
from .text import strip_bidi

logger = logging.getLogger(__name__)

SEND_TASK = "core.tasks.send_outbox_email"
MAX_ATTEMPTS = 8
BACKOFF_FIRST = datetime.timedelta(minutes=1)
BACKOFF_LONGEST = datetime.timedelta(hours=6)
# How long a row handed to the worker may wait before the dispatcher hands it over again (the
# broker lost it, or the worker was lost mid-send). Longer than a send takes.
DISPATCH_GRACE = datetime.timedelta(minutes=5)
DISPATCH_BATCH = 500


class OutboxError(DomainError):
    pass


# Writing --------------------------------------------------------------------------------------


def queue_email(message: EmailMessage, *, kind: str) -> OutboxEmail:
    """Write `message` to the outbox. Call it inside the business action's transaction: the email
    is sent only if the action commits, and the worker is asked to send it after the commit."""
    return queue_emails([message], kind=kind)[0]


def queue_emails(messages, *, kind: str) -> list[OutboxEmail]:
    """Write each message to the outbox (see queue_email); one commit hook for them all."""
    messages = list(messages)
    if not messages:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise OutboxError("Emails are queued inside the transaction of the action that sends them")
    now = timezone.now()
    # Set-based: three queries however many emails (minutes go to every attendee at once).
    rows = OutboxEmail.objects.bulk_create(
        [_row_for(message, kind=kind, now=now) for message in messages]
    )
    OutboxEmail.history.bulk_history_create(rows, default_date=now)
    OutboxAttachment.objects.bulk_create(
        [
            attachment
            for row, message in zip(rows, messages, strict=True)
            for attachment in _attachments_for(row, message)
        ]
    )
    pks = [row.pk for row in rows]
    transaction.on_commit(lambda: _hand_to_worker(pks))
    return rows


def _row_for(message: EmailMessage, *, kind: str, now) -> OutboxEmail:
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype != "text/html":
            raise OutboxError(f"The outbox keeps an HTML alternative only, not {mimetype}")
        html = strip_bidi(content)
    return OutboxEmail(
        kind=kind,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        # No direction-changing characters in anything the email shows (core.text).
        subject=strip_bidi(str(message.subject)),
        body=strip_bidi(str(message.body)),
        html_body=html,
        created_at=now,
        next_attempt_at=now + DISPATCH_GRACE,
    )


def _attachments_for(row: OutboxEmail, message: EmailMessage) -> list[OutboxAttachment]:
    stored = []
    for position, attachment in enumerate(message.attachments):
        if isinstance(attachment, MIMEBase):
            stored.append(
                OutboxAttachment(
                    email=row,
                    position=position,
                    filename=attachment.get_filename() or "",
                    mimetype=attachment["Content-Type"],
                    content=attachment.get_payload(decode=True),
                    is_mime_part=True,
                )
            )
            continue
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode("utf-8")
        stored.append(
            OutboxAttachment(
                email=row,
                position=position,
                filename=filename or "",
                mimetype=mimetype or "application/octet-stream",
                content=bytes(content),
            )
        )
    return stored


def as_message(row: OutboxEmail) -> EmailMultiAlternatives:
    """The email as the action wrote it, attachments included, ready to send."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=row.headers,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for attachment in row.attachments.order_by("position"):
        content = bytes(attachment.content)
        if attachment.is_mime_part:
            message.attach(_mime_part(attachment.mimetype, content, attachment.filename))
        else:
            message.attach(attachment.filename or None, content, attachment.mimetype)
    return message


def _mime_part(content_type: str, content: bytes, filename: str) -> MIMEBase:
    header = Message()
    header["Content-Type"] = content_type
    params = dict(header.get_params()[1:])
    maintype, subtype = header.get_content_maintype(), header.get_content_subtype()
    if maintype == "text":
        charset = params.pop("charset", "utf-8")
        part = MIMEText(content.decode(charset), subtype, charset)
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(content)
        encoders.encode_base64(part)
    for name, value in params.items():
        part.set_param(name, value)
    if filename:
        part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


# Handing to the worker -------------------------------------------------------------------------


def _hand_to_worker(pks) -> int:
    """Ask the worker to send each row; never raises (the request has already succeeded). A row
    the broker did not take is queued by dispatch_outbox once its next_attempt_at passes."""
    return sum(1 for pk in pks if _publish(pk) is not False)


def _publish(pk: int) -> bool:
    """Put the send task on the broker (core.background: fails at once, logged, never raised)."""
    return enqueue(SEND_TASK, pk)


def dispatch_due(now: datetime.datetime | None = None) -> int:
    """Hand the worker every queued row that is due: written while the broker was down, lost by
    a worker, or waiting for its next attempt. Each is pushed DISPATCH_GRACE on first, so the
    next run does not hand it over again while it waits in the queue. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        pks = list(
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:DISPATCH_BATCH]
        )
        if not pks:
            return 0
        OutboxEmail.objects.filter(pk__in=pks).update(next_attempt_at=now + DISPATCH_GRACE)
    return _hand_to_worker(pks)


def send_again(rows, *, by) -> int:
    """The administrator's "Send again now": unsent rows (failed or still queued) are queued
    again, with their attempts kept, and handed to the worker after the commit."""
    with transaction.atomic():
        locked = list(
            OutboxEmail.objects.select_for_update()
            .filter(pk__in=[row.pk for row in rows])
            .exclude(status=OutboxStatus.SENT)
        )
        now = timezone.now()
        for row in locked:
            row.status = OutboxStatus.QUEUED
            row.next_attempt_at = now + DISPATCH_GRACE
            save_as(row, by=by, reason="Sent again by the administrator")
        pks = [row.pk for row in locked]
        transaction.on_commit(lambda: _hand_to_worker(pks))
    return len(pks)


# Sending ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    status: str  # "sent", "failed", "queued" (to be tried again) or "skipped"
    retry_in: datetime.timedelta | None = None


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failure: 1, 2, 4, 8... minutes, at most 6 hours."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_LONGEST)


def send_queued(pk: int) -> SendResult:
    """Send one outbox row, once. Skipped when another worker holds it or it is already sent (the
    broker may deliver a task twice), and a row that failed for good until the administrator
    sends it again. A failure is recorded on the row, never raised."""
    with transaction.atomic():
        row = OutboxEmail.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None or row.status != OutboxStatus.QUEUED:
            return SendResult("skipped")
        message = as_message(row)
        row.attempts += 1
        try:
            get_connection(fail_silently=False).send_messages([message])
        except Exception as error:  # any failure of the mail server or the connection to it
            now = timezone.now()
            wait = backoff(row.attempts)
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            gave_up = row.attempts >= MAX_ATTEMPTS
            row.status = OutboxStatus.FAILED if gave_up else OutboxStatus.QUEUED
            # The task retries after `wait`; the dispatcher only if that retry is lost.
            row.next_attempt_at = now + wait + DISPATCH_GRACE
            row.save()
            logger.warning("Outbox email %s not sent (attempt %s): %s", pk, row.attempts, error)
            if gave_up:
                return SendResult(OutboxStatus.FAILED)
            return SendResult(OutboxStatus.QUEUED, retry_in=wait)
        row.status = OutboxStatus.SENT
        row.sent_at = timezone.now()
        row.save()
        return SendResult(OutboxStatus.SENT)


# What emails say -------------------------------------------------------------------------------


def service_url(path: str) -> str:
    """An absolute link into the service (settings.SERVICE_URL), for an email sent outside any
    request."""
    return settings.SERVICE_URL.rstrip("/") + path


def child_in_email(child) -> str:
    """How an email points to a child: their reference and a link to their record, where access
    is checked. Never their name (the email may be read by anyone who reaches the mailbox)."""
    return f"child {child.reference} ({service_url(reverse('children:detail', args=[child.pk]))})"
