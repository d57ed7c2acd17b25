"""The audit pages (issue 9 part 3): the history of a child's record, a conference and a plan,
and "who looked at this child's record" for the QA manager. Who may see them (docs/access.md,
audit/rules.py), what they show, and a fixed number of queries however long the history is."""

import contextlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from simple_history.models import HistoricalRecords

from accounts.models import RoleCode
from children import services as child_services
from children.models import ChildRecordView, Relationship
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory, FamilyLinkFactory, PersonFactory
from tests.factories.conferences import agency_professional_for

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def acting_as(user):
    """Changes made as if in a request by `user`: HistoryRequestMiddleware names the request's
    user on every history row; a service called outside a request (a Celery sweep) names nobody,
    and the page says "The system"."""
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del HistoricalRecords.context.request


@pytest.fixture
def people():
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    return {
        # A name with an apostrophe, as Faker sometimes gives: the page shows it escaped.
        "worker": UserFactory(
            roles=[RoleCode.SOCIAL_WORKER],
            team=team,
            agency=team.agency,
            line_manager=manager,
            full_name="Siobhan O'Neill-Mitchell",
        ),
        "other_worker": UserFactory(roles=[RoleCode.SOCIAL_WORKER]),
        "manager": manager,
        "qa": UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn Assurance"),
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "enquirer": UserFactory(roles=[RoleCode.ENQUIRER]),
    }


@pytest.fixture
def child(people):
    child = ChildFactory(
        legal_forename="Amelia", legal_surname="Jones", lead_social_worker=people["worker"]
    )
    with acting_as(people["worker"]):
        return child_services.update_child(
            child=child, by=people["worker"], legal_forename="Amelie"
        )


def _get(client, user, url):
    login(client, user)
    return client.get(url)


# --- History of the child's record -------------------------------------------------------------


def test_history_shows_who_changed_what_before_and_after(client, people, child):
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/history/")
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    change = next(e for e in entries if e.kind == "Changed" and e.part == "Child's details")
    assert change.who == people["worker"].full_name
    fields = {c.field: (c.before, c.after) for c in change.changes}
    assert fields["Legal forename"] == ("Amelia", "Amelie")
    html = response.content.decode()
    assert "Amelia" in html and "Amelie" in html and escape(people["worker"].full_name) in html


def test_history_names_people_not_numbers(client, people, child):
    other = UserFactory(roles=[RoleCode.SOCIAL_WORKER], full_name="Nadia Newlead")
    with acting_as(people["manager"]):
        child_services.update_child(child=child, by=people["manager"], lead_social_worker=other)
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/history/")
    changes = [c for e in response.context["page"].object_list for c in e.changes]
    lead = next(c for c in changes if c.after == "Nadia Newlead")
    assert lead.before == people["worker"].full_name


def test_history_includes_the_family_and_network(client, people, child):
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/history/")
    parts = {e.part for e in response.context["page"].object_list}
    assert "Family and network" in parts


@pytest.mark.parametrize("who", ["qa", "manager", "worker"])
def test_qa_managers_and_the_childs_social_worker_see_the_history(client, people, child, who):
    assert _get(client, people[who], f"/audit/children/{child.pk}/history/").status_code == 200


@pytest.mark.parametrize("who", ["other_worker", "coordinator"])
def test_other_staff_who_may_see_the_child_are_refused_the_history(client, people, child, who):
    assert _get(client, people[who], f"/audit/children/{child.pk}/history/").status_code == 403


def test_someone_who_may_not_see_the_child_finds_no_history(client, people, child):
    professional, _ = agency_professional_for(child=child)
    for user in (professional, people["enquirer"]):
        response = _get(client, user, f"/audit/children/{child.pk}/history/")
        assert response.status_code == 404
        assert b"Amelie" not in response.content


def test_a_restricted_childs_history_is_not_found_by_a_qa_manager_not_named(client, people):
    child = ChildFactory(is_restricted=True, legal_surname="Hidden")
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/history/")
    assert response.status_code == 404


def test_the_childs_page_links_to_the_audit_only_for_those_allowed(client, people, child):
    html = _get(client, people["qa"], f"/children/{child.pk}/").content.decode()
    assert f"/audit/children/{child.pk}/history/" in html
    assert f"/audit/children/{child.pk}/access-log/" in html
    html = _get(client, people["worker"], f"/children/{child.pk}/").content.decode()
    assert f"/audit/children/{child.pk}/history/" in html
    assert f"/audit/children/{child.pk}/access-log/" not in html
    html = _get(client, people["other_worker"], f"/children/{child.pk}/").content.decode()
    assert "/audit/" not in html


# --- Who looked at this child's record ---------------------------------------------------------


def test_the_access_log_shows_who_looked_and_when(client, people, child):
    _get(client, people["other_worker"], f"/children/{child.pk}/")
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/access-log/")
    assert response.status_code == 200
    views = list(response.context["page"].object_list)
    looked = [v for v in views if v.user == people["other_worker"]]
    assert looked and looked[0].what == "Child's record"
    assert escape(people["other_worker"].full_name) in response.content.decode()


def test_looking_at_the_audit_is_itself_logged(client, people, child):
    _get(client, people["qa"], f"/audit/children/{child.pk}/history/")
    assert ChildRecordView.objects.filter(
        user=people["qa"], child=child, what="History of the record"
    ).exists()


@pytest.mark.parametrize("who", ["manager", "worker", "coordinator"])
def test_only_the_qa_manager_sees_the_access_log(client, people, child, who):
    assert _get(client, people[who], f"/audit/children/{child.pk}/access-log/").status_code == 403


def test_the_access_log_of_a_child_out_of_scope_is_not_found(client, people):
    child = ChildFactory(is_restricted=True)
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/access-log/")
    assert response.status_code == 404


def test_the_access_log_is_paginated(client, people, child):
    ChildRecordView.objects.bulk_create(
        ChildRecordView(user=people["worker"], child=child, what="Child's record")
        for _ in range(120)
    )
    response = _get(client, people["qa"], f"/audit/children/{child.pk}/access-log/")
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 3
    assert "Next" in response.content.decode()


# --- Query counts -------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_access_log_reads_the_same_queries_for_few_and_many_views(client, people, child):
    login(client, people["qa"])
    url = f"/audit/children/{child.pk}/access-log/"
    ChildRecordView.objects.bulk_create(
        ChildRecordView(user=people["worker"], child=child, what="Child's record") for _ in range(3)
    )
    client.get(url)
    few = _queries(client, url)
    others = [UserFactory(roles=[RoleCode.SOCIAL_WORKER]) for _ in range(10)]
    ChildRecordView.objects.bulk_create(
        ChildRecordView(user=others[i % 10], child=child, what="Child's record") for i in range(300)
    )
    assert _queries(client, url) == few


def test_the_history_reads_the_same_queries_for_a_short_and_a_long_history(client, people, child):
    login(client, people["qa"])
    url = f"/audit/children/{child.pk}/history/"
    FamilyLinkFactory(child=child)  # one of each part: a query per related table, not per row
    client.get(url)
    short = _queries(client, url)
    for n in range(15):
        lead = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
        child = child_services.update_child(
            child=child, by=people["worker"], known_as=f"Name {n}", lead_social_worker=lead
        )
        FamilyLinkFactory(child=child)
    assert _queries(client, url) == short
