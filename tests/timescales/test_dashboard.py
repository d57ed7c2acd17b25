"""The managers' timescales dashboard: what it shows, its filters, sorting, counts, CSV download,
who may see it, and a query count that does not grow with the number of deadlines."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.models import NamedAccess
from core import navigation
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import (
    DeadlineFactory,
    bulk_deadlines,
    end_of,
    open_deadline_due,
    working_days_from_today,
)
from timescales import calendar, dashboard
from timescales.models import Deadline, DeadlineStatus, RuleCode
from timescales.navigation import register_navigation
from timescales.templatetags.timescales import due_of

pytestmark = pytest.mark.django_db

URL = reverse("timescales:dashboard")
CSV_URL = reverse("timescales:dashboard-csv")
MANAGER_ROLES = [
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.QA_MANAGER,
]


@pytest.fixture
def manager(make_user):
    return make_user(RoleCode.SERVICE_MANAGER)


@pytest.fixture
def signed_in(client, manager):
    return login(client, manager)


def listed(response) -> list[int]:
    return [deadline.pk for deadline in response.context["page"].object_list]


def due(days: int, **kwargs):
    """A live deadline whose due day is `days` working days from today."""
    return DeadlineFactory(due_on=working_days_from_today(days), **kwargs)


# --- The due text ---------------------------------------------------------------------------------


def test_due_text_counts_working_days_left_and_overdue():
    today = timezone.localdate()
    in_four = DeadlineFactory.build(due_on=calendar.add_working_days(today, 4))
    in_four.due_at = end_of(in_four.due_on)
    in_one = DeadlineFactory.build(due_on=calendar.add_working_days(today, 1))
    in_one.due_at = end_of(in_one.due_on)
    today_deadline = DeadlineFactory.build(due_on=today, due_at=end_of(today))
    two_ago = DeadlineFactory.build(due_on=calendar.add_working_days(today, -2))
    two_ago.due_at = end_of(two_ago.due_on)

    four = in_four.due_on
    assert due_of(in_four).text == f"due {four.day} {four:%B %Y}, 4 working days left"
    assert due_of(in_one).text.endswith(", 1 working day left")
    assert due_of(today_deadline).text == "due today"
    assert due_of(two_ago).text == "overdue by 2 working days"
    assert due_of(two_ago).overdue and not due_of(in_one).overdue


def test_a_deadline_breached_by_the_hour_is_overdue_even_on_its_due_day():
    now = timezone.now()
    deadline = DeadlineFactory.build(
        due_on=timezone.localdate(now), due_at=now - datetime.timedelta(minutes=1)
    )
    result = due_of(deadline, now=now)
    assert result.overdue
    assert result.text == "overdue, was due today"
    assert result.status_text == "Overdue"


def test_met_and_waived_deadlines_show_what_became_of_them():
    met = DeadlineFactory.build(
        status=DeadlineStatus.MET_LATE, met_at=timezone.make_aware(datetime.datetime(2026, 3, 3))
    )
    waived = DeadlineFactory.build(status=DeadlineStatus.NOT_APPLICABLE)
    assert due_of(met).text == "met late on 3 March 2026"
    assert due_of(met).status_text == "Met late" and not due_of(met).overdue
    assert due_of(waived).text == "not applicable"


def test_the_deadlines_table_include_needs_no_query_per_row(django_assert_num_queries):
    child = ChildFactory(legal_forename="Amara", legal_surname="Okafor")
    due(-2, child=child)
    due(3, child=child)
    deadlines = list(Deadline.objects.select_related("child", "responsible").order_by("due_at"))
    calendar.working_days_between(timezone.localdate(), timezone.localdate())  # warm the cache
    with django_assert_num_queries(0):
        html = render_to_string(
            "timescales/includes/deadlines_table.html", {"deadlines": deadlines}
        )
    assert "Amara Okafor" in html
    assert "Overdue by 2 working days" in html
    assert "govuk-tag--red" in html
    with django_assert_num_queries(0):
        one = render_to_string("timescales/includes/deadline_due.html", {"deadline": deadlines[1]})
    assert "3 working days left" in one and "govuk-tag" not in one


# --- What the dashboard shows -----------------------------------------------------------------------


def test_shows_overdue_and_due_soon_but_not_later_or_closed(signed_in):
    overdue = due(-2)
    soon = due(3)
    later = due(12)
    met = due(-1, status=DeadlineStatus.MET_LATE)
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert listed(response) == [overdue.pk, soon.pk]
    content = response.content.decode()
    assert "Overdue by 2 working days" in content
    assert "3 working days left" in content
    assert signed_in.get(URL, {"show": "overdue"}).context["page"].object_list[0] == overdue
    assert listed(signed_in.get(URL, {"show": "overdue"})) == [overdue.pk]
    assert listed(signed_in.get(URL, {"show": "due_soon"})) == [soon.pk]
    assert listed(signed_in.get(URL, {"show": "all"})) == [overdue.pk, soon.pk, later.pk]
    assert met.pk not in listed(signed_in.get(URL, {"show": "all"}))


def test_breached_deadlines_count_as_overdue(signed_in):
    breached = due(-1, status=DeadlineStatus.BREACHED)
    assert listed(signed_in.get(URL, {"show": "overdue"})) == [breached.pk]


def test_deadlines_made_through_the_service_appear(signed_in):
    child = ChildFactory()
    deadline = open_deadline_due(-3, child=child, responsible=UserFactory())
    response = signed_in.get(URL)
    assert listed(response) == [deadline.pk]
    assert "Overdue by 3 working days" in response.content.decode()
    assert reverse("children:detail", args=[child.pk]) in response.content.decode()


@pytest.mark.parametrize("role", MANAGER_ROLES)
def test_managers_and_the_qa_manager_may_see_it(client, make_user, role):
    login(client, make_user(role))
    assert client.get(URL).status_code == 200
    assert client.get(CSV_URL).status_code == 200


@pytest.mark.parametrize(
    "roles",
    [[RoleCode.SOCIAL_WORKER], [RoleCode.AGENCY_PROFESSIONAL], [RoleCode.CHAIR], []],
)
def test_others_are_refused(client, make_user, roles):
    login(client, make_user(*roles))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_restricted_childs_name_is_shown_only_to_people_named_on_it(client, manager):
    child = ChildFactory(legal_forename="Secret", legal_surname="Name", is_restricted=True)
    due(-1, child=child)
    login(client, manager)
    content = client.get(URL).content.decode()
    assert "Secret Name" not in content
    assert "Restricted record" in content
    NamedAccess.objects.create(child=child, user=manager, reason="Oversight")
    assert "Secret Name" in client.get(URL).content.decode()


# --- Filters and sorting --------------------------------------------------------------------------


def test_each_filter_narrows_the_list(signed_in, make_user):
    team_a, team_b = TeamFactory(), TeamFactory()
    worker_a = make_user(RoleCode.SOCIAL_WORKER, team=team_a, full_name="Anna Able")
    worker_b = make_user(RoleCode.SOCIAL_WORKER, team=team_b, full_name="Bobby Baker")
    chair_a = make_user(RoleCode.CHAIR, full_name="Cara Chance")
    chair_b = make_user(RoleCode.CHAIR, full_name="Dev Dean")
    first = due(-1, responsible=worker_a, chair=chair_a, rule=RuleCode.ICPC_DUE)
    second = due(-1, responsible=worker_b, chair=chair_b, rule=RuleCode.MINUTES)
    assert set(listed(signed_in.get(URL))) == {first.pk, second.pk}
    assert listed(signed_in.get(URL, {"team": team_a.pk})) == [first.pk]
    assert listed(signed_in.get(URL, {"worker": "Bobby Baker"})) == [second.pk]
    assert listed(signed_in.get(URL, {"chair": "Cara Chance"})) == [first.pk]
    assert listed(signed_in.get(URL, {"rule": RuleCode.MINUTES})) == [second.pk]
    assert listed(signed_in.get(URL, {"team": team_a.pk, "rule": RuleCode.MINUTES})) == []


def test_people_are_found_by_part_of_their_name_in_any_case(signed_in, make_user):
    """A text box, not a drop-down of every worker and chair (ADR 34)."""
    worker = make_user(RoleCode.SOCIAL_WORKER, full_name="Wendy Worthington")
    chair = make_user(RoleCode.CHAIR, full_name="Charles Chairman")
    mine = due(-1, responsible=worker, chair=chair)
    due(-1, responsible=make_user(RoleCode.SOCIAL_WORKER, full_name="Other Person"))
    assert listed(signed_in.get(URL, {"worker": "  worth "})) == [mine.pk]
    assert listed(signed_in.get(URL, {"chair": "CHAIRMAN"})) == [mine.pk]
    assert listed(signed_in.get(URL, {"worker": "Nobody Called This"})) == []
    content = signed_in.get(URL).content.decode()
    assert '<select name="worker"' not in content and '<select name="chair"' not in content
    assert "Type all or part of their name" in content


def test_a_name_too_long_is_explained_and_the_other_filters_still_apply(signed_in):
    first = due(-1, rule=RuleCode.ICPC_DUE)
    due(-1, rule=RuleCode.MINUTES)
    response = signed_in.get(URL, {"worker": "x" * 101, "rule": RuleCode.ICPC_DUE})
    assert response.status_code == 200
    assert "Enter a name of 100 characters or fewer" in response.content.decode()
    assert listed(response) == [first.pk]


def test_every_filter_field_has_a_label(signed_in):
    content = signed_in.get(URL).content.decode()
    for name in ("show", "team", "worker", "chair", "rule", "sort"):
        assert f'<label class="govuk-label govuk-label--s" for="id_{name}">' in content


def test_an_unknown_filter_value_is_explained_and_the_others_still_apply(signed_in):
    first = due(-1, rule=RuleCode.ICPC_DUE)
    due(-1, rule=RuleCode.MINUTES)
    response = signed_in.get(URL, {"team": "999999", "rule": RuleCode.ICPC_DUE})
    assert response.status_code == 200
    assert "Select a team from the list" in response.content.decode()
    assert listed(response) == [first.pk]


def test_most_overdue_first_by_default_and_soonest_due_on_request(signed_in):
    slightly = due(-1)
    very = due(-4)
    soon = due(1)
    a_bit_later = due(3)
    assert listed(signed_in.get(URL)) == [very.pk, slightly.pk, soon.pk, a_bit_later.pk]
    assert listed(signed_in.get(URL, {"sort": "soonest_due"})) == [
        soon.pk,
        a_bit_later.pk,
        very.pk,
        slightly.pk,
    ]


def test_it_is_paginated_fifty_a_page(signed_in):
    bulk_deadlines(60)
    first = signed_in.get(URL, {"show": "all"})
    second = signed_in.get(URL, {"show": "all", "page": 2})
    assert len(listed(first)) == 50 and len(listed(second)) == 10
    assert not set(listed(first)) & set(listed(second))
    assert 'aria-label="Page 2"' in first.content.decode()
    assert "show=all" in first.content.decode()  # the page links keep the filters


# --- Counts per rule ------------------------------------------------------------------------------


def test_counts_per_rule(signed_in):
    due(-2, rule=RuleCode.ICPC_DUE)
    due(-1, rule=RuleCode.ICPC_DUE)
    due(2, rule=RuleCode.ICPC_DUE)
    due(1, rule=RuleCode.MINUTES)
    due(20, rule=RuleCode.MINUTES)  # neither overdue nor due soon
    due(-1, rule=RuleCode.VISIT, status=DeadlineStatus.MET_LATE)  # closed
    response = signed_in.get(URL)
    counts = {c.rule: (c.overdue, c.due_soon) for c in response.context["board"].counts}
    assert counts == {RuleCode.ICPC_DUE: (2, 1), RuleCode.MINUTES: (0, 1)}
    assert "3 overdue" not in response.content.decode()
    assert "2 overdue and 2 due soon" in response.content.decode()


def test_the_page_count_comes_from_the_rule_counts_and_matches_the_rows_for_every_choice(
    signed_in,
):
    """The paginator is told the total from the grouped counts (one query fewer); a wrong sum
    would show the wrong number of pages or an empty last page."""
    bulk_deadlines(54)  # due from 4 working days ago to 4 ahead: 24 overdue, 30 due soon
    due(20, rule=RuleCode.MINUTES)  # neither overdue nor due soon
    due(-1, rule=RuleCode.VISIT, status=DeadlineStatus.MET_LATE)  # closed: never counted
    expected = {"overdue": 24, "due_soon": 30, "overdue_or_due_soon": 54, "all": 55}
    for show, total in expected.items():
        paginator = signed_in.get(URL, {"show": show}).context["page"].paginator
        assert paginator.count == total, show
        last = signed_in.get(URL, {"show": show, "page": paginator.num_pages})
        seen = (paginator.num_pages - 1) * dashboard.PAGE_SIZE + len(listed(last))
        assert seen == total, show


def test_counts_follow_the_team_filter(signed_in):
    team = TeamFactory()
    due(-2, team=team)
    due(-2)
    response = signed_in.get(URL, {"team": team.pk})
    assert [(c.rule, c.overdue) for c in response.context["board"].counts] == [
        (RuleCode.ICPC_DUE, 1)
    ]


# --- CSV download ---------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_the_filtered_rows_and_columns(signed_in, make_user):
    team = TeamFactory(name="North Assessment")
    worker = make_user(RoleCode.SOCIAL_WORKER, full_name="Sam Worker", team=team)
    chair = make_user(RoleCode.CHAIR, full_name="Chris Chair")
    child = ChildFactory(legal_forename="Ada", legal_surname="Lovelace")
    overdue = due(-2, child=child, responsible=worker, chair=chair, rule=RuleCode.ICPC_DUE)
    due(-2, rule=RuleCode.MINUTES)  # filtered out by rule
    rows = read_csv(signed_in.get(CSV_URL, {"rule": RuleCode.ICPC_DUE}))
    assert rows[0] == dashboard.CSV_HEADER
    assert rows[0] == [
        "Child",
        "Rule",
        "Due date",
        "Working days overdue",
        "Responsible",
        "Team",
        "Chair",
        "Status",
    ]
    assert rows[1:] == [
        [
            "Ada Lovelace",
            "Initial conference held",
            overdue.due_on.isoformat(),
            "2",
            "Sam Worker",
            "North Assessment",
            "Chris Chair",
            "Overdue",
        ]
    ]


def test_csv_status_says_breached_overdue_or_open(signed_in):
    due(-2, status=DeadlineStatus.BREACHED)
    due(-1)
    due(2)
    rows = read_csv(signed_in.get(CSV_URL))
    assert [(row[3], row[7]) for row in rows[1:]] == [
        ("2", "Breached"),
        ("1", "Overdue"),
        ("0", "Open"),
    ]


def test_csv_has_every_page_not_just_the_first(signed_in):
    bulk_deadlines(120)
    rows = read_csv(signed_in.get(CSV_URL, {"show": "all"}))
    assert len(rows) == 121


def test_csv_neutralises_formulae(signed_in, make_user):
    worker = make_user(RoleCode.SOCIAL_WORKER, full_name='=HYPERLINK("http://evil.example")')
    child = ChildFactory(legal_forename="+Plus", legal_surname="Minus")
    due(-1, responsible=worker, child=child)
    rows = read_csv(signed_in.get(CSV_URL))
    assert rows[1][0] == "'+Plus Minus"
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example")'


def test_csv_hides_restricted_childrens_names(signed_in):
    child = ChildFactory(legal_forename="Secret", legal_surname="Name", is_restricted=True)
    due(-1, child=child)
    rows = read_csv(signed_in.get(CSV_URL))
    assert rows[1][0] == "Restricted record"


# --- Navigation -------------------------------------------------------------------------------------


def test_navigation_and_home_links_for_managers_only(client, make_user):
    register_navigation()
    login(client, make_user(RoleCode.TEAM_MANAGER))
    labels = [item["text"] for item in navigation.items_for(client.get("/").wsgi_request.user)]
    assert "Timescales dashboard" in labels
    assert "Quality Assurance notifications" in labels
    assert reverse("timescales:dashboard") in client.get("/").content.decode()
    social_worker = make_user(RoleCode.SOCIAL_WORKER)
    assert not {"Timescales dashboard", "Quality Assurance notifications"} & {
        item["text"] for item in navigation.items_for(social_worker)
    }


# --- Query count --------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_number_of_deadlines(client, make_user):
    manager = make_user(RoleCode.QA_MANAGER)
    team = TeamFactory()
    worker = make_user(RoleCode.SOCIAL_WORKER, team=team)
    chair = make_user(RoleCode.CHAIR)
    child = ChildFactory(is_restricted=True)
    common = {"responsible": worker, "team": team, "chair": chair, "child": child}
    bulk_deadlines(10, **common)
    login(client, manager)
    params = {"show": "all", "team": team.pk, "worker": worker.full_name, "chair": chair.full_name}
    client.get(URL, params)  # warm the working-day calendar and the content types

    def count(path, query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, query)
        assert response.status_code == 200
        return len(queries)

    with_ten = count(URL, params), count(CSV_URL, params), count(URL, {})
    bulk_deadlines(990, **common)
    with_a_thousand = count(URL, params), count(CSV_URL, params), count(URL, {})
    assert with_ten == with_a_thousand
    assert len(listed(client.get(URL, params))) == 50
