"""The dashboard's numbers from one grouped scan and names looked up by id (issue 25): a closed
team and a person's own agency are still named, "All open" counts every live deadline, and the
filter's drop-downs (core.forms.SelectWidget) write the same HTML as Django's Select."""

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import RoleCode
from core.forms import SelectWidget
from tests.auth import login
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.timescales import open_deadline_due
from timescales.models import RuleCode

URL = reverse("timescales:dashboard")


@pytest.fixture
def signed_in(client, make_user):
    return login(client, make_user(RoleCode.QA_MANAGER))


def _rows(response, slug):
    breakdown = next(b for b in response.context["board"].breakdowns if b.slug == slug)
    return [(row.name, row.overdue, row.due_soon) for row in breakdown.rows]


@pytest.mark.django_db
def test_a_closed_team_and_a_persons_own_agency_are_still_named(signed_in):
    closed = TeamFactory(name="Closed Team", is_active=False)
    school = AgencyFactory(name="Hill School")
    teacher = UserFactory(full_name="Tess Teacher", agency=school)
    open_deadline_due(-1, rule=RuleCode.CG_FIRST, team=closed)
    open_deadline_due(2, rule=RuleCode.VISIT, responsible=teacher)
    response = signed_in.get(URL)
    assert ("Closed Team", 1, 0) in _rows(response, "team")
    assert ("Tess Teacher", 0, 1) in _rows(response, "worker")
    assert ("Hill School", 0, 1) in _rows(response, "agency")
    # The filter offers only the active teams.
    assert "Closed Team" not in str(response.context["form"]["team"])


@pytest.mark.django_db
def test_all_open_counts_every_live_deadline_and_the_timescales_only_what_is_pressing(signed_in):
    open_deadline_due(-1, rule=RuleCode.CG_FIRST)
    open_deadline_due(2, rule=RuleCode.VISIT)
    open_deadline_due(30, rule=RuleCode.VISIT)
    response = signed_in.get(URL, {"show": "all"})
    board = response.context["board"]
    assert board.page.paginator.count == 3
    assert (board.total_overdue, board.total_due_soon) == (1, 1)
    assert sorted((c.rule, c.overdue, c.due_soon) for c in board.counts) == [
        (RuleCode.CG_FIRST, 1, 0),
        (RuleCode.VISIT, 0, 1),
    ]
    # The one not yet pressing is in no breakdown.
    assert _rows(response, "team") == [("Team not recorded", 1, 1)]


CHOICES = [
    ("", "All teams"),
    (1, "North & South <Team>"),
    ("2", gettext_lazy("West")),
    (3, 'Say "three"'),
]


@pytest.mark.parametrize("value", [None, "", "1", 2, "3", "9", ["1", "3"]])
def test_the_select_widget_writes_what_djangos_select_writes(value):
    ours = SelectWidget(choices=CHOICES).render("team", value, attrs={"id": "id_team"})
    django = forms.Select(choices=CHOICES).render("team", value, attrs={"id": "id_team"})
    assert ours == django


def test_choices_in_groups_are_written_by_djangos_own_template():
    grouped = [("", "Any"), ("North", [(1, "One"), (2, "Two")])]
    ours = SelectWidget(choices=grouped).render("team", "2")
    assert ours == forms.Select(choices=grouped).render("team", "2")
    assert "<optgroup" in ours
