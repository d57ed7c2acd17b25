import pytest
from django.contrib.auth import get_user_model

from accounts.models import Role, RoleCode
from accounts.rules import is_chair, is_manager, is_staff_member
from tests.auth import login


@pytest.mark.django_db
def test_the_data_migration_creates_every_role():
    assert set(Role.objects.values_list("code", flat=True)) == set(RoleCode.values)
    assert Role.objects.count() == 10


@pytest.mark.django_db
def test_users_sign_in_with_email_and_may_hold_several_roles(make_user, client, test_password):
    user = make_user(RoleCode.TEAM_MANAGER, RoleCode.CHAIR, email="Two.Hats@Test.Example".lower())
    assert get_user_model().USERNAME_FIELD == "email"
    assert user.has_role(RoleCode.CHAIR) and user.has_role(RoleCode.TEAM_MANAGER)
    assert is_chair(user) and is_manager(user) and is_staff_member(user)
    response = client.post(
        "/sign-in/", {"username": "TWO.HATS@test.example", "password": test_password}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_wrong_password_gives_a_plain_english_error(client, make_user):
    make_user(RoleCode.CHAIR, email="chair@test.example")
    response = client.post("/sign-in/", {"username": "chair@test.example", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


@pytest.mark.django_db
def test_user_has_team_agency_and_line_manager(make_user):
    from tests.factories.accounts import TeamFactory

    team = TeamFactory()
    manager = make_user(RoleCode.TEAM_MANAGER, team=team, agency=team.agency)
    worker = make_user(RoleCode.SOCIAL_WORKER, team=team, agency=team.agency, line_manager=manager)
    assert worker.line_manager == manager
    assert list(manager.reports.all()) == [worker]
    assert worker.team.agency == worker.agency


@pytest.mark.django_db
def test_agency_professional_is_not_staff(make_user):
    assert not is_staff_member(make_user(RoleCode.AGENCY_PROFESSIONAL))


@pytest.mark.django_db
def test_user_without_role_sees_a_clear_page(client, make_user):
    login(client, make_user())
    response = client.get("/")
    assert response.status_code == 200
    assert "You do not have a role in this service yet" in response.content.decode()


@pytest.mark.django_db
def test_home_shows_one_section_per_role(client, make_user):
    login(client, make_user(RoleCode.CHAIR, RoleCode.MINUTE_TAKER))
    body = client.get("/").content.decode()
    assert "Independent chair" in body and "Minute taker" in body
    assert "Social worker</h2>" not in body


@pytest.mark.django_db
def test_sign_out_is_post_only(client, make_user):
    login(client, make_user(RoleCode.CHAIR))
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/signed-out/"
    assert client.get("/").status_code == 302
