"""Recording a child: born or unborn, identifiers, duplicates, and every bad input of issue 4
item 7 shown next to its field with nothing saved."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children import services
from children.models import Child, ChildSearchToken, Disability, Ethnicity, Household, Sex
from tests.auth import login
from tests.factories.children import (
    ChildFactory,
    flip_check_digit,
    synthetic_nhs_number,
    synthetic_upn,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def details(**overrides):
    data = {
        "legal_forename": "Amelia",
        "legal_surname": "Jones",
        "date_of_birth": TODAY() - datetime.timedelta(days=365 * 7),
        "sex": Sex.FEMALE,
        "ethnicity": Ethnicity.WBRI,
    }
    data.update(overrides)
    return data


def post_data(**overrides):
    """What the 'Add a child' form posts."""
    born = TODAY() - datetime.timedelta(days=365 * 7)
    data = {
        "is_born": "yes",
        "legal_forename": "Amelia",
        "legal_surname": "Jones",
        "known_as": "",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "expected_date_of_delivery_day": "",
        "expected_date_of_delivery_month": "",
        "expected_date_of_delivery_year": "",
        "sex": "F",
        "ethnicity": "WBRI",
        "nhs_number": "",
        "upn": "",
        "local_child_id": "",
        "first_language": "English",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "school": "",
        "gp_practice": "",
        "lead_social_worker": "",
        "confirm_different_child": "False",
    }
    data.update(overrides)
    return data


def counts():
    return (
        Child.objects.count(),
        Household.objects.count(),
        Child.history.count(),
        ChildSearchToken.objects.count(),
    )


# --- The service ------------------------------------------------------------------------------------


def test_a_born_child_is_recorded_with_census_codes_identifiers_and_history(social_worker):
    nhs, upn = synthetic_nhs_number(7), synthetic_upn(7)
    child = services.create_child(
        by=social_worker,
        **details(
            known_as="Millie",
            disabilities=[Disability.HEAR, Disability.COMM],
            nhs_number=f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
            upn=upn.lower(),
            local_child_id="ch1001",
            first_language="Welsh",
            interpreter_needed=True,
            address_line_1="1 High Street",
            postcode="ab1 2cd",
            address_do_not_disclose=True,
            school="Oakfield Primary School",
            gp_practice="High Street Surgery",
            lead_social_worker=social_worker,
        ),
    )
    child.refresh_from_db()
    assert child.nhs_number == nhs and child.upn == upn and child.local_child_id == "CH1001"
    assert child.postcode == "AB1 2CD"
    assert child.disabilities == ["HEAR", "COMM"]
    assert child.display_name == "Amelia Jones (known as Millie)"
    assert child.household is not None
    assert child.history.count() == 1
    assert child.history.first().history_type == "+"
    assert set(child.search_tokens.values_list("token", flat=True)) >= {"amelia", "jones", "millie"}


def test_an_unborn_child_shows_weeks_of_pregnancy(social_worker):
    due = TODAY() + datetime.timedelta(weeks=12, days=3)
    child = services.create_child(
        by=social_worker,
        is_unborn=True,
        legal_surname="Jones",
        expected_date_of_delivery=due,
        sex=Sex.UNKNOWN,
    )
    assert child.legal_name == "Unborn baby Jones"
    # 40 weeks less 12 weeks and 3 days to go = 27 weeks and 4 days.
    assert child.weeks_of_pregnancy() == "27 weeks and 4 days pregnant"
    assert child.date_of_birth is None


def test_changing_the_details_does_not_record_the_birth_of_an_unborn_child(social_worker):
    """The birth has its own service (children.services.birth, tests/children/test_birth.py):
    its checks, who may, and the deadline to reconvene."""
    child = services.create_child(
        by=social_worker,
        is_unborn=True,
        legal_surname="Jones",
        expected_date_of_delivery=TODAY() + datetime.timedelta(days=3),
    )
    with pytest.raises(services.ChildRecordError, match="Record the birth") as error:
        services.update_child(
            child=child,
            by=social_worker,
            is_unborn=False,
            legal_forename="Noah",
            date_of_birth=TODAY(),
            sex=Sex.MALE,
        )
    assert error.value.field == "is_born"
    child.refresh_from_db()
    assert child.is_unborn and child.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"date_of_birth": TODAY() + datetime.timedelta(days=1)},
            "date_of_birth",
            "Date of birth must be today or in the past",
        ),
        ({"date_of_birth": None}, "date_of_birth", "Enter the date of birth"),
        (
            {"date_of_birth": TODAY().replace(year=TODAY().year - 19)},
            "date_of_birth",
            "Date of birth must be less than 18 years ago",
        ),
        (
            {"nhs_number": flip_check_digit(synthetic_nhs_number(3))},
            "nhs_number",
            "Enter a valid NHS number",
        ),
        ({"upn": "A999123426001"}, "upn", "Enter a valid Unique Pupil Number"),
        ({"legal_forename": ""}, "legal_forename", "Enter the child's first name"),
        ({"disabilities": ["NONE", "HEAR"]}, "disabilities", "Select 'No disability'"),
        (
            {"is_unborn": True, "date_of_birth": None},
            "expected_date_of_delivery",
            "Enter the expected date of delivery",
        ),
        (
            {
                "is_unborn": True,
                "date_of_birth": None,
                "expected_date_of_delivery": TODAY() + datetime.timedelta(weeks=45),
            },
            "expected_date_of_delivery",
            "Expected date of delivery must be within the next 42 weeks",
        ),
    ],
)
def test_the_service_refuses_bad_details_and_saves_nothing(
    social_worker, overrides, field, message
):
    before = counts()
    with pytest.raises(services.ChildRecordError) as error:
        services.create_child(by=social_worker, **details(**overrides))
    assert error.value.field == field
    assert error.value.message.startswith(message)
    assert counts() == before


def test_same_nhs_number_is_a_duplicate(social_worker):
    existing = ChildFactory(nhs_number=synthetic_nhs_number(9))
    with pytest.raises(services.DuplicateChildError) as error:
        services.create_child(by=social_worker, **details(nhs_number=synthetic_nhs_number(9)))
    assert error.value.existing == existing and error.value.certain
    assert error.value.field == "nhs_number"
    # Not even "it's a different child" gets past the same NHS number.
    with pytest.raises(services.DuplicateChildError):
        services.create_child(
            by=social_worker,
            allow_likely_duplicate=True,
            **details(nhs_number=synthetic_nhs_number(9)),
        )


def test_same_name_and_date_of_birth_is_a_likely_duplicate_that_can_be_confirmed(social_worker):
    born = TODAY() - datetime.timedelta(days=2000)
    existing = ChildFactory(legal_forename="Amelia", legal_surname="Jones", date_of_birth=born)
    with pytest.raises(services.DuplicateChildError) as error:
        services.create_child(
            by=social_worker,
            **details(legal_forename=" amelia ", legal_surname="JONES", date_of_birth=born),
        )
    assert error.value.existing == existing and not error.value.certain
    child = services.create_child(
        by=social_worker, allow_likely_duplicate=True, **details(date_of_birth=born)
    )
    assert child.pk != existing.pk


def test_the_database_refuses_a_second_child_with_the_same_nhs_number():
    from django.db import IntegrityError, transaction

    ChildFactory(nhs_number=synthetic_nhs_number(11))
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(nhs_number=synthetic_nhs_number(11))


def test_the_database_refuses_a_born_child_without_a_date_of_birth():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(legal_forename="A", legal_surname="B", is_unborn=False)


# --- The pages ------------------------------------------------------------------------------------------


def test_a_social_worker_adds_a_child_in_the_browser_form(client, social_worker):
    login(client, social_worker)
    assert client.get("/children/new/").status_code == 200
    response = client.post("/children/new/", post_data(nhs_number=synthetic_nhs_number(5)))
    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/children/{child.pk}/"
    assert child.recorded_by == social_worker
    assert child.history.first().history_user == social_worker


BAD_INPUTS = [
    pytest.param(
        {"date_of_birth_year": str(TODAY().year + 1)},
        "date_of_birth",
        "Date of birth must be today or in the past",
        id="date-of-birth-in-the-future",
    ),
    pytest.param(
        {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2020"},
        "date_of_birth",
        "Date of birth must be a real date",
        id="impossible-date-of-birth",
    ),
    pytest.param(
        {"nhs_number": flip_check_digit(synthetic_nhs_number(21))},
        "nhs_number",
        "Enter a valid NHS number",
        id="invalid-nhs-number",
    ),
    pytest.param(
        {"nhs_number": "12345"},
        "nhs_number",
        "NHS number must be 10 numbers",
        id="short-nhs-number",
    ),
    pytest.param(
        {"upn": "A999123426001"}, "upn", "Enter a valid Unique Pupil Number", id="invalid-upn"
    ),
    pytest.param(
        {
            "is_born": "no",
            "date_of_birth_day": "",
            "date_of_birth_month": "",
            "date_of_birth_year": "",
        },
        "expected_date_of_delivery",
        "Enter the expected date of delivery",
        id="unborn-without-due-date",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUTS)
def test_each_bad_input_shows_a_message_next_to_the_field_and_saves_nothing(
    client, social_worker, overrides, field, message
):
    login(client, social_worker)
    before = counts()
    response = client.post("/children/new/", post_data(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    # Next to the field (its error message element) and in the error summary.
    assert f'id="id_{field}-error"' in body
    field_error = body.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in field_error
    assert "There is a problem" in body
    assert response.context["form"].errors[field][0].startswith(message)
    assert counts() == before


def test_a_duplicate_nhs_number_offers_the_existing_record_and_saves_nothing(client, social_worker):
    existing = ChildFactory(
        nhs_number=synthetic_nhs_number(31), legal_forename="Noah", legal_surname="Smith"
    )
    login(client, social_worker)
    before = counts()
    response = client.post("/children/new/", post_data(nhs_number=synthetic_nhs_number(31)))
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "A child with this NHS number is already recorded"
        in body.split('id="id_nhs_number-error"', 1)[1]
    )
    assert f'href="/children/{existing.pk}/"' in body
    assert f"Open the record of {existing.legal_name}" in body
    assert (
        "I have checked: this is a different child" not in body
    )  # not offered for a certain duplicate
    assert counts() == before


def test_a_likely_duplicate_offers_the_existing_record_then_can_be_confirmed(client, social_worker):
    born = TODAY() - datetime.timedelta(days=365 * 7)
    existing = ChildFactory(legal_forename="Amelia", legal_surname="Jones", date_of_birth=born)
    login(client, social_worker)
    before = counts()
    response = client.post("/children/new/", post_data())
    body = response.content.decode()
    assert "A child with the same name and date of birth is already recorded" in body
    assert f'href="/children/{existing.pk}/"' in body
    assert 'type="checkbox" name="confirm_different_child"' in body
    assert counts() == before
    response = client.post("/children/new/", post_data(confirm_different_child="on"))
    assert response.status_code == 302
    assert Child.objects.count() == 2


def test_a_duplicate_on_a_restricted_record_is_not_revealed(client, social_worker):
    ChildFactory(nhs_number=synthetic_nhs_number(41), is_restricted=True, legal_forename="Hidden")
    login(client, social_worker)
    body = client.post(
        "/children/new/", post_data(nhs_number=synthetic_nhs_number(41))
    ).content.decode()
    assert "already recorded" in body
    assert "Hidden" not in body
    assert "The existing record is restricted" in body


def test_changing_a_child_keeps_history(client, social_worker):
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones")
    login(client, social_worker)
    assert client.get(f"/children/{child.pk}/change/").status_code == 200
    born = child.date_of_birth
    response = client.post(
        f"/children/{child.pk}/change/",
        post_data(
            known_as="Millie",
            date_of_birth_day=str(born.day),
            date_of_birth_month=str(born.month),
            date_of_birth_year=str(born.year),
        ),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.known_as == "Millie"
    assert child.history.count() == 2


def test_adding_a_brother_or_sister_joins_the_household(client, social_worker):
    sibling = ChildFactory(legal_surname="Jones", address_line_1="1 High Street")
    login(client, social_worker)
    page = client.get(f"/children/{sibling.pk}/add-brother-or-sister/")
    assert page.context["form"].initial["address_line_1"] == "1 High Street"
    response = client.post(
        f"/children/{sibling.pk}/add-brother-or-sister/", post_data(legal_forename="Noah")
    )
    assert response.status_code == 302
    new = Child.objects.get(legal_forename="Noah")
    assert new.household_id == sibling.household_id


def test_only_social_workers_and_team_managers_add_children(client, make_user):
    login(client, make_user(RoleCode.CHAIR))
    assert client.get("/children/new/").status_code == 403
    assert client.post("/children/new/", post_data()).status_code == 403
    assert Child.objects.count() == 0
