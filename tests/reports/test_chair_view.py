"""The chair's view: their upcoming conferences, which reports have arrived, been shared and been
read, "Ready for conference", and a bounded number of queries however many conferences."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.models import RoleCode
from children.models import ProfessionalRole
from conferences.models import Conference, ConferenceStatus, Invitation, InviteeKind
from reports import selectors, services
from reports.models import AgencyReport
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import bulk_booked_conferences
from tests.factories.reports import professional_invitation, signed_off_report
from tests.factories.timescales import fall_due_at

pytestmark = pytest.mark.django_db

STRUCTURED = {"involvement": "Monthly home visits.", "worries": "Missed health checks."}


def status(conference, user):
    return selectors.report_status_for(conference, user)


def test_ready_only_when_every_report_is_in_shared_sent_and_read(
    conference, worker, manager, chair, agency_user, coordinator
):
    invitation = professional_invitation(conference, user=agency_user)
    professional_invitation(conference, is_active=False, name="Taken Off")  # does not count
    assert not status(conference, chair).is_ready

    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.send_to_chair(report=report, by=worker)
    agency_report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        **STRUCTURED,
    )
    services.mark_report_read(report=agency_report, by=chair)
    # Everything but the sharing with the parents.
    assert not status(conference, chair).is_ready

    services.record_sharing_with_parents(report=report, by=worker, not_shared_reason="Reason")
    assert status(conference, chair).is_ready  # a recorded reason counts as dealt with

    # A second professional invited: their report has not arrived.
    second = professional_invitation(conference, role=ProfessionalRole.GP, name="Dr Synth")
    assert not status(conference, chair).is_ready
    second_report = services.submit_agency_report(
        invitation=second, by=coordinator, may_share_with_family=True, **STRUCTURED
    )
    assert not status(conference, chair).is_ready  # arrived, not read
    services.mark_report_read(report=second_report, by=chair)
    assert status(conference, chair).is_ready

    # Resubmitted: the chair must read it again.
    services.submit_agency_report(
        invitation=second, by=coordinator, may_share_with_family=True, **STRUCTURED
    )
    assert not status(conference, chair).is_ready


def test_not_ready_until_the_report_is_sent_to_the_chair(conference, worker, manager, chair):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.record_sharing_with_parents(report=report, by=worker, parents_views="Agreed")
    assert not status(conference, chair).is_ready
    services.send_to_chair(report=report, by=worker)
    assert status(conference, chair).is_ready  # no professionals invited


def test_the_chair_sees_their_conferences_and_marks_a_report_read(
    client, conference, chair, agency_user, worker, manager
):
    invitation = professional_invitation(conference, user=agency_user)
    report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        **STRUCTURED,
    )
    others = UserFactory(roles=[RoleCode.CHAIR])
    Conference.objects.filter(pk=conference.pk)  # the chair's only conference
    login(client, chair)
    page = client.get("/reports/chair/").content.decode()
    assert "Amelia Jones" in page
    assert "Hannah Visitor" in page
    assert "Not for sharing with the family" in page
    assert "Not ready yet" in page
    assert "Ready for conference" not in page
    response = client.post(f"/reports/agency/{report.pk}/read/", {"next": "/reports/chair/"})
    assert response.url == "/reports/chair/"
    report.refresh_from_db()
    assert report.read_by_chair == chair

    sw_report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.record_sharing_with_parents(report=sw_report, by=worker, parents_views="Agreed")
    services.send_to_chair(report=sw_report, by=worker)
    page = client.get("/reports/chair/").content.decode()
    assert "Ready for conference" in page

    login(client, others)
    assert "Amelia Jones" not in client.get("/reports/chair/").content.decode()


def test_the_conference_reports_page_shows_each_agencys_status(
    client, conference, coordinator, agency_user
):
    from timescales.models import Deadline, RuleCode

    awaited = professional_invitation(conference, name="Awaited Person")
    on_time = professional_invitation(conference, user=agency_user)
    late = professional_invitation(conference, role=ProfessionalRole.POLICE, name="DC Late")
    services.open_report_deadlines(conference=conference, by=coordinator)
    services.submit_agency_report(
        invitation=on_time, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    fall_due_at(
        Deadline.objects.filter(rule=RuleCode.AGENCY_REPORT, subject_id=late.pk),
        conference.booked_at - datetime.timedelta(days=1),
    )
    services.submit_agency_report(
        invitation=late,
        by=coordinator,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        **STRUCTURED,
    )
    login(client, coordinator)
    page = client.get(f"/reports/conferences/{conference.pk}/").content.decode()
    rows = {
        name: page.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Awaited Person", "Hannah Visitor", "DC Late")
    }
    assert "Awaited" in rows["Awaited Person"]
    assert "Submitted on time" in rows["Hannah Visitor"]
    assert "May be shared with the family" in rows["Hannah Visitor"]
    assert "Submitted late" in rows["DC Late"]
    assert "Not for sharing with the family" in rows["DC Late"]
    assert awaited.name in page


def test_the_conference_page_include_summarises_the_reports(conference, chair, agency_user):
    professional_invitation(conference, user=agency_user)
    request = RequestFactory().get("/")
    request.user = chair
    html = render_to_string(
        "reports/includes/conference_reports.html",
        {"report_status": status(conference, chair), "request": request},
    )
    assert "Reports to conference" in html
    assert "0 of 1 received" in html
    assert f"/reports/conferences/{conference.pk}/" in html


def test_the_chair_has_your_conferences_in_the_navigation_and_on_home(client, chair, worker):
    login(client, chair)
    assert "/reports/chair/" in client.get("/").content.decode()
    login(client, worker)
    assert "/reports/chair/" not in client.get("/").content.decode()
    assert client.get("/reports/chair/").status_code == 403


# Query counts -------------------------------------------------------------------------------------


def many_conferences(chair, coordinator, count=30):
    """`count` booked conferences for the chair, each with two invited professionals, one of
    whom has reported, and a signed-off social work report sent to the chair."""
    from reports.models import SocialWorkReport, SocialWorkReportStatus

    conferences = bulk_booked_conferences(count=count, by=coordinator, chair=chair)
    for conference in conferences:
        first = professional_invitation(conference, name="Reporting Professional")
        professional_invitation(conference, role=ProfessionalRole.GP, name="Dr Awaited")
        AgencyReport.objects.create(
            invitation=first,
            conference=conference,
            may_share_with_family=True,
            submitted_by=coordinator,
            **STRUCTURED,
        )
        SocialWorkReport.objects.create(
            conference=conference,
            author=coordinator,
            status=SocialWorkReportStatus.SIGNED_OFF,
            signed_off_at=conference.starts_at - datetime.timedelta(days=5),
            signed_off_by=coordinator,
            sent_to_chair_at=conference.starts_at - datetime.timedelta(days=3),
        )
    return conferences


def test_the_chairs_page_takes_a_bounded_number_of_queries(
    client, chair, coordinator, django_assert_max_num_queries
):
    many_conferences(chair, coordinator, count=30)
    login(client, chair)
    client.get("/reports/chair/")  # warm the session and content type caches
    with django_assert_max_num_queries(15):
        response = client.get("/reports/chair/")
    assert response.status_code == 200
    assert response.content.decode().count("Dr Awaited") == selectors.CHAIR_PAGE_SIZE
    with django_assert_max_num_queries(15):
        assert client.get("/reports/chair/?page=2").content.decode().count("Dr Awaited") == 10


def test_the_conference_reports_page_takes_a_bounded_number_of_queries(
    client, conference, coordinator, django_assert_max_num_queries
):
    for n in range(30):
        invitation = professional_invitation(conference, name=f"Professional {n}")
        if n % 2:
            services.submit_agency_report(
                invitation=invitation, by=coordinator, may_share_with_family=True, **STRUCTURED
            )
    services.open_report_deadlines(conference=conference, by=coordinator)
    assert Invitation.objects.filter(kind=InviteeKind.PROFESSIONAL).count() == 30
    login(client, coordinator)
    client.get(f"/reports/conferences/{conference.pk}/")
    with django_assert_max_num_queries(20):
        response = client.get(f"/reports/conferences/{conference.pk}/")
    assert response.content.decode().count("Submitted on time") == 15


def test_only_booked_conferences_from_today_are_listed(chair, coordinator):
    conferences = bulk_booked_conferences(count=3, by=coordinator, chair=chair)
    Conference.objects.filter(pk=conferences[0].pk).update(
        status=ConferenceStatus.POSTPONED, change_reason="Ill", change_agreed_by=coordinator
    )
    page, _, summaries = selectors.chair_conferences_page(chair)
    assert [s.conference.pk for s in summaries] == [c.pk for c in conferences[1:]]
