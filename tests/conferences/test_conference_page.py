"""The conference's page (issue 25): the reports summary, the invited professional's own
invitation and the timescales come from a fixed number of queries, however many professionals
are invited; what each user sees is unchanged."""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from reports import services
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_conference, send_request, working_day_at
from tests.factories.reports import professional_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(worker, coordinator, chair, enquiries):
    request = send_request(by=worker, enquiries=enquiries)
    return booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=working_day_at(10)
    )


@pytest.fixture
def agency_user(db):
    return UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], full_name="Hannah Visitor")


def _page(client, user, conference):
    client.force_login(user)
    response = client.get(reverse("conferences:conference", args=[conference.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chair_sees_the_reports_received_and_read(client, conference, chair, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    professional_invitation(conference, name="Pat Nouser")
    professional_invitation(conference, is_active=False, name="Taken Off")  # does not count
    report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=True,
        involvement="Monthly home visits.",
        worries="Missed health checks.",
    )
    services.mark_report_read(report=report, by=chair)

    page = _page(client, chair, conference)

    assert "Reports to conference" in page
    assert "1 of 2 received, 1 read by the chair" in page
    assert "Not started" in page  # the social work report
    assert "Your invitation" not in page


def test_the_timescales_name_each_child(client, conference, coordinator, household):
    page = _page(client, coordinator, conference)

    assert "Timescales" in page
    for child in (household["amelia"], household["noah"]):
        assert f'href="{reverse("children:detail", args=[child.pk])}"' in page
    assert "Conference for Amelia Jones and Noah Jones\n</h1>" in page


def test_an_invited_professional_sees_their_invitation_and_nothing_internal(
    client, conference, agency_user
):
    invitation = professional_invitation(conference, user=agency_user)

    page = _page(client, agency_user, conference)

    assert "Your invitation" in page
    assert f'href="{reverse("conferences:reply", args=[invitation.pk])}"' in page
    assert f'href="{reverse("reports:agency-report-form", args=[invitation.pk])}"' in page
    assert "Submit your report" in page
    assert "Reports to conference" not in page
    assert "Timescales" not in page
    assert reverse("conferences:request", args=[conference.request_id]) not in page


def test_the_queries_do_not_grow_with_the_professionals_invited(
    client, conference, chair, django_assert_max_num_queries
):
    professional_invitation(conference, name="Pat One")
    client.force_login(chair)
    url = reverse("conferences:conference", args=[conference.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for name in ("Pat Two", "Pat Three", "Pat Four"):
        professional_invitation(conference, name=name)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "0 of 4 received, 0 read by the chair" in page
