"""Recording an enquiry twice by a double click or a retried POST records one enquiry, and both
answers go to it (issue 20 item 3, ADR 49)."""

import pytest

from enquiries.models import PlanEnquiry
from tests.auth import login
from tests.double_submissions import post_twice_at_once, with_token
from tests.services import require_postgres

from .conftest import call_details


def _call_post(police):
    return {**call_details(police), "agency": police.pk}


@pytest.mark.django_db(transaction=True)
def test_two_identical_enquiry_posts_at_once_record_one_enquiry(enquirer, police):
    require_postgres()
    responses = post_twice_at_once(enquirer, "/enquiries/", with_token(_call_post(police)))
    enquiry = PlanEnquiry.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {f"/enquiries/{enquiry.pk}/"}


@pytest.mark.django_db
def test_a_retried_enquiry_post_goes_to_the_enquiry_the_first_recorded(client, enquirer, police):
    login(client, enquirer)
    data = with_token(_call_post(police))
    first = client.post("/enquiries/", data)
    retried = client.post("/enquiries/", data)
    enquiry = PlanEnquiry.objects.get()
    assert first["Location"] == retried["Location"] == f"/enquiries/{enquiry.pk}/"


@pytest.mark.django_db
def test_a_caller_number_that_is_not_a_uk_phone_number_and_a_huge_reason_are_refused(
    client, enquirer, police
):
    """Issue 20's probe: the caller number took any text and the reason 100,000 characters."""
    login(client, enquirer)
    data = {
        **_call_post(police),
        "caller_number": "call me maybe",
        "reason": "x" * 100_000,
    }
    response = client.post("/enquiries/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "caller_number" in form.errors
    assert form.errors["reason"] == [
        next(e for e in form.errors["reason"] if "characters or fewer" in e)
    ]
    assert not PlanEnquiry.objects.exists()
