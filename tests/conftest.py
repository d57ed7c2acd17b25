import pytest

from accounts.models import RoleCode
from tests.factories.accounts import TEST_PASSWORD, UserFactory


@pytest.fixture
def make_user(db):
    """make_user("chair") gives a signed-up user holding those roles."""

    def _make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return _make


@pytest.fixture
def social_worker(make_user):
    return make_user(RoleCode.SOCIAL_WORKER)


@pytest.fixture
def test_password():
    return TEST_PASSWORD
