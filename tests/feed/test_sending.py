"""The daily send (ADR 67) to a stub of the DfE CSC API on loopback: the request, its
credentials and the recorded answer; a refusal recorded, retried and left to send again; off
unless configured."""

import datetime
import json
import socket
import urllib.parse

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from feed import services
from feed.changes import Outgoing, next_send
from feed.models import FeedChild, FeedSend, FeedSendStatus
from feed.schema import payload_errors
from feed.tasks import FEED_MAX_RETRIES, send_daily_feed

from .conftest import SUBSCRIPTION_KEY, TOKEN

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_daily_task_sends_every_record_with_the_credentials_and_records_the_answer(
    held, feed_on
):
    assert send_daily_feed.apply().get() == FeedSendStatus.SENT

    [token_request] = feed_on.token_requests
    form = urllib.parse.parse_qs(token_request["body"])
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": ["client-id"],
        "client_secret": ["client-secret"],
        "scope": ["api://dfe-csc/.default"],
    }
    [request] = feed_on.requests
    assert request["path"] == "/api/children_social_care_data/201/children"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Ocp-Apim-Subscription-Key"] == SUBSCRIPTION_KEY
    assert request["headers"]["Content-Type"] == "application/json"
    assert payload_errors(request["body"]) == []
    assert sorted(item["la_child_id"] for item in request["body"]) == sorted(
        record.la_child_id for record in [part.current for part in next_send("full").outgoing]
    )

    send = FeedSend.objects.get()
    assert (send.status, send.status_code, send.records_sent, send.records_pending) == (
        FeedSendStatus.SENT,
        200,
        4,
        0,
    )
    receipt = json.loads(send.response_excerpt)
    assert len(receipt) == 36  # the Department's receipt, a UUID
    assert send.posts == [{"records": 4, "status_code": 200, "body": send.response_excerpt}]
    assert send.endpoint.endswith("/api/children_social_care_data/201/children")
    assert FeedChild.objects.filter(last_send=send).count() == 4


def test_the_next_days_send_carries_only_what_changed(held, feed_on):
    send_daily_feed.apply()
    held["amelia"].postcode = "ZZ9 9ZZ"
    held["amelia"].save()
    send_daily_feed.apply()
    second = feed_on.requests[1]["body"]
    assert [item["la_child_id"] for item in second] == ["CH0001"]
    assert second[0]["child_details"]["postcode"] == "ZZ9 9ZZ"
    assert send_daily_feed.apply().get() == FeedSendStatus.NOTHING_TO_SEND
    assert len(feed_on.requests) == 2


def test_a_refused_send_is_recorded_retried_and_its_records_stay_pending(held, feed_on):
    feed_on.answers = [500] * (FEED_MAX_RETRIES + 1)
    result = send_daily_feed.apply()
    assert result.failed()
    sends = list(FeedSend.objects.order_by("attempt"))
    assert [send.attempt for send in sends] == list(range(FEED_MAX_RETRIES + 1))
    for send in sends:
        assert (send.status, send.status_code, send.records_sent, send.records_pending) == (
            FeedSendStatus.FAILED,
            500,
            0,
            4,
        )
        assert "went wrong at the Department" in send.response_excerpt
        assert send.error == "The Department answered 500 to 4 records."
    assert not FeedChild.objects.exists()
    assert len(next_send().outgoing) == 4  # still to send, tomorrow if not before


def test_a_retry_after_a_refusal_sends_what_is_still_pending(held, feed_on):
    feed_on.answers = [503]
    assert send_daily_feed.apply().get() == FeedSendStatus.SENT
    failed, sent = FeedSend.objects.order_by("attempt")
    assert (failed.status, failed.status_code) == (FeedSendStatus.FAILED, 503)
    assert (sent.status, sent.attempt, sent.records_sent) == (FeedSendStatus.SENT, 1, 4)
    assert len(feed_on.requests) == 2 and feed_on.requests[0] == feed_on.requests[1] | {
        "headers": feed_on.requests[0]["headers"]
    }
    assert FeedChild.objects.count() == 4


