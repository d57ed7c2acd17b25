"""Uploaded reports are never trusted (issue 9 part 5): an HTML payload named report.pdf is
refused through the real form (reports/uploads.py reads the bytes, not the name or the browser's
content type), and a stored document is only ever served as a download the browser must not
sniff or render: `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`, from
private storage (MEDIA_ROOT, which no URL serves)."""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from reports.models import AgencyReport, ReportDocument
from reports.uploads import WRONG_TYPE
from tests.auth import login
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request, working_day_at
from tests.factories.reports import PDF_BYTES, professional_invitation, upload

pytestmark = pytest.mark.django_db

HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def invitation(db):
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )
    child = ChildFactory(lead_social_worker=worker)
    FamilyLinkFactory(child=child)
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request,
        coordinator=UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        chair=UserFactory(roles=[RoleCode.CHAIR]),
        starts_at=working_day_at(10),
    )
    professional = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=AgencyFactory())
    return professional_invitation(conference, user=professional)


def _submit(client, invitation, file):
    login(client, invitation.user)
    return client.post(
        reverse("reports:agency-report-form", args=[invitation.pk]),
        {
            "may_share_with_family": "no",
            "not_shared_reason": "It names a third party.",
            "document": file,
        },
    )


def test_an_html_payload_named_pdf_is_refused_by_the_form(client, invitation):
    response = _submit(
        client, invitation, upload("report.pdf", HTML_PAYLOAD, content_type="application/pdf")
    )
    assert response.status_code == 200  # the form again, with the error
    assert WRONG_TYPE in response.content.decode()
    assert not AgencyReport.objects.filter(invitation=invitation).exists()
    assert not ReportDocument.objects.exists()


def test_a_stored_document_is_served_as_an_unsniffable_attachment(
    client, invitation, settings, tmp_path
):
    response = _submit(client, invitation, upload('"><img src=x>.pdf', PDF_BYTES, "text/html"))
    assert response.status_code == 302, response.content.decode()[:500]
    report = AgencyReport.objects.get(invitation=invitation)
    document = report.document
    # Stored under private storage with a random name, not the uploaded one.
    assert str(tmp_path) in document.file.path
    assert "img" not in document.file.name
    assert document.content_type == "application/pdf"  # from the bytes, not the browser

    response = client.get(reverse("reports:document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    # The uploaded name cannot break out of the header.
    assert "<img" not in response["Content-Disposition"].split("filename")[0]


def test_media_files_have_no_url(client, invitation):
    """MEDIA_ROOT is not served: only the permission-checked view hands out documents."""
    login(client, invitation.user)
    assert client.get("/media/reports/anything.pdf").status_code == 404
