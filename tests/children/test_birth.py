"""Recording the birth of a baby recorded unborn (issue 22 item 3): the record becomes a born
child's with its history kept; plain-English checks on the details, each next to its field, with
nothing saved; only the lead social worker or their manager may record it; the page."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children import services
from children.models import Child, ChildSearchToken, Sex
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import UnbornChildFactory
from tests.factories.clock import PINNED

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def manager():
    team = TeamFactory()
    return UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)


@pytest.fixture
def worker(manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=manager.team,
        agency=manager.agency,
        line_manager=manager,
    )


@pytest.fixture
def baby(worker):
    """Recorded unborn four weeks ago, due in a week's time."""
    with_history = UnbornChildFactory(
        legal_surname="Jones",
        lead_social_worker=worker,
        expected_date_of_delivery=TODAY() + datetime.timedelta(weeks=1),
    )
    Child.objects.filter(pk=with_history.pk).update(created_at=PINNED - datetime.timedelta(weeks=4))
    with_history.refresh_from_db()
    return with_history


def details(**overrides):
    data = {
        "legal_forename": "Oliver",
        "legal_surname": "Jones",
        "sex": Sex.MALE,
        "date_of_birth": TODAY() - datetime.timedelta(days=2),
        "birth_date_note": "",
    }
    data.update(overrides)
    return data


def test_the_birth_turns_the_unborn_record_into_a_born_child_with_history_kept(baby, worker):
    due = baby.expected_date_of_delivery
    services.record_birth(child=baby, by=worker, **details())
    baby.refresh_from_db()
    assert not baby.is_unborn
    assert (baby.legal_name, baby.sex) == ("Oliver Jones", Sex.MALE)
    assert baby.date_of_birth == TODAY() - datetime.timedelta(days=2)
    assert baby.expected_date_of_delivery == due  # kept beside the date of birth
    assert baby.birth_recorded_by == worker and baby.birth_recorded_at is not None
    latest, unborn = baby.history.all()[:2]
    assert (latest.history_user, latest.history_change_reason) == (worker, "Birth recorded")
    assert unborn.is_unborn and unborn.expected_date_of_delivery == due
    assert unborn.date_of_birth is None
    assert ChildSearchToken.objects.filter(child=baby, token="oliver").exists()


def test_the_lead_social_workers_manager_may_record_the_birth(baby, manager):
    services.record_birth(child=baby, by=manager, **details())
    baby.refresh_from_db()
    assert not baby.is_unborn


@pytest.mark.parametrize("who", ["another_social_worker", "another_team_manager", "chair"])
def test_nobody_else_may_record_the_birth(baby, who):
    roles = {
        "another_social_worker": RoleCode.SOCIAL_WORKER,
        "another_team_manager": RoleCode.TEAM_MANAGER,
        "chair": RoleCode.CHAIR,
    }
    other = UserFactory(roles=[roles[who]])
    with pytest.raises(services.ChildRecordError, match="lead social worker or their manager"):
        services.record_birth(child=baby, by=other, **details())
    baby.refresh_from_db()
    assert baby.is_unborn


def test_a_birth_is_recorded_once(baby, worker):
    services.record_birth(child=baby, by=worker, **details())
    with pytest.raises(services.ChildRecordError, match="already recorded"):
        services.record_birth(child=baby, by=worker, **details(legal_forename="Olly"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (lambda: {"legal_forename": "  "}, "legal_forename", "Enter the baby's first name"),
        (lambda: {"legal_surname": ""}, "legal_surname", "Enter the baby's last name"),
        (lambda: {"sex": ""}, "sex", "Select the baby's sex"),
        (lambda: {"date_of_birth": None}, "date_of_birth", "Enter the date of birth"),
        (
            lambda: {"date_of_birth": TODAY() + datetime.timedelta(days=1)},
            "date_of_birth",
            "The date of birth must be today or in the past",
        ),
        (
            lambda: {"date_of_birth": TODAY() - datetime.timedelta(weeks=5)},
            "date_of_birth",
            "The baby was recorded as unborn on",
        ),
        (
            # Due in a week: born 3 weeks and 1 day before that, with no word on why.
            lambda: {"date_of_birth": TODAY() - datetime.timedelta(weeks=2, days=1)},
            "birth_date_note",
            "The date of birth is 3 weeks and 1 day before the expected date of delivery",
        ),
        (lambda: {"birth_date_note": "x" * 501}, "birth_date_note", "Why the date is far"),
    ],
)
def test_bad_details_are_refused_next_to_their_field_and_nothing_is_saved(
    baby, worker, overrides, field, message
):
    with pytest.raises(services.ChildRecordError) as error:
        services.record_birth(child=baby, by=worker, **details(**overrides()))
    assert error.value.field == field
    assert error.value.message.startswith(message)
    baby.refresh_from_db()
    assert baby.is_unborn and baby.history.count() == 1


def test_a_birth_far_from_the_expected_date_is_recorded_with_why(baby, worker):
    born = TODAY() - datetime.timedelta(weeks=3)
    services.record_birth(
        child=baby, by=worker, **details(date_of_birth=born, birth_date_note="Born early.")
    )
    baby.refresh_from_db()
    assert (baby.date_of_birth, baby.birth_date_note) == (born, "Born early.")


def _post_data(**overrides):
    born = overrides.pop("born", TODAY() - datetime.timedelta(days=2))
    data = {
        "legal_forename": "Oliver",
        "legal_surname": "Jones",
        "sex": Sex.MALE,
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "birth_date_note": "",
    }
    data.update(overrides)
    return data


def test_the_page_records_the_birth(client, baby, worker):
    login(client, worker)
    child_page = client.get(f"/children/{baby.pk}/").content.decode()
    assert f"/children/{baby.pk}/birth/" in child_page
    response = client.get(f"/children/{baby.pk}/birth/")
    assert response.status_code == 200
    response = client.post(f"/children/{baby.pk}/birth/", _post_data())
    assert response.status_code == 302
    baby.refresh_from_db()
    assert baby.legal_name == "Oliver Jones" and not baby.is_unborn
    page = client.get(f"/children/{baby.pk}/").content.decode()
    assert "Expected date of delivery was" in page
    assert f"/children/{baby.pk}/birth/" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (lambda: {"date_of_birth_day": "31", "date_of_birth_month": "2"}, "must be a real date"),
        (lambda: {"born": TODAY() + datetime.timedelta(days=3)}, "today or in the past"),
        (lambda: {"born": TODAY() - datetime.timedelta(weeks=3)}, "Check the date, or say why"),
        (lambda: {"legal_forename": ""}, "Enter the baby&#x27;s first name"),
        (lambda: {"birth_date_note": "x" * 501}, "500 characters or fewer"),
    ],
)
def test_bad_input_on_the_page_gives_field_errors_not_a_crash(
    client, baby, worker, overrides, message
):
    login(client, worker)
    response = client.post(f"/children/{baby.pk}/birth/", _post_data(**overrides()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    baby.refresh_from_db()
    assert baby.is_unborn


def test_the_page_is_forbidden_to_anyone_but_the_lead_and_their_manager(client, baby):
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    assert client.get(f"/children/{baby.pk}/birth/").status_code == 403
    assert f"/children/{baby.pk}/birth/" not in client.get(f"/children/{baby.pk}/").content.decode()
