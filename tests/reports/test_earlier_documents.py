"""A replaced agency report document stays downloadable, from the report's history, by whoever
may read the report, and by nobody else (issue 20 item 6)."""

import pytest

from accounts.models import RoleCode
from children.models import ProfessionalRole
from reports import services
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.reports import PDF_BYTES, pdf_upload, professional_invitation
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


def _submit(invitation, by, name):
    return services.submit_agency_report(
        invitation=invitation,
        by=by,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        document=pdf_upload(name),
    )


@shareable
def replaced(conference, agency_user):
    """The health visitor's report, sent with one document and sent again with another."""
    invitation = professional_invitation(conference, user=agency_user)
    first = _submit(invitation, agency_user, "First report.pdf").document
    report = _submit(invitation, agency_user, "Second report.pdf")
    assert report.document_id != first.pk
    return report, first


def _url(report, document):
    return f"/reports/agency/{report.pk}/earlier-documents/{document.pk}/"


def test_the_report_page_links_the_earlier_version(client, replaced, chair):
    report, first = replaced
    login(client, chair)
    page = client.get(f"/reports/agency/{report.pk}/").content.decode()
    assert "Earlier versions" in page
    assert _url(report, first) in page and "First report.pdf" in page


def test_those_who_may_read_the_report_download_its_earlier_version(
    client, replaced, agency_user, chair, coordinator
):
    report, first = replaced
    for user in (agency_user, chair, coordinator):
        login(client, user)
        response = client.get(_url(report, first))
        assert response.status_code == 200, user
        assert "First report.pdf" in response["Content-Disposition"]
        assert response["Cache-Control"] == "no-store, private"
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_nobody_else_downloads_the_earlier_version(client, conference, replaced, worker):
    report, first = replaced
    other_professional = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    professional_invitation(conference, user=other_professional, role=ProfessionalRole.SCHOOL)
    another_childs_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory())
    ChildFactory(lead_social_worker=another_childs_worker)
    for user in (other_professional, another_childs_worker, worker):
        login(client, user)
        response = client.get(_url(report, first))
        assert response.status_code in (403, 404), user
        assert PDF_BYTES not in response.content


def test_only_the_reports_own_earlier_documents_are_served_there(
    client, conference, replaced, chair
):
    report, first = replaced
    teacher = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    invitation = professional_invitation(conference, user=teacher, role=ProfessionalRole.SCHOOL)
    other = _submit(invitation, teacher, "Other.pdf")
    login(client, chair)
    assert client.get(_url(other, first)).status_code == 404  # another report's history
    assert client.get(_url(report, report.document)).status_code == 404  # the current one
