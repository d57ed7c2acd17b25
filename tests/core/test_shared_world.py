"""Fixtures built once per module (tests/shared_world.py, ADR 75): built once, copied for each
test, a test's changes gone before the next, and only what every test asks for shared."""

import pytest

from children.models import Child, Person
from tests.factories.children import ChildFactory, PersonFactory
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

BUILT: list[int] = []


@shareable
def amelia(db):
    child = ChildFactory(legal_forename="Amelia")
    BUILT.append(child.pk)
    return child


@shareable
def stranger(amelia):
    """Asked for by one test only: built for that test, never for the module."""
    return PersonFactory(forename="Stranger")


def test_a_test_changes_the_shared_child(amelia, _world):
    assert _world["amelia"] is amelia  # the module built it
    amelia.legal_forename = "Changed"
    amelia.save()
    assert Child.objects.get(pk=amelia.pk).legal_forename == "Changed"


def test_the_next_test_has_it_as_built_once(amelia, module_world):
    assert amelia.legal_forename == "Amelia"
    assert Child.objects.get(pk=amelia.pk).legal_forename == "Amelia"
    # The module's instance, built once for it (the last build), not one built for this test.
    assert amelia.pk == module_world["amelia"].pk == BUILT[-1]


def test_a_fixture_only_one_test_asks_for_is_built_for_it(amelia, stranger, _world):
    assert "stranger" not in _world
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_what_one_test_asked_for_is_not_there_for_another(amelia):
    assert not Person.objects.filter(forename="Stranger").exists()


def test_each_test_gets_its_own_copy(amelia, module_world):
    assert amelia is not module_world["amelia"]
    assert amelia.pk == module_world["amelia"].pk
