import pytest

from accounts.models import RoleCode
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.conferences import agency_professional_for


@pytest.fixture
def manager(db):
    team = TeamFactory()
    return UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)


@pytest.fixture
def worker(manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=manager.team,
        agency=manager.team.agency,
        line_manager=manager,
        full_name="Sam Social",
    )


@pytest.fixture
def child(worker):
    return ChildFactory(legal_forename="Jayden", legal_surname="Example", lead_social_worker=worker)


@pytest.fixture
def police(child):
    user, _ = agency_professional_for(child=child, full_name="Dana Hollis")
    return user
