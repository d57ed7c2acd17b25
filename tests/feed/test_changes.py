"""What the next send carries (ADR 67): new and changed records, purges of what went, and a
record breaking the schema held back. States are written as a send would write them."""

import datetime

import pytest
from django.utils import timezone

from feed.changes import next_send
from feed.models import FeedChild, FeedMode, FeedSend, FeedSendStatus
from feed.schema import payload_errors
from feed.services import _remember
from plans.models import PlanEndReason, PlanStatus
from tests.factories.census import held_conference_on, plan_on
from tests.factories.children import ChildFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _accepted(plan):
    """As if the Department accepted everything in `plan`."""
    send = FeedSend.objects.create(started_at=timezone.now(), status=FeedSendStatus.SENT)
    _remember(plan.outgoing, send, timezone.now())


def _items(plan):
    return [item for part in plan.outgoing for item in part.items]


def test_the_first_send_carries_every_record_and_then_nothing_until_something_changes(held):
    first = next_send()
    assert {item["la_child_id"] for item in _items(first)} == {
        "CH0001",
        "CH0002",
        f"C{held['dev'].pk:07d}",
        "CH0004",
    }
    assert len(first.outgoing) == 4 and first.held_back == []
    assert payload_errors(_items(first)) == []
    _accepted(first)
    assert FeedChild.objects.count() == 4

    assert next_send().outgoing == []
    assert len(next_send(FeedMode.FULL).outgoing) == 4  # the full snapshot still holds all

    held["ben"].legal_surname = "Smyth"
    held["ben"].save()
    [changed] = next_send().outgoing
    assert changed.items[0]["child_details"]["surname"] == "Smyth"


def test_an_item_gone_since_the_last_send_is_purged_inside_the_episode(held):
    _accepted(next_send())
    plan = held["amelias_plan"]  # found not to be needed after all: not a plan in the returns
    plan.status, plan.end_reason, plan.ended_on = (
        PlanStatus.ENDED,
        PlanEndReason.NO_PLAN_NEEDED,
        D(2026, 3, 5),
    )
    plan.save()
    amelia = held["amelia"]
    [part] = next_send().outgoing
    assert part.purges == 1
    [record] = part.items
    assert record["la_child_id"] == "CH0001"
    assert record["social_care_episodes"][0]["child_protection_plans"] == [
        {"child_protection_plan_id": f"CPP-{plan.pk}", "purge": True}
    ]
    assert payload_errors(part.items) == []
    _accepted(next_send())
    assert next_send().outgoing == []
    assert FeedChild.objects.get(child=amelia).sent_ids["child_protection_plan"] == []


def test_a_child_who_left_the_feed_is_purged_whole_once(held, chair):
    child = ChildFactory(local_child_id="CH0009")
    conference = held_conference_on(child=child, on=D(2026, 2, 2), chair=chair)
    plan = plan_on(child=child, conference=conference)
    _accepted(next_send())
    plan.status, plan.end_reason = PlanStatus.ENDED, PlanEndReason.NO_PLAN_NEEDED
    plan.ended_on = D(2026, 2, 3)
    plan.save()
    [part] = next_send().outgoing
    assert part.items == [{"la_child_id": "CH0009", "purge": True}] and part.current is None
    _accepted(next_send())
    assert FeedChild.objects.get(child=child).purged
    assert next_send().outgoing == []


def test_a_changed_child_id_purges_the_old_id_and_sends_the_new_in_one_request(held):
    _accepted(next_send())
    held["ben"].local_child_id = "CH0202"
    held["ben"].save()
    [part] = next_send().outgoing
    assert [item["la_child_id"] for item in part.items] == ["CH0002", "CH0202"]
    assert part.items[0] == {"la_child_id": "CH0002", "purge": True}
    _accepted(next_send())
    assert FeedChild.objects.get(child=held["ben"]).la_child_id == "CH0202"


def test_a_record_breaking_the_schema_is_held_back_with_the_reason(held):
    held["ben"].local_child_id = "CH-0002"  # the DfE's child IDs are letters and digits only
    held["ben"].save()
    plan = next_send()
    assert [entry["la_child_id"] for entry in plan.held_back] == ["CH-0002"]
    assert "does not match" in plan.held_back[0]["errors"][0]
    assert "CH-0002" not in [item["la_child_id"] for item in _items(plan)]


def test_working_out_the_next_send_takes_a_fixed_number_of_queries(
    held, django_assert_max_num_queries
):
    _accepted(next_send())
    held["ben"].legal_surname = "Smyth"
    held["ben"].save()
    with django_assert_max_num_queries(13):
        next_send()
