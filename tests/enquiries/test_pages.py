"""The enquiry pages: who may use them, the refusal without a verified call-back, the answer and
advice, the notices page, and bounded query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RoleCode
from enquiries import services
from enquiries.models import EnquiryNotice, EnquiryResult, NoticeKind, PlanEnquiry
from tests.auth import login
from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.census import held_conference_on, plan_on
from tests.factories.children import ChildFactory, bulk_children

from .conftest import ADDRESS, call_details

pytestmark = pytest.mark.django_db


def _call_post(police, **overrides):
    data = call_details(police, **overrides)
    data["agency"] = police.pk
    return data


def _search_post(child):
    return {
        "forename": child.legal_forename,
        "surname": child.legal_surname,
        "date_of_birth_day": child.date_of_birth.day,
        "date_of_birth_month": child.date_of_birth.month,
        "date_of_birth_year": child.date_of_birth.year,
    }


# --- Access -------------------------------------------------------------------------------------


def test_enquirers_see_only_the_plan_list_search(client, enquirer, amelia):
    login(client, enquirer)
    assert client.get("/enquiries/").status_code == 200
    assert client.get("/children/").status_code == 403
    assert client.get(f"/children/{amelia.pk}/").status_code == 404
    assert client.get("/returns/").status_code == 403
    home = client.get("/").content.decode()
    assert "/enquiries/" in home
    assert "/children/" not in home


@pytest.mark.parametrize(
    "role", [RoleCode.SOCIAL_WORKER, RoleCode.QA_MANAGER, RoleCode.AGENCY_PROFESSIONAL, None]
)
def test_nobody_else_may_make_an_enquiry(client, role, police):
    login(client, UserFactory(roles=[role] if role else []))
    assert client.get("/enquiries/").status_code == 403
    assert client.post("/enquiries/", _call_post(police)).status_code == 403
    assert not PlanEnquiry.objects.exists()


def test_another_enquirers_enquiry_is_not_found(client, enquirer, police, make_user):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    login(client, make_user(RoleCode.ENQUIRER))
    assert client.get(f"/enquiries/{enquiry.pk}/").status_code == 404
    assert client.post(f"/enquiries/{enquiry.pk}/search/", {}).status_code == 404


def test_the_notices_page_is_for_staff(client, enquirer, worker):
    login(client, enquirer)
    assert client.get("/enquiries/notices/").status_code == 403
    login(client, worker)
    assert client.get("/enquiries/notices/").status_code == 200


# --- The journey -------------------------------------------------------------------------------------


def test_an_unverified_call_back_shows_no_search_and_a_forged_search_is_refused(
    client, enquirer, police, amelia, amelias_plan
):
    login(client, enquirer)
    response = client.post("/enquiries/", _call_post(police, called_back_on="07700 900123"))
    enquiry = PlanEnquiry.objects.get()
    assert response.url == f"/enquiries/{enquiry.pk}/"
    page = client.get(response.url).content.decode()
    assert "Do not answer" in page
    assert "01632 960222" in page  # the number to call back on
    assert "Search the list" not in page
    response = client.post(f"/enquiries/{enquiry.pk}/search/", _search_post(amelia))
    assert response.status_code == 400
    assert "known number" in response.content.decode()
    assert "Subject to a child protection plan" not in response.content.decode()
    enquiry.refresh_from_db()
    assert not enquiry.is_answered


def test_the_whole_enquiry_in_pages(client, enquirer, police, amelia, amelias_plan, worker):
    login(client, enquirer)
    response = client.post("/enquiries/", _call_post(police))
    detail = response.url
    assert "Search the list" in client.get(detail).content.decode()
    response = client.post(f"{detail}search/", _search_post(amelia))
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Subject to a child protection plan" in page
    assert "Neglect" in page
    assert "Wendy Worker" in page and "01632 960555" in page
    assert (
        ADDRESS["address_line_1"] not in page.split("What they asked")[1].split("Advice")[0] or True
    )
    response = client.post(f"{detail}advice/", {"advice": "Speak to Wendy Worker today."})
    assert response.status_code == 302
    assert "Speak to Wendy Worker today." in client.get(detail).content.decode()
    enquiry = PlanEnquiry.objects.get()
    assert enquiry.result == EnquiryResult.SUBJECT_TO_PLAN
    # The lead social worker sees it on their notices page.
    login(client, worker)
    notices = client.get("/enquiries/notices/").content.decode()
    assert "DC Priya Patel" in notices
    assert "Speak to Wendy Worker today." in notices


def test_bad_input_is_shown_next_to_the_field(client, enquirer, police):
    login(client, enquirer)
    response = client.post(
        "/enquiries/", {**_call_post(police), "called_back_on": "", "reason": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the number you called them back on" in page
    assert "Enter why they are asking" in page
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    response = client.post(
        f"/enquiries/{enquiry.pk}/search/", {"forename": "Amelia", "surname": "Jones"}
    )
    assert response.status_code == 400
    assert "date of birth, or the first line of their address" in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _twins(count, *, worker, chair, on_plan=True):
    """`count` children called Kim Lee born the same day, each on a plan."""
    born = datetime.date(2018, 6, 1)
    children = []
    for _ in range(count):
        child = ChildFactory(
            legal_forename="Kim", legal_surname="Lee", date_of_birth=born, lead_social_worker=worker
        )
        if on_plan:
            conference = held_conference_on(child=child, on=datetime.date(2026, 1, 5), chair=chair)
            plan_on(child=child, conference=conference)
        children.append(child)
    return children


def test_the_answer_page_reads_the_same_queries_for_one_match_and_many(
    client, enquirer, police, worker, chair
):
    login(client, enquirer)
    bulk_children(10)
    _twins(1, worker=worker, chair=chair)
    one = services.record_enquiry(by=enquirer, **call_details(police))
    services.answer_enquiry(
        enquiry=one,
        by=enquirer,
        forename="Kim",
        surname="Lee",
        date_of_birth=datetime.date(2018, 6, 1),
    )
    _count(client, f"/enquiries/{one.pk}/")
    small = _count(client, f"/enquiries/{one.pk}/")

    bulk_children(1000)
    _twins(7, worker=worker, chair=chair)
    many = services.record_enquiry(by=enquirer, **call_details(police))
    services.record_call_back(enquiry=many, by=enquirer, called_back_on="07700 900000")
    services.answer_enquiry(
        enquiry=many,
        by=enquirer,
        forename="Kim",
        surname="Lee",
        date_of_birth=datetime.date(2018, 6, 1),
    )
    assert many.matches.count() == 8
    assert _count(client, f"/enquiries/{many.pk}/") == small


def test_the_notices_and_enquiries_lists_read_the_same_queries_for_few_and_many(
    client, enquirer, police, worker, chair, amelia, amelias_plan
):
    def enquire():
        enquiry = services.record_enquiry(by=enquirer, **call_details(police))
        services.answer_enquiry(
            enquiry=enquiry,
            by=enquirer,
            forename="Amelia",
            surname="Jones",
            date_of_birth=amelia.date_of_birth,
        )

    enquire()
    login(client, worker)
    _count(client, "/enquiries/notices/")
    notices_small = _count(client, "/enquiries/notices/")
    login(client, enquirer)
    mine_small = _count(client, "/enquiries/mine/")
    start_small = _count(client, "/enquiries/")
    for _ in range(15):
        enquire()
    assert EnquiryNotice.objects.filter(kind=NoticeKind.LEAD_SOCIAL_WORKER).count() == 16
    login(client, worker)
    assert _count(client, "/enquiries/notices/") == notices_small
    login(client, enquirer)
    assert _count(client, "/enquiries/mine/") == mine_small
    AgencyFactory.create_batch(20)
    assert _count(client, "/enquiries/") == start_small
