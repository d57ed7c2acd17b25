"""The demo authority's feed (`seed_demo`): a record for every child the census holds and more
(Child in Need plans, looked-after periods), every one passing the published schema (the demo's
child IDs are letters and digits, as DfE rule 1580 and the schema's la_child_id ask)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, RoleCode
from feed.records import build_records
from feed.schema import record_errors
from returns.census import build_census
from tests.reference_data import ensure_reference_data

pytestmark = pytest.mark.django_db


def test_every_record_of_the_demo_feed_passes_the_schema():
    ensure_reference_data()
    for code, name in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": name})
    call_command("seed_demo", stdout=io.StringIO())

    records = build_records()
    census_ids = {child.child_id for child in build_census(timezone.localdate()).children}
    assert records and census_ids <= {record.child_id for record in records}
    assert {record.child_id: record_errors(record.record) for record in records} == {
        record.child_id: [] for record in records
    }
