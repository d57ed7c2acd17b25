"""core.presence: "are there any?" as columns of a record's own query (ADR 80)."""

import pytest

from children.models import Child, LookedAfterPeriod
from children.models.looked_after import LegalBasis
from children.presenters import CHILD_PAGE_LISTS
from core.presence import may_have, presence
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory

pytestmark = pytest.mark.django_db


def _read(child):
    return Child.objects.annotate(**presence(Child, CHILD_PAGE_LISTS)).get(pk=child.pk)


def test_each_condition_says_whether_the_record_has_rows_and_puts_no_value_in_the_sql():
    child, other = ChildFactory(), ChildFactory()
    LookedAfterPeriod.objects.create(
        child=other,
        started_on=other.date_of_birth,
        legal_basis=LegalBasis.values[0],
        recorded_by=UserFactory(),
    )
    assert not _read(child).has_looked_after_periods
    assert _read(other).has_looked_after_periods
    assert not _read(other).has_worker_changes
    for annotation in presence(Child, CHILD_PAGE_LISTS).values():
        sql, params = annotation.sql, annotation.params
        assert params == [] and '"children_child".id' in sql


def test_a_record_read_without_them_may_have_rows():
    child = ChildFactory()
    assert may_have(child, "looked_after_periods")
    assert not may_have(_read(child), "looked_after_periods")