def test_an_accepted_batch_is_not_sent_again_when_a_later_one_fails(held, feed_on, monkeypatch):
    monkeypatch.setattr(services, "MAX_ITEMS_PER_REQUEST", 2)
    feed_on.answers = [200, 500]
    with pytest.raises(services.FeedSendFailed):
        services.send_feed()
    send = FeedSend.objects.get()
    assert (send.records_sent, send.records_pending, send.status) == (2, 2, FeedSendStatus.FAILED)
    assert [post["status_code"] for post in send.posts] == [200, 500]
    assert FeedChild.objects.count() == 2
    assert len(next_send().outgoing) == 2


def test_an_unreachable_endpoint_is_recorded(held, feed_on, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.DFE_FEED_URL = f"http://127.0.0.1:{port}/api"
    settings.DFE_FEED_TOKEN_URL = ""
    with pytest.raises(services.FeedSendFailed):
        services.send_feed()
    send = FeedSend.objects.get()
    assert send.status == FeedSendStatus.FAILED and "Could not reach" in send.error


def test_records_only_travel_over_https(held, feed_on, settings):
    settings.DFE_FEED_URL = "http://dfe.example.org/api"
    settings.DFE_FEED_TOKEN_URL = ""
    with pytest.raises(services.FeedSendFailed):
        services.send_feed()
    assert "must use https" in FeedSend.objects.get().error
    assert feed_on.requests == []


def test_an_unexpected_error_is_recorded_so_the_retry_is_not_taken_for_a_send_under_way(
    held, feed_on, monkeypatch
):
    def broken(*args):
        raise ConnectionError("database restarting")

    monkeypatch.setattr(services, "next_send", broken)
    with pytest.raises(ConnectionError):
        services.send_feed()
    failed = FeedSend.objects.get()
    assert failed.status == FeedSendStatus.FAILED and "database restarting" in failed.error
    monkeypatch.undo()
    assert services.send_feed().status == FeedSendStatus.SENT


def test_a_send_under_way_makes_another_stand_down(held, feed_on):
    running = FeedSend.objects.create(started_at=timezone.now(), status=FeedSendStatus.SENDING)
    assert services.send_feed() == running
    assert FeedSend.objects.count() == 1 and feed_on.requests == []


def test_the_feed_is_off_unless_configured(held, stub_dfe, settings):
    settings.DFE_FEED_URL = ""
    assert send_daily_feed.apply().get() == "off"
    assert not FeedSend.objects.exists() and stub_dfe.requests == []


def test_beat_sends_it_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-dfe-feed"]
    assert entry["task"] == send_daily_feed.name == "feed.tasks.send_daily_feed"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {15}


def test_retries_back_off_to_at_most_six_hours():
    assert [services.retry_delay(n) for n in range(8)] == [
        300,
        600,
        1200,
        2400,
        4800,
        9600,
        19200,
        21600,
    ]


def test_requests_hold_at_most_100_records_and_keep_a_childs_items_together():
    parts = [Outgoing(n, [{"la_child_id": f"C{n}"}], None) for n in range(99)]
    parts.append(
        Outgoing(99, [{"la_child_id": "old", "purge": True}, {"la_child_id": "new"}], None)
    )
    parts += [Outgoing(n, [{"la_child_id": f"C{n}"}], None) for n in range(100, 150)]
    groups = services.batches(parts)
    assert [sum(len(part.items) for part in group) for group in groups] == [99, 52]


def test_the_command_writes_the_records_without_sending(held, tmp_path, stub_dfe):
    output = tmp_path / "feed.json"
    call_command("dfe_feed", "--full", "--output", str(output))
    items = json.loads(output.read_text())
    assert len(items) == 4 and payload_errors(items) == []
    assert not FeedSend.objects.exists() and stub_dfe.requests == []


def test_the_command_sends_now_or_says_the_feed_is_off(held, feed_on, settings, capsys):
    call_command("dfe_feed", "--send")
    assert "Sent: 4 records (0 purges), 0 held back." in capsys.readouterr().out
    settings.DFE_FEED_URL = ""
    with pytest.raises(CommandError, match="The feed is off"):
        call_command("dfe_feed", "--send")
