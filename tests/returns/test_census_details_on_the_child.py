"""What the census needs is recorded on the child's record form: the referral date and source,
the primary need, and why there is no UPN; bad answers are shown beside the field and nothing
already saved is lost."""

import datetime

import pytest
from django.utils import timezone

from children.models import Child
from tests.auth import login
from tests.factories.children import ChildFactory

pytestmark = pytest.mark.django_db


def change_data(child, **overrides):
    data = {
        "is_born": "yes",
        "legal_forename": child.legal_forename,
        "legal_surname": child.legal_surname,
        "known_as": "",
        "date_of_birth_day": str(child.date_of_birth.day),
        "date_of_birth_month": str(child.date_of_birth.month),
        "date_of_birth_year": str(child.date_of_birth.year),
        "expected_date_of_delivery_day": "",
        "expected_date_of_delivery_month": "",
        "expected_date_of_delivery_year": "",
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": "",
        "upn": "",
        "local_child_id": "",
        "upn_unknown_reason": "UN2",
        "cin_referral_date_day": "3",
        "cin_referral_date_month": "9",
        "cin_referral_date_year": "2025",
        "referral_source": "6",
        "primary_need": "N1",
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


def test_the_census_details_are_recorded_with_history_and_shown(client, social_worker):
    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1))
    login(client, social_worker)
    form_page = client.get(f"/children/{child.pk}/change/").content.decode()
    assert "Date of referral to children&#x27;s social care" in form_page
    response = client.post(f"/children/{child.pk}/change/", change_data(child))
    assert response.status_code == 302
    child.refresh_from_db()
    assert (
        child.cin_referral_date,
        child.referral_source,
        child.primary_need,
        child.upn_unknown_reason,
    ) == (datetime.date(2025, 9, 3), "6", "N1", "UN2")
    assert child.history.first().referral_source == "6"
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "3 September 2025 by Police" in page
    assert "N1: Abuse or neglect" in page
    assert "None: UN2: Has never attended a school in England" in page


def test_a_future_referral_and_a_reason_beside_a_upn_are_refused(client, social_worker):
    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1), upn="A123456789012")
    login(client, social_worker)
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        f"/children/{child.pk}/change/",
        change_data(
            child,
            upn="A123456789012",
            cin_referral_date_day=str(future.day),
            cin_referral_date_month=str(future.month),
            cin_referral_date_year=str(future.year),
        ),
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Date of referral must be today or in the past" in page
    assert "Leave the reason empty: the child has a Unique Pupil Number" in page
    child.refresh_from_db()
    assert child.cin_referral_date is None
    assert Child.objects.get(pk=child.pk).upn == "A123456789012"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("CH-1001", "Child ID must only include letters and numbers, like CH1001"),
        ("CH 1001", "Child ID must only include letters and numbers, like CH1001"),
        ("CHÉ1001", "Child ID must only include letters and numbers, like CH1001"),
        ("C" * 21, "Child ID must be 20 characters or fewer"),
    ],
)
def test_a_child_id_the_census_would_refuse_is_shown_beside_the_field(
    client, social_worker, typed, message
):
    """DfE rules 1570 and 1580: the census's child ID is letters and digits, at most 20."""
    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1))
    login(client, social_worker)
    response = client.post(
        f"/children/{child.pk}/change/", change_data(child, local_child_id=typed)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert 'href="#local_child_id"' in page or "#id_local_child_id" in page
    child.refresh_from_db()
    assert child.local_child_id == "" and child.cin_referral_date is None


def test_a_letters_and_digits_child_id_is_kept_in_capitals(client, social_worker):
    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1))
    login(client, social_worker)
    response = client.post(
        f"/children/{child.pk}/change/", change_data(child, local_child_id=" ch1001 ")
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.local_child_id == "CH1001"


def test_a_referral_needs_its_primary_need(client, social_worker):
    """DfE rule 8610: a referral that led to further action has a primary need code."""
    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1))
    login(client, social_worker)
    response = client.post(f"/children/{child.pk}/change/", change_data(child, primary_need=""))
    page = response.content.decode()
    assert "Select the child&#x27;s primary need" in page
    child.refresh_from_db()
    assert child.cin_referral_date is None


def test_the_service_refuses_a_bad_child_id_or_a_referral_without_its_need(social_worker):
    from children.services import ChildRecordError, update_child

    child = ChildFactory(date_of_birth=datetime.date(2018, 5, 1))
    with pytest.raises(ChildRecordError) as error:
        update_child(child=child, by=social_worker, local_child_id="CH/1001")
    assert error.value.field == "local_child_id"
    with pytest.raises(ChildRecordError) as error:
        update_child(child=child, by=social_worker, cin_referral_date=datetime.date(2025, 9, 3))
    assert error.value.field == "primary_need"
    # An older record's ID is not checked again when something else changes.
    Child.objects.filter(pk=child.pk).update(local_child_id="OLD-1")
    child.refresh_from_db()
    update_child(child=child, by=social_worker, town="Leeds")
    assert Child.objects.get(pk=child.pk).town == "Leeds"
