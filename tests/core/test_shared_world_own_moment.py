"""A module with a test at a moment of its own builds for each test, at the test's moment
(ADR 75)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.children import ChildFactory
from tests.factories.clock import LONDON, PINNED
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

DAY_BEFORE_GOOD_FRIDAY = datetime.datetime(2026, 4, 2, 23, 55, tzinfo=LONDON)


@shareable
def amelia(db):
    return ChildFactory(legal_forename="Amelia")


def test_at_the_pinned_moment(amelia, _world):
    assert _world == {}
    assert timezone.localtime(amelia.created_at) == PINNED


@pytest.mark.clock_at(DAY_BEFORE_GOOD_FRIDAY)
def test_at_its_own_moment(amelia, _world):
    assert _world == {}
    assert timezone.localtime(amelia.created_at) == DAY_BEFORE_GOOD_FRIDAY
