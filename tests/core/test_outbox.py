"""Issue 20 item 2: the outbox. An email is written in the action's transaction (a rolled-back
action leaves none), sent by the worker with retries, never twice, with its attachments as the
action built them; a broker that is down at commit does not fail the request, and the beat task
sends what it missed; the administrator sees failures and sends them again."""

import datetime
from email.mime.text import MIMEText

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxAttachment, OutboxEmail, OutboxStatus
from core.tasks import dispatch_outbox, send_outbox_email
from tests.core.outbox_faults import broker_down
from tests.core.smtp_sink import free_port
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def message(subject="Minutes", body="The minutes are attached.", to="pat@example.org"):
    return EmailMessage(subject, body, "conferences@example.gov.uk", [to])


def test_a_rolled_back_action_leaves_no_email():
    class ActionRefused(Exception):
        pass

    with pytest.raises(ActionRefused), transaction.atomic():
        outbox.queue_email(message(), kind="test")
        raise ActionRefused
    assert not OutboxEmail.objects.exists()


def test_a_rolled_back_qan_leaves_no_email(coordinator, service_manager):
    """Through a real action: a QAN raised in a transaction that then fails."""
    from timescales import services as timescale_services
    from timescales.models import QanKind

    with pytest.raises(RuntimeError), transaction.atomic():
        timescale_services.raise_qan(
            kind=QanKind.POSTPONED,
            description="Postponed.",
            responsible=coordinator,
            addressed_to=service_manager,
        )
        assert OutboxEmail.objects.filter(kind="qan").count() == 1
        raise RuntimeError("the rest of the action failed")
    assert not OutboxEmail.objects.exists()


def test_an_email_is_queued_only_inside_a_transaction(transactional_db):
    with pytest.raises(outbox.OutboxError):
        outbox.queue_email(message(), kind="test")


def test_the_email_is_sent_after_the_commit_exactly_as_written(
    django_capture_on_commit_callbacks,
):
    email = EmailMultiAlternatives(
        "Invitation",
        "Plain text",
        "conferences@example.gov.uk",
        ["pat@example.org"],
        cc=["cc@example.org"],
        bcc=["bcc@example.org"],
        reply_to=["reply@example.org"],
        headers={"X-Reference": "CPC-00001"},
    )
    email.attach_alternative("<p>HTML</p>", "text/html")
    email.attach("minutes-1.pdf", b"%PDF-1.7 binary \x00\xff", "application/pdf")
    calendar = MIMEText("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar", "utf-8")
    calendar.set_param("method", "REQUEST")
    calendar.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    email.attach(calendar)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.queue_email(email, kind="invitation")
        assert not mail.outbox  # nothing leaves before the commit
    assert OutboxAttachment.objects.filter(email=row).count() == 2
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.sent_at == timezone.now()
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        "Invitation",
        "Plain text",
        ["pat@example.org"],
        ["cc@example.org"],
        ["bcc@example.org"],
        ["reply@example.org"],
    )
    assert sent.extra_headers["X-Reference"] == "CPC-00001"
    assert sent.alternatives[0][0] == "<p>HTML</p>"
    pdf, ics = sent.attachments
    assert tuple(pdf) == ("minutes-1.pdf", b"%PDF-1.7 binary \x00\xff", "application/pdf")
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST" and ics.get_filename() == "invitation.ics"
    assert "BEGIN:VCALENDAR" in ics.get_payload(decode=True).decode()
    assert 'method="REQUEST"' in sent.message().as_string()


def test_a_row_is_sent_once_however_often_its_task_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.queue_email(message(), kind="test")
    assert outbox.send_queued(row.pk).status == "skipped"
    send_outbox_email.apply(args=[row.pk])
    assert len(mail.outbox) == 1


def test_the_task_retries_with_back_off_while_the_mail_server_is_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with transaction.atomic():
        row = outbox.queue_email(message(), kind="test")
    with pytest.raises(Retry):
        send_outbox_email(row.pk)  # as the worker runs it: not eager
    row.refresh_from_db()
    assert row.status == OutboxStatus.QUEUED and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at == (timezone.now() + outbox.backoff(1) + outbox.DISPATCH_GRACE)


def test_a_row_the_worker_lost_is_sent_by_the_dispatcher(clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        row = outbox.queue_email(message(), kind="test")  # the hand-over is lost
    assert dispatch_outbox.apply().get() == 0  # not yet: it may still be in the queue
    clock.shift(outbox.DISPATCH_GRACE + datetime.timedelta(seconds=1))
    assert dispatch_outbox.apply().get() == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and len(mail.outbox) == 1
    assert dispatch_outbox.apply().get() == 0


@pytest.mark.outbox_via_broker
def test_with_the_broker_down_the_commit_succeeds_and_the_dispatcher_sends_later(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    with broker_down():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            row = outbox.queue_email(message(), kind="test")
        row.refresh_from_db()
        assert row.status == OutboxStatus.QUEUED and row.attempts == 0
        assert not mail.outbox
    # The broker is back; the worker (here, in this process) takes what the dispatcher queues.
    monkeypatch.setattr("core.outbox._publish", lambda pk: send_outbox_email.apply(args=[pk]))
    clock.shift(outbox.DISPATCH_GRACE + datetime.timedelta(seconds=1))
    assert outbox.dispatch_due() == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and len(mail.outbox) == 1


def test_the_administrator_sees_failures_and_sends_them_again(
    client, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    with transaction.atomic():
        row = outbox.queue_email(message(subject="Failed one"), kind="test")
    OutboxEmail.objects.filter(pk=row.pk).update(
        status=OutboxStatus.FAILED, attempts=outbox.MAX_ATTEMPTS, last_error="SMTPException: no"
    )
    client.force_login(admin)
    page = client.get("/admin/core/outboxemail/?status__exact=failed").content.decode()
    assert "Failed one" in page and "SMTPException: no" in page
    assert "Send again now" in page and "delete_selected" not in page
    detail = client.get(f"/admin/core/outboxemail/{row.pk}/change/").content.decode()
    assert 'name="_save"' not in detail  # read-only
    assert client.get(f"/admin/core/outboxemail/{row.pk}/delete/").status_code == 403
    assert client.get("/admin/core/outboxemail/add/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/outboxemail/",
            {"action": "send_again_now", "_selected_action": [row.pk]},
        )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and [m.subject for m in mail.outbox] == ["Failed one"]
    assert row.history.filter(history_user=admin).exists()
