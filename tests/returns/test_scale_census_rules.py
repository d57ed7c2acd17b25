"""A census of `seed_scale` data breaks no DfE error rule (issue 23 item 3): every referral that
led to further action has its primary need (rule 8610), every child ID is letters and digits
(1580), and the project's own checks and the independent DfE-rules validator both find nothing."""

import datetime
import io

import pytest
from django.core.management import call_command

from returns.census import build_census
from returns.validation import validate_census
from returns.xml import census_xml, schema_errors
from tests.reference_data import ensure_reference_data

from .dfe_validator import independent_errors

pytestmark = pytest.mark.django_db
REFERENCE_DATE = datetime.date(2026, 3, 31)


def test_a_seed_scale_census_passes_the_dfe_rules():
    ensure_reference_data()
    call_command("seed_scale", children=60, seed=7, stdout=io.StringIO())
    census = build_census(REFERENCE_DATE)
    assert len(census.children) >= 5
    assert census.notes == []
    assert all(child.cin.primary_need for child in census.children)
    assert validate_census(census) == []
    document = census_xml(census)
    assert schema_errors(document) == []
    assert independent_errors(document, REFERENCE_DATE) == {}
