"""The view_conference rule as a filter (issue 24): lists use `may_open_conference_q` to decide
whether a row links to its conference without asking the rule once a row, so the filter must
answer as the rule does, for every role, on every conference of the URL-by-role world."""

import pytest

from conferences.models import Conference
from conferences.selectors import may_open_conference_q
from tests.core.url_access_world import ANONYMOUS, VISITORS, build_world

pytestmark = pytest.mark.django_db


def test_the_filter_answers_as_the_view_conference_rule_does():
    world = build_world()
    conferences = list(Conference.objects.order_by("pk"))
    assert conferences
    differ = []
    for visitor in VISITORS:
        if visitor == ANONYMOUS:
            continue
        user = world.user(visitor)
        by_filter = set(
            Conference.objects.filter(may_open_conference_q(user)).values_list("pk", flat=True)
        )
        by_rule = {c.pk for c in conferences if user.has_perm("conferences.view_conference", c)}
        if by_filter != by_rule:
            differ.append(f"{visitor}: filter {sorted(by_filter)}, rule {sorted(by_rule)}")
    assert not differ, "\n".join(differ)
