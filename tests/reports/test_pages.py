"""The report pages: forms (errors next to the field, nothing typed lost), who may open what
(403 or 404, never the data), document downloads, and the sign-off buttons."""

import pytest

from accounts.models import RoleCode
from children.models import ProfessionalRole
from reports import services
from reports.models import AgencyReport, SocialWorkReport, SocialWorkReportStatus
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.reports import (
    PDF_BYTES,
    pdf_upload,
    professional_invitation,
    signed_off_report,
    upload,
)
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

STRUCTURED = {"involvement": "Monthly home visits.", "worries": "Missed health checks."}


def error_next_to(body: str, field: str) -> str:
    marker = f'id="id_{field}-error"'
    assert marker in body, f"no error message next to {field}"
    return body.split(marker, 1)[1].split("</p>", 1)[0]


def refused(response) -> bool:
    return response.status_code in (403, 404)


# The social work report form ---------------------------------------------------------------------


def test_the_social_work_report_form_keeps_what_was_typed_when_a_file_is_refused(
    client, conference, worker
):
    login(client, worker)
    url = f"/reports/conferences/{conference.pk}/social-work-report/edit/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    response = client.post(
        url,
        {
            "worries": "Unexplained bruising to Amelia's arm",
            "working_well": "Nursery every day",
            "scaling_score": "3",
            "recommendation": "cp_plan",
            "genogram": upload("genogram.pdf", b"GIF89a pretending to be a pdf"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "The selected file must be a PDF or Word document" in error_next_to(body, "genogram")
    assert "Unexplained bruising to Amelia&#x27;s arm" in body
    assert 'value="3"' in body
    assert not SocialWorkReport.objects.exists()


def test_the_social_work_report_is_saved_and_shown(client, conference, worker):
    login(client, worker)
    response = client.post(
        f"/reports/conferences/{conference.pk}/social-work-report/edit/",
        {
            "worries": "Bruising",
            "working_well": "Nursery",
            "scaling_score": "4",
            "recommendation": "cp_plan",
            "chronology": pdf_upload("chronology.pdf"),
        },
    )
    assert response.status_code == 302
    report = SocialWorkReport.objects.get()
    assert report.chronology.original_name == "chronology.pdf"
    page = client.get(response.url).content.decode()
    assert "Bruising" in page
    assert "Send for sign-off" in page
    assert "Sign off the report" not in page


def test_an_out_of_range_scaling_score_is_shown_next_to_the_field(client, conference, worker):
    login(client, worker)
    response = client.post(
        f"/reports/conferences/{conference.pk}/social-work-report/edit/",
        {"worries": "Bruising", "scaling_score": "12"},
    )
    assert "between 0 and 10" in error_next_to(response.content.decode(), "scaling_score")


def test_only_the_team_manager_gets_the_sign_off_button_and_a_social_worker_cannot_post_it(
    client, conference, worker, manager
):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", working_well="g", recommendation="nfa"
    )
    services.submit_for_sign_off(report=report, by=worker)
    url = f"/reports/conferences/{conference.pk}/social-work-report/"
    login(client, worker)
    assert "Sign off the report" not in client.get(url).content.decode()
    client.post(f"{url}sign-off/")
    report.refresh_from_db()
    assert report.status == SocialWorkReportStatus.AWAITING_SIGN_OFF
    login(client, manager)
    page = client.get(url).content.decode()
    assert "Sign off the report" in page
    assert "Return for changes" in page
    client.post(f"{url}sign-off/")
    report.refresh_from_db()
    assert report.status == SocialWorkReportStatus.SIGNED_OFF


def test_returning_needs_a_reason_shown_next_to_the_field(client, conference, worker, manager):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", working_well="g", recommendation="nfa"
    )
    services.submit_for_sign_off(report=report, by=worker)
    login(client, manager)
    url = f"/reports/conferences/{conference.pk}/social-work-report/return/"
    body = client.post(url, {"reason": ""}).content.decode()
    assert "Enter what needs to change" in error_next_to(body, "reason")
    assert client.post(url, {"reason": "Add the genogram"}).status_code == 302
    report.refresh_from_db()
    assert report.status == SocialWorkReportStatus.RETURNED


