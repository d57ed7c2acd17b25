"""A module marked clock_at builds its shared fixtures at that moment, once (ADR 75)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories.children import ChildFactory
from tests.factories.clock import LONDON
from tests.shared_world import shareable

FRIDAY_AFTERNOON = datetime.datetime(2026, 3, 13, 16, 0, tzinfo=LONDON)

pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(FRIDAY_AFTERNOON)]


@shareable
def amelia(db):
    return ChildFactory(legal_forename="Amelia")


def test_the_module_builds_once_at_its_moment(amelia, module_world):
    assert amelia.pk == module_world["amelia"].pk
    assert timezone.localtime(amelia.created_at) == FRIDAY_AFTERNOON


def test_its_tests_run_at_that_moment(amelia):
    assert timezone.localtime() == FRIDAY_AFTERNOON
