"""The child's page and the search page read a fixed number of queries: the same with 10 children
in the authority as with 1,000, and the same however much is on the page (ADR 20)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RoleCode
from children import services
from children.models import Child, S47Enquiry, S47Outcome
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    ProfessionalInvolvementFactory,
    bulk_children,
    strategy_discussion,
)
from tests.factories.conferences import send_request

pytestmark = pytest.mark.django_db


def queries_for(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_childs_page_reads_the_same_queries_for_10_and_1000_children(client, social_worker):
    child = ChildFactory(lead_social_worker=social_worker)
    sibling = ChildFactory(household=child.household, lead_social_worker=social_worker)
    FamilyLinkFactory(child=child)
    ProfessionalInvolvementFactory(child=child)
    strategy_discussion(by=social_worker, children=[child, sibling])
    bulk_children(10 - Child.objects.count())
    login(client, social_worker)
    url = f"/children/{child.pk}/"
    client.get(url)  # warm the per-process caches (calendar, content types)
    small, response = queries_for(client, url)
    assert len(response.context["page"].siblings) == 1

    # A large authority, and more of everything on this child's page.
    bulk_children(1000 - Child.objects.count() - 3)
    for _ in range(3):
        FamilyLinkFactory(child=ChildFactory(household=child.household))
        FamilyLinkFactory(child=child)
        ProfessionalInvolvementFactory(
            child=child, name="", user=UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
        )
    # The S47 enquiries concluded, and the conference requested for both children.
    enquiries = []
    for enquiry in S47Enquiry.objects.filter(child__in=[child, sibling]):
        enquiries.append(
            services.record_s47_outcome(
                enquiry=enquiry,
                by=social_worker,
                outcome=S47Outcome.CONFERENCE_NEEDED,
                concluded_on=enquiry.started_on,
            )
        )
    send_request(by=social_worker, enquiries=enquiries)
    assert Child.objects.count() == 1000
    large, response = queries_for(client, url)

    page = response.context["page"]
    assert len(page.siblings) == 4 and len(page.family_links) == 4
    assert len(page.professionals) == 4 and len(page.open_deadlines) == 1  # ICPC_DUE
    assert page.next_conference is not None
    assert large == small


@pytest.mark.parametrize("query", ["Jones", "jone"])
def test_the_search_page_reads_the_same_queries_for_10_and_1000_children(
    client, social_worker, query
):
    bulk_children(10, surname="Jones")
    Child.objects.update(lead_social_worker=social_worker)
    login(client, social_worker)
    url = f"/children/?q={query}"
    client.get(url)
    small, response = queries_for(client, url)
    assert response.context["results"].count == 10

    bulk_children(990, surname="Jones")
    Child.objects.update(lead_social_worker=social_worker)
    large, response = queries_for(client, url)

    assert response.context["results"].count == 50 and response.context["results"].has_more
    assert large == small


def test_a_search_by_date_of_birth_reads_the_same_queries_for_10_and_1000_children(
    client, social_worker
):
    children = bulk_children(10)
    born = children[0].date_of_birth
    Child.objects.update(date_of_birth=born, lead_social_worker=social_worker)
    login(client, social_worker)
    url = f"/children/?q={born:%d/%m/%Y}"
    client.get(url)
    small, response = queries_for(client, url)
    assert response.context["results"].count == 10

    bulk_children(990)
    Child.objects.update(date_of_birth=born, lead_social_worker=social_worker)
    large, response = queries_for(client, url)

    assert response.context["results"].count == 50
    assert large == small
