"""A module with a transactional test builds its fixtures for each test: a module-wide
transaction would hold what a transactional test commits and flushes (ADR 75)."""

import pytest

from children.models import Child
from tests.factories.children import ChildFactory
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@shareable
def amelia(db):
    return ChildFactory(legal_forename="Amelia")


def test_in_the_tests_own_transaction(amelia, _world):
    assert _world == {}
    assert Child.objects.filter(pk=amelia.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_commits_its_own(amelia, _world):
    assert _world == {}
    assert list(Child.objects.values_list("pk", flat=True)) == [amelia.pk]
