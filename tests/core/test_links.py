"""core.links formats URLs from patterns reversed once: each must equal Django's reverse()."""

import pytest
from django.urls import reverse, set_script_prefix

from core.links import url_for, url_maker

NAMES_WITH_ONE_ID = [
    "children:detail",
    "plans:detail",
    "conferences:conference",
    "timescales:deadline-detail",
    "timescales:qan-detail",
    "coreGroups:meeting",
]


@pytest.mark.parametrize("url_name", NAMES_WITH_ONE_ID)
@pytest.mark.parametrize("pk", [1, 42, 1_000_003])
def test_a_formatted_url_is_the_reversed_one(url_name, pk):
    assert url_for(url_name, pk) == reverse(url_name, args=[pk])
    assert url_maker(url_name)(pk) == reverse(url_name, args=[pk])


def test_a_url_without_ids_is_the_reversed_one():
    assert url_for("children:search") == reverse("children:search")


def test_the_script_prefix_is_the_requests_not_the_first_callers():
    """A pattern is kept per process; the prefix a deployment mounts it under is added per call."""
    url_for("children:detail", 1)  # kept before the prefix changes
    set_script_prefix("/cp/")
    try:
        assert (
            url_for("children:detail", 7)
            == "/cp/children/7/"
            == reverse("children:detail", args=[7])
        )
        assert url_maker("children:detail")(7) == "/cp/children/7/"
    finally:
        set_script_prefix("/")


def test_an_id_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ValueError):
        url_for("children:detail", "7/../../admin")
