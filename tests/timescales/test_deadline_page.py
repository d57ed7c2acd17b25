"""A deadline's page: the person responsible records the reason for a delay, a different manager
signs it off, and a manager may agree that a timescale does not apply. Nobody else may act."""

import pytest

from accounts.models import RoleCode
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import open_deadline_due
from timescales.models import DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def late():
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory(), line_manager=manager)
    child = ChildFactory()
    deadline = open_deadline_due(-1, rule=RuleCode.ICPC_DUE, child=child, responsible=worker)
    return {"deadline": deadline, "worker": worker, "manager": manager, "child": child}


def url(deadline, action=""):
    return f"/timescales/deadlines/{deadline.pk}/{action}"


def test_the_page_shows_the_due_date_and_links_from_the_child_page(client, late):
    login(client, late["worker"])
    page = client.get(url(late["deadline"])).content.decode()
    assert "Initial conference held" in page
    assert "Overdue by 1 working day" in page
    child_page = client.get(f"/children/{late['child'].pk}/").content.decode()
    assert url(late["deadline"]) in child_page


def test_an_empty_reason_is_explained_on_the_page_and_nothing_is_saved(client, late):
    login(client, late["worker"])
    response = client.post(url(late["deadline"], "delay-reason/"), {"reason": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Enter the reason for the delay") == 2  # summary and next to the field
    late["deadline"].refresh_from_db()
    assert late["deadline"].delay_reason == ""


def test_the_responsible_worker_records_a_reason_and_their_manager_signs_it_off(client, late):
    login(client, late["worker"])
    reason = "The chair was unwell; the children were seen daily by the health visitor."
    response = client.post(url(late["deadline"], "delay-reason/"), {"reason": reason})
    assert response.status_code == 302
    late["deadline"].refresh_from_db()
    assert late["deadline"].delay_reason == reason

    # The worker cannot sign off their own reason.
    assert client.post(url(late["deadline"], "sign-off/")).status_code == 403

    login(client, late["manager"])
    assert client.post(url(late["deadline"], "sign-off/")).status_code == 302
    late["deadline"].refresh_from_db()
    assert late["deadline"].delay_reason_signed_off_by == late["manager"]
    assert "Signed off by" in client.get(url(late["deadline"])).content.decode()


def test_a_manager_records_a_timescale_as_not_applicable_with_a_reason(client, late):
    login(client, late["manager"])
    response = client.post(url(late["deadline"], "not-applicable/"), {"reason": ""})
    assert "Enter why this timescale does not apply" in response.content.decode()
    response = client.post(
        url(late["deadline"], "not-applicable/"),
        {"reason": "The family moved to another authority before the conference."},
    )
    assert response.status_code == 302
    late["deadline"].refresh_from_db()
    assert late["deadline"].status == DeadlineStatus.NOT_APPLICABLE
    assert late["deadline"].not_applicable_signed_off_by == late["manager"]


def test_a_social_worker_cannot_waive_and_an_agency_professional_cannot_see(client, late):
    login(client, late["worker"])
    response = client.post(url(late["deadline"], "not-applicable/"), {"reason": "No"})
    assert response.status_code == 403
    late["deadline"].refresh_from_db()
    assert late["deadline"].status == DeadlineStatus.OPEN

    login(client, UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]))
    assert client.get(url(late["deadline"])).status_code == 404  # out of scope (issue 9)


def test_a_restricted_childs_deadline_is_refused_to_someone_not_named(client, late):
    late["child"].is_restricted = True
    late["child"].save()
    login(client, UserFactory(roles=[RoleCode.TEAM_MANAGER]))
    assert client.get(url(late["deadline"])).status_code == 404  # out of scope (issue 9)


def test_the_page_reads_a_fixed_number_of_queries(client, late, django_assert_max_num_queries):
    login(client, late["manager"])
    with django_assert_max_num_queries(15):
        assert client.get(url(late["deadline"])).status_code == 200


def test_every_field_on_the_page_has_its_own_id_and_label(client, late):
    """Issue 24: the delay reason and the "does not apply" reason were both `id_reason`, so the
    second box had no accessible name and its label focused the first."""
    import re

    login(client, late["manager"])
    page = client.get(url(late["deadline"])).content.decode()
    assert 'id="id_reason"' in page and 'id="id_not_applicable_reason"' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'for="id_not_applicable_reason"' in page
    response = client.post(url(late["deadline"], "not-applicable/"), {"reason": ""})
    assert 'href="#id_not_applicable_reason"' in response.content.decode()
