"""A module with an autouse fixture of its own that moves the clock builds its fixtures for each
test, at that moment (ADR 75)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories.children import ChildFactory
from tests.factories.clock import LONDON
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

FRIDAY = datetime.datetime(2026, 3, 13, 16, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _friday_afternoon():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@shareable
def amelia(db):
    return ChildFactory(legal_forename="Amelia")


def test_the_module_builds_for_each_test_at_its_moment(amelia, _world):
    assert _world == {}
    assert timezone.localtime(amelia.created_at) == FRIDAY