def test_the_share_form_refuses_before_sign_off_and_records_after(
    client, conference, worker, manager
):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", working_well="g", recommendation="nfa"
    )
    login(client, worker)
    url = f"/reports/conferences/{conference.pk}/social-work-report/share/"
    body = client.post(url, {"shared": "yes", "parents_views": "Agreed"}).content.decode()
    assert "must sign off the report before it is shared" in body
    report.refresh_from_db()
    assert report.shared_with_parents_at is None

    services.submit_for_sign_off(report=report, by=worker)
    services.sign_off_report(report=report, by=manager)
    body = client.post(url, {"shared": "no", "not_shared_reason": ""}).content.decode()
    assert "Enter why the report was not shared" in error_next_to(body, "not_shared_reason")
    assert client.post(url, {"shared": "yes", "parents_views": "Agreed"}).status_code == 302
    report.refresh_from_db()
    assert report.parents_views == "Agreed"


# Who may see what --------------------------------------------------------------------------------


def test_an_agency_professional_sees_only_their_own_report(
    client, conference, agency_user, worker, manager
):
    mine = professional_invitation(conference, user=agency_user)
    colleague = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    theirs = professional_invitation(conference, user=colleague, role=ProfessionalRole.SCHOOL)
    their_report = services.submit_agency_report(
        invitation=theirs, by=colleague, may_share_with_family=True, **STRUCTURED
    )
    signed_off_report(conference=conference, worker=worker, manager=manager)
    login(client, agency_user)
    assert client.get(f"/reports/invitations/{mine.pk}/").status_code == 200
    assert refused(client.get(f"/reports/invitations/{theirs.pk}/"))
    assert refused(client.get(f"/reports/agency/{their_report.pk}/"))
    assert refused(client.get(f"/reports/conferences/{conference.pk}/"))
    assert refused(client.get(f"/reports/conferences/{conference.pk}/social-work-report/"))
    assert refused(client.get("/reports/chair/"))


def test_an_agency_professional_cannot_reach_a_conference_they_are_not_invited_to(
    client, conference, agency_user
):
    invitation = professional_invitation(conference, user=agency_user, is_active=False)
    login(client, agency_user)
    assert refused(client.get(f"/reports/invitations/{invitation.pk}/"))


def test_the_social_work_report_is_hidden_from_the_chair_until_it_is_sent(
    client, conference, worker, manager, chair
):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    url = f"/reports/conferences/{conference.pk}/social-work-report/"
    login(client, chair)
    assert client.get(url).status_code == 403
    services.send_to_chair(report=report, by=worker)
    page = client.get(url).content.decode()
    assert "Mark as read" in page
    client.post(f"{url}read/", {"next": url})
    report.refresh_from_db()
    assert report.read_by_chair == chair


def test_another_chair_cannot_mark_reports_read(client, conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    login(client, UserFactory(roles=[RoleCode.CHAIR]))
    assert client.post(f"/reports/agency/{report.pk}/read/").status_code == 403
    report.refresh_from_db()
    assert report.read_by_chair_at is None


def test_the_read_button_never_redirects_off_site(client, conference, agency_user, chair):
    invitation = professional_invitation(conference, user=agency_user)
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    login(client, chair)
    response = client.post(
        f"/reports/agency/{report.pk}/read/", {"next": "https://evil.example/phish"}
    )
    assert response.url == "/reports/chair/"


# Documents ---------------------------------------------------------------------------------------


@shareable
def agency_document(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        document=pdf_upload("Health visitor report.pdf"),
    )
    return report.document


def test_the_author_the_chair_and_the_coordinator_download_an_agency_report(
    client, agency_document, agency_user, chair, coordinator, qa_manager
):
    for user in (agency_user, chair, coordinator, qa_manager):
        login(client, user)
        response = client.get(f"/reports/documents/{agency_document.pk}/")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Health visitor report.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_agency_report_document_is_refused_to_other_professionals_and_social_workers(
    client, conference, agency_document, worker
):
    other_professional = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    professional_invitation(conference, user=other_professional, role=ProfessionalRole.SCHOOL)
    another_childs_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory())
    ChildFactory(lead_social_worker=another_childs_worker)
    for user in (other_professional, another_childs_worker, worker):
        login(client, user)
        response = client.get(f"/reports/documents/{agency_document.pk}/")
        assert refused(response), user
        assert PDF_BYTES not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_genogram_is_refused_to_a_social_worker_of_another_child_and_to_professionals(
    client, conference, worker, agency_user
):
    professional_invitation(conference, user=agency_user)
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", genogram=pdf_upload("genogram.pdf")
    )
    url = f"/reports/documents/{report.genogram_id}/"
    login(client, worker)
    assert client.get(url).status_code == 200
    another_childs_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory())
    ChildFactory(lead_social_worker=another_childs_worker)
    for user in (another_childs_worker, agency_user):
        login(client, user)
        assert refused(client.get(url)), user


