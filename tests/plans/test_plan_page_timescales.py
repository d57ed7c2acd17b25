"""The plan page's timescales table (issue 25): built from rows made once in Python, it shows
exactly what the shared table (templates/timescales/includes/deadlines_table.html) shows of the
same deadlines, and the page reads them in one query."""

import re

from django.template.loader import render_to_string
from django.urls import reverse

from tests.auth import login
from timescales.models import Deadline
from timescales.selectors import deadlines_for_plan


def _table(html: str) -> str:
    match = re.search(
        r'<div class="app-table-scroll" role="region" aria-label="Deadlines".*?</div>', html, re.S
    )
    assert match, "no timescales table"
    return match.group(0)


def test_the_plan_pages_timescales_table_matches_the_shared_table(client, plan, worker):
    deadlines = list(deadlines_for_plan(plan))
    assert deadlines  # starting the plan opens its deadlines
    # One without anyone responsible, to cover "Not allocated".
    Deadline.objects.filter(pk=deadlines[0].pk).update(responsible=None)
    deadlines = list(deadlines_for_plan(plan))
    html = login(client, worker).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    shared = render_to_string("timescales/includes/deadlines_table.html", {"deadlines": deadlines})
    assert _table(html) == _table(shared)
    assert "Not allocated" in _table(html)
