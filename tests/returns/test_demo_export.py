"""The demo authority's census (`seed_demo`) is schema-valid and breaks no DfE error rule: neither
the project's own checks nor the independent DfE-rules validator find one (issue 23 item 3)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, RoleCode
from children.demo import DEMO_ID_PREFIX
from children.models import Child
from returns.census import build_census
from returns.validation import validate_census
from returns.xml import census_xml, schema_errors
from tests.reference_data import ensure_reference_data

from .dfe_validator import independent_errors

pytestmark = pytest.mark.django_db


def _next_31_march(today: datetime.date) -> datetime.date:
    march = datetime.date(today.year, 3, 31)
    return march if today <= march else datetime.date(today.year + 1, 3, 31)


def test_the_demo_census_is_schema_valid_and_passes_the_dfe_rules(tmp_path):
    ensure_reference_data()
    for code, name in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": name})
    call_command("seed_demo", stdout=io.StringIO())
    demo = Child.objects.filter(local_child_id__startswith=DEMO_ID_PREFIX)
    assert demo.exists()
    assert not demo.filter(cin_referral_date__isnull=True).exists()

    reference_date = _next_31_march(timezone.localdate())
    census = build_census(reference_date)
    assert census.children
    assert census.notes == []
    assert schema_errors(census_xml(census)) == []
    assert validate_census(census) == []

    output = tmp_path / "demo.xml"
    call_command(
        "export_cin_census",
        "--reference-date",
        reference_date.isoformat(),
        "--output",
        str(output),
        "--strict",
        stdout=io.StringIO(),
    )
    assert schema_errors(output.read_bytes()) == []
    # Every child ID is letters and digits (rule 1580), and the independent validator agrees.
    assert all(child.la_child_id.isalnum() for child in census.children)
    assert independent_errors(output.read_bytes(), reference_date) == {}