def test_a_restricted_childs_documents_are_not_found_for_someone_not_named(
    client, conference, worker, coordinator, children
):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", genogram=pdf_upload("genogram.pdf")
    )
    type(children[0]).objects.filter(pk=children[0].pk).update(is_restricted=True)
    login(client, coordinator)
    assert client.get(f"/reports/documents/{report.genogram_id}/").status_code == 404


def test_a_replaced_document_is_no_longer_served(client, conference, worker):
    first = services.save_social_work_report(
        conference=conference, by=worker, worries="w", genogram=pdf_upload("old.pdf")
    ).genogram
    services.save_social_work_report(
        conference=conference, by=worker, worries="w", genogram=pdf_upload("new.pdf")
    )
    login(client, worker)
    assert client.get(f"/reports/documents/{first.pk}/").status_code == 404


# The agency report form --------------------------------------------------------------------------


def checked(body: str, value: str) -> bool:
    tag = body.split(f'name="may_share_with_family" type="radio" value="{value}"', 1)[1]
    return tag.split(">", 1)[0].strip() == "checked"


def test_the_family_sharing_question_defaults_to_no_for_police_only(client, conference):
    police_user = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    police = professional_invitation(conference, user=police_user, role=ProfessionalRole.POLICE)
    login(client, police_user)
    body = client.get(f"/reports/invitations/{police.pk}/").content.decode()
    assert "May this report be shared with the family?" in body
    assert checked(body, "no") and not checked(body, "yes")

    nurse = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    invitation = professional_invitation(conference, user=nurse, role=ProfessionalRole.SCHOOL_NURSE)
    login(client, nurse)
    body = client.get(f"/reports/invitations/{invitation.pk}/").content.decode()
    assert not checked(body, "no") and not checked(body, "yes")
    body = client.post(f"/reports/invitations/{invitation.pk}/", STRUCTURED).content.decode()
    assert "Select whether this report may be shared" in error_next_to(
        body, "may_share_with_family"
    )
    assert "Monthly home visits." in body


def test_an_agency_professional_submits_a_structured_report(client, conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    login(client, agency_user)
    url = f"/reports/invitations/{invitation.pk}/"
    body = client.post(url, {"may_share_with_family": "no"}).content.decode()
    assert "or upload your report" in error_next_to(body, "involvement")
    response = client.post(
        url,
        {
            "may_share_with_family": "no",
            "not_shared_reason": "It names a third party.",
            **STRUCTURED,
        },
    )
    assert response.status_code == 302
    report = AgencyReport.objects.get()
    assert report.may_share_with_family is False
    assert report.submitted_by == agency_user
    assert "Not for sharing with the family" in client.get(url).content.decode()


def test_an_oversize_upload_is_refused_next_to_the_field(client, conference, agency_user, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    invitation = professional_invitation(conference, user=agency_user)
    login(client, agency_user)
    body = client.post(
        f"/reports/invitations/{invitation.pk}/",
        {
            "may_share_with_family": "yes",
            "document": upload("report.pdf", PDF_BYTES + b"0" * (1024 * 1024)),
        },
    ).content.decode()
    assert "The selected file must be smaller than 1MB" in error_next_to(body, "document")
    assert not AgencyReport.objects.exists()


def test_the_coordinator_adds_the_report_of_a_professional_who_does_not_sign_in(
    client, conference, coordinator
):
    external = professional_invitation(conference, name="Gina Practitioner")
    login(client, coordinator)
    page = client.get(f"/reports/conferences/{conference.pk}/").content.decode()
    assert f"/reports/invitations/{external.pk}/" in page
    response = client.post(
        f"/reports/invitations/{external.pk}/",
        {"may_share_with_family": "yes", "document": pdf_upload()},
    )
    assert response.status_code == 302
    assert AgencyReport.objects.get().submitted_by == coordinator
