"""Issue 20 item 2: the mail server is down when a conference is postponed. The coordinator sees
the postponement succeed, the postponement and its QAN are saved, the email waits in the outbox
with the error; when the mail server is back, the retry sends it. The email names no child."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from conferences.models import ConferenceStatus, PostponementCause
from core import outbox
from core.models import OutboxEmail, OutboxStatus
from core.tasks import dispatch_outbox
from tests.auth import login
from tests.core.smtp_sink import SmtpSink, free_port
from tests.factories.conferences import booked_conference, send_request
from tests.shared_world import shareable
from timescales.models import QanKind, QualityAssuranceNotification

pytestmark = pytest.mark.django_db
WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@shareable
def conference(worker, enquiries, coordinator, chair):
    request = send_request(by=worker, enquiries=enquiries)
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


@pytest.fixture
def mail_server_port(settings):
    """The service's mail server: SMTP on a loopback port where nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_TIMEOUT = 5
    return port


def postpone_through_the_page(client, conference, coordinator, service_manager, capture):
    login(client, coordinator)
    with capture(execute=True):
        return client.post(
            f"/conferences/{conference.pk}/postpone/",
            {
                "reason": "The social worker is ill.",
                "agreed_by": str(service_manager.pk),
                "chair_agreed": "on",
                "caused_by": PostponementCause.SOCIAL_WORK,
            },
        )


def test_with_the_mail_server_down_the_postponement_succeeds_and_the_email_is_sent_later(
    client,
    conference,
    coordinator,
    service_manager,
    household,
    mail_server_port,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(WEDNESDAY, tick=False) as clock:
        response = postpone_through_the_page(
            client, conference, coordinator, service_manager, django_capture_on_commit_callbacks
        )
        assert response.status_code == 302
        conference.refresh_from_db()
        assert conference.status == ConferenceStatus.POSTPONED
        qan = QualityAssuranceNotification.objects.get(kind=QanKind.POSTPONED)
        row = OutboxEmail.objects.get(kind="qan")
        assert row.status == OutboxStatus.QUEUED and row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at > WEDNESDAY
        assert qan.reference in row.subject

        with SmtpSink(mail_server_port) as sink:
            # Nothing is due yet: the back-off holds it.
            assert dispatch_outbox.apply().get() == 0
            clock.move_to(row.next_attempt_at + datetime.timedelta(seconds=1))
            assert dispatch_outbox.apply().get() == 1
        row.refresh_from_db()
        assert row.status == OutboxStatus.SENT and row.attempts == 2
        assert len(sink.messages) == 1
        sent = sink.messages[0]
        assert sent["Subject"] == row.subject
        text = sent.get_content()
        for child in (household["amelia"], household["noah"]):
            assert child.legal_name not in text and child.legal_name not in sent["Subject"]
        assert f"/timescales/qans/{qan.pk}/" in text
        assert not mail.outbox  # through the real SMTP connection, not the test backend


def test_a_send_retries_with_back_off_and_gives_up_after_the_limit(
    conference, coordinator, mail_server_port
):
    from django.core.mail import EmailMessage
    from django.db import transaction

    with transaction.atomic():
        row = outbox.queue_email(
            EmailMessage("Hello", "Body", "a@example.gov.uk", ["b@example.gov.uk"]), kind="test"
        )
    waits = []
    for _ in range(outbox.MAX_ATTEMPTS):
        result = outbox.send_queued(row.pk)
        waits.append(result.retry_in)
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == outbox.MAX_ATTEMPTS
    assert waits[:3] == [datetime.timedelta(minutes=m) for m in (1, 2, 4)]
    assert waits[-1] is None  # gave up: the administrator sends it again
    assert outbox.send_queued(row.pk).status == "skipped"
    row.refresh_from_db()
    assert row.attempts == outbox.MAX_ATTEMPTS  # a failed row is not tried until sent again
