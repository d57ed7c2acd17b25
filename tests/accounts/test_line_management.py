"""Who manages whom (accounts.line_management): the one definition every rule asks."""

import pytest

from accounts.line_management import is_worker_or_manager, manager_of, manages
from accounts.models import RoleCode
from tests.factories.accounts import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    team_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    team = TeamFactory(manager=team_manager)
    line_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, line_manager=line_manager)
    stranger = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    return team_manager, line_manager, worker, stranger


def test_the_line_manager_and_the_team_manager_manage_the_worker(people):
    team_manager, line_manager, worker, stranger = people
    assert manages(line_manager, worker) and manages(team_manager, worker)
    assert not manages(stranger, worker)
    assert not manages(worker, worker)
    assert manager_of(worker) == line_manager


def test_the_lead_social_worker_or_their_manager(people):
    team_manager, line_manager, worker, stranger = people
    assert is_worker_or_manager(worker, worker)
    assert is_worker_or_manager(line_manager, worker)
    assert is_worker_or_manager(team_manager, worker)
    assert not is_worker_or_manager(stranger, worker)
    assert not is_worker_or_manager(worker, None)  # no lead social worker: nobody
    assert not is_worker_or_manager(None, worker)
