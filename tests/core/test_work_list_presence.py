"""Work lists that are empty for most people most days cost one query between them (ADR 81):
work_lists_for asks their conditions (rows_when) together and builds the empty ones without
reading. Whether a marked list still shows its rows is checked where each list is tested, through
work_lists_for or the home page (early reviews, contextual conferences, minutes, mid-way reviews)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RoleCode, User
from core.presence import rows_for_user
from core.worklists import ROLE_WORKLISTS, work_lists_for
from tests.factories.accounts import UserFactory
from tests.factories.clock import PINNED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [RoleCode.SOCIAL_WORKER, RoleCode.CHAIR])
def test_the_lists_with_nothing_in_them_are_the_same_and_cost_one_query_between_them(role):
    user = UserFactory(roles=[role])
    builds = ROLE_WORKLISTS[role]
    marked = [build for build in builds if hasattr(build, "rows_when")]
    assert len(marked) >= 2
    assert rows_for_user({build: build.rows_when for build in marked}, user.pk) == dict.fromkeys(
        marked, False
    )
    # Each pass with its own instance of the user: some lists keep what they read on it. The
    # first warms the per-process caches (content types).
    warm, first, second = (User.objects.get(pk=user.pk) for _ in range(3))
    [build(warm, PINNED) for build in builds]
    first.role_codes, second.role_codes  # noqa: B018  (read once, as a request's user has them)
    with CaptureQueriesContext(connection) as reading_each:
        read = [build(first, PINNED) for build in builds]
    with CaptureQueriesContext(connection) as asking_once:
        built = work_lists_for(second, role, now=PINNED)
    assert built == read
    assert all(not work_list.items for work_list in built if work_list.slug)
    assert len(asking_once) == len(reading_each) - len(marked) + 1


def test_a_condition_names_the_user_only_as_a_parameter():
    user = UserFactory(roles=[RoleCode.CHAIR])
    marked = {
        build: build.rows_when
        for build in ROLE_WORKLISTS[RoleCode.CHAIR]
        if hasattr(build, "rows_when")
    }
    with CaptureQueriesContext(connection) as queries:
        rows_for_user(marked, user.pk)
    (probe,) = queries.captured_queries
    assert "{user}" not in probe["sql"] and "{" not in probe["sql"]
