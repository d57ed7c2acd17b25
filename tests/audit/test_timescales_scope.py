"""A deadline or QAN about a child the user may not see is "page not found", never its data
(issue 9; timescales.selectors, ADR 28). The QA manager sees every QAN and every deadline of
children they may see; a restricted child's are found only by those named on it."""

import pytest

from accounts.models import RoleCode
from children.models import NamedAccess
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import DeadlineFactory, qan_for

pytestmark = pytest.mark.django_db

SECRET_NAME = "Restrictova"


@pytest.fixture
def qa():
    return UserFactory(roles=[RoleCode.QA_MANAGER])


@pytest.fixture
def worker():
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )


@pytest.fixture
def restricted_child():
    return ChildFactory(is_restricted=True, legal_surname=SECRET_NAME)


def test_a_deadline_about_a_child_out_of_scope_is_not_found(client, qa, worker, restricted_child):
    deadline = DeadlineFactory(child=restricted_child, responsible=worker)
    for user in (qa, worker.line_manager):
        login(client, user)
        response = client.get(f"/timescales/deadlines/{deadline.pk}/")
        assert response.status_code == 404
        assert SECRET_NAME.encode() not in response.content


def test_the_same_deadline_is_found_by_someone_named_on_the_record(
    client, qa, worker, restricted_child
):
    deadline = DeadlineFactory(child=restricted_child, responsible=worker)
    NamedAccess.objects.create(child=restricted_child, user=qa, granted_by=qa)
    login(client, qa)
    assert client.get(f"/timescales/deadlines/{deadline.pk}/").status_code == 200


def test_a_deadline_is_not_found_by_an_agency_professional(client, worker):
    deadline = DeadlineFactory(child=ChildFactory(), responsible=worker)
    login(client, UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]))
    assert client.get(f"/timescales/deadlines/{deadline.pk}/").status_code == 404


def test_a_qan_about_a_child_out_of_scope_is_not_found(client, qa, worker, restricted_child):
    qan = qan_for(responsible=worker, child=restricted_child)
    for user in (qa, worker.line_manager, worker):
        login(client, user)
        response = client.get(f"/timescales/qans/{qan.pk}/")
        assert response.status_code == 404, user
        assert SECRET_NAME.encode() not in response.content


def test_a_qan_in_scope_but_not_theirs_is_still_forbidden(client, worker):
    qan = qan_for(responsible=worker, child=ChildFactory())
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    assert client.get(f"/timescales/qans/{qan.pk}/").status_code == 403
    login(client, worker.line_manager)
    assert client.get(f"/timescales/qans/{qan.pk}/").status_code == 200
