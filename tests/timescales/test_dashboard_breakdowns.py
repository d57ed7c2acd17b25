"""The dashboard's overdue and due-soon deadlines by team, person responsible, chair and agency
(ADR 30): the grouping, the CSV of each table, and a query count that is the same with 10 and
with 10,000 children."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleCode, Team
from children.models import Child
from tests.auth import login
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import bulk_children
from tests.factories.timescales import bulk_deadlines, open_deadline_due
from timescales.breakdowns import BREAKDOWNS
from timescales.models import RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client, make_user):
    login(client, make_user(RoleCode.QA_MANAGER))
    council = AgencyFactory(name="County Council")
    north = TeamFactory(name="North", agency=council)
    south = TeamFactory(name="South", agency=council)
    nia = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=north, full_name="Nia North")
    # Two different people with the same name stay two rows.
    sol = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=south, full_name="Sam Same")
    sam = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=south, full_name="Sam Same")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Chris Chair")
    health = AgencyFactory(name="Community Health")
    open_deadline_due(-2, rule=RuleCode.ICPC_DUE, responsible=nia, chair=chair)
    open_deadline_due(-1, rule=RuleCode.CG_FIRST, responsible=nia)
    open_deadline_due(3, rule=RuleCode.CG_FIRST, responsible=sol)
    open_deadline_due(2, rule=RuleCode.VISIT, responsible=sam, agency=health)
    open_deadline_due(30, rule=RuleCode.CG_FIRST, responsible=sam)  # not due soon: left out
    return client


def breakdowns(client, **query):
    response = client.get(reverse("timescales:dashboard"), query)
    assert response.status_code == 200
    return {
        b.slug: [(row.name, row.overdue, row.due_soon) for row in b.rows]
        for b in response.context["board"].breakdowns
    }


def test_overdue_and_due_soon_by_team_person_chair_and_agency(board):
    found = breakdowns(board)
    assert found["team"] == [("North", 2, 0), ("South", 0, 2)]
    assert found["worker"] == [("Nia North", 2, 0), ("Sam Same", 0, 1), ("Sam Same", 0, 1)]
    assert found["chair"] == [("No chair", 1, 2), ("Chris Chair", 1, 0)]
    # The agency named on the deadline first, else the team's agency.
    assert found["agency"] == [("County Council", 2, 1), ("Community Health", 0, 1)]


def test_the_breakdowns_follow_the_dashboard_filters(board):
    north = Team.objects.get(name="North", is_active=True)
    assert breakdowns(board, team=north.pk)["team"] == [("North", 2, 0)]
    assert breakdowns(board, rule=RuleCode.VISIT)["worker"] == [("Sam Same", 0, 1)]


def test_the_page_shows_the_ten_most_overdue_of_each_breakdown_and_the_csv_has_them_all(
    client, make_user
):
    """A regional deployment has a thousand people with something overdue: the page shows
    where it gathers, the spreadsheet has every row."""
    login(client, make_user(RoleCode.QA_MANAGER))
    team = TeamFactory(name="Everyone")
    for number in range(12):
        worker = UserFactory(
            roles=[RoleCode.SOCIAL_WORKER], team=team, full_name=f"Worker {number:02}"
        )
        for _ in range(number + 1):
            open_deadline_due(-1, rule=RuleCode.VISIT, responsible=worker)
    response = client.get(reverse("timescales:dashboard"))
    by_worker = {b.slug: b for b in response.context["board"].breakdowns}["worker"]
    assert [row.name for row in by_worker.top] == [f"Worker {n:02}" for n in range(11, 1, -1)]
    content = response.content.decode()
    table = content.split('id="by-worker"', 1)[1].split("</table>", 1)[0]
    assert "Worker 02" in table and "Worker 01" not in table and "Worker 00" not in table
    assert "2 more have deadlines overdue or due soon and are in the spreadsheet" in content
    assert "Download all 12 rows of this table" in content
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("timescales:breakdown-csv", args=["worker"])).content.decode()
            )
        )
    )
    assert len(rows) == 13


def test_ties_at_the_tenth_row_are_decided_by_name_as_in_the_spreadsheet(client, make_user):
    """The page names only the people who can be among its ten (issue 25): when the tenth
    place is a tie, everyone tied is named and the names decide, as in the spreadsheet."""
    login(client, make_user(RoleCode.QA_MANAGER))
    team = TeamFactory(name="Everyone")
    leader = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, full_name="Zed Most")
    open_deadline_due(-1, rule=RuleCode.VISIT, responsible=leader)
    open_deadline_due(-2, rule=RuleCode.CG_FIRST, responsible=leader)
    for letter in "MLKJIHGFEDCBA":  # made in reverse order of their names
        worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, full_name=f"{letter} Tied")
        open_deadline_due(-1, rule=RuleCode.VISIT, responsible=worker)
    response = client.get(reverse("timescales:dashboard"))
    by_worker = {b.slug: b for b in response.context["board"].breakdowns}["worker"]
    assert [row.name for row in by_worker.top] == ["Zed Most", *(f"{c} Tied" for c in "ABCDEFGHI")]
    assert by_worker.more == 4 and by_worker.count == 14
    spreadsheet = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("timescales:breakdown-csv", args=["worker"])).content.decode()
            )
        )
    )
    assert [row[0].lstrip("\ufeff") for row in spreadsheet[1:11]] == [
        row.name for row in by_worker.top
    ]


@pytest.mark.parametrize("slug", list(BREAKDOWNS))
def test_each_breakdown_downloads_as_csv(board, slug):
    response = board.get(reverse("timescales:breakdown-csv", args=[slug]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1:] == ["Overdue", "Due in the next 5 working days"]
    expected = breakdowns(board)[slug]
    assert rows[1:] == [[name, str(overdue), str(soon)] for name, overdue, soon in expected]


def test_an_unknown_breakdown_is_not_found(board):
    assert board.get(reverse("timescales:breakdown-csv", args=["nonsense"])).status_code == 404


def test_only_managers_download_a_breakdown(client, social_worker):
    login(client, social_worker)
    assert client.get(reverse("timescales:breakdown-csv", args=["team"])).status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("timescales:dashboard"))
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_reads_the_same_queries_for_10_and_10000_children(client, make_user):
    login(client, make_user(RoleCode.QA_MANAGER))
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team)
    bulk_children(10)
    for child in Child.objects.all():
        bulk_deadlines(1, child=child, responsible=worker, team=team)
    client.get(reverse("timescales:dashboard"))  # warm the per-process caches
    small = _queries(client)
    made = bulk_children(10_000 - Child.objects.count())
    bulk_deadlines(2000, child=made[0], responsible=worker, team=team)
    for _ in range(20):  # more people, teams and chairs to group by
        bulk_deadlines(
            5,
            responsible=UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory()),
            chair=UserFactory(roles=[RoleCode.CHAIR]),
        )
    assert Child.objects.count() == 10_000
    assert _queries(client) == small
