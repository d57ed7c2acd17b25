"""Issue 18 item 8: the agency report form can be saved as a draft and finished later. A draft is
not submitted, is not visible to anyone else as a report, and does not meet AGENCY_REPORT; the
professional's work list names the children and the day the report is due."""

import pytest
from django.contrib.contenttypes.models import ContentType

from conferences.models import Invitation
from reports import drafts, services
from reports.models import AgencyReport, AgencyReportDraft
from tests.auth import login
from tests.factories.reports import pdf_upload, professional_invitation
from tests.shared_world import shareable
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


def _deadline(invitation):
    return Deadline.objects.get(
        rule=RuleCode.AGENCY_REPORT,
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id=invitation.pk,
    )


@shareable
def invitation(conference, agency_user, coordinator):
    made = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    return made


def test_a_draft_is_saved_with_anything_empty_and_is_not_a_report(invitation, agency_user):
    draft = drafts.save_agency_report_draft(
        invitation=invitation, by=agency_user, involvement="Monthly visits"
    )
    assert draft.is_open and draft.may_share_with_family is None
    assert not AgencyReport.objects.exists()
    assert _deadline(invitation).status == DeadlineStatus.OPEN


def test_a_draft_with_an_upload_is_finished_later(invitation, agency_user):
    drafts.save_agency_report_draft(invitation=invitation, by=agency_user, document=pdf_upload())
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True
    )
    assert report.document.original_name == "report.pdf"
    assert _deadline(invitation).status == DeadlineStatus.MET_ON_TIME
    assert not AgencyReportDraft.objects.get(invitation=invitation).is_open


def test_only_the_invited_professional_saves_a_draft(invitation, chair, conference):
    with pytest.raises(services.ReportError):
        drafts.save_agency_report_draft(invitation=invitation, by=chair, worries="x")
    assert not AgencyReportDraft.objects.exists()


def test_a_draft_of_changes_leaves_the_submitted_report_as_it_was(invitation, agency_user):
    report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=True,
        involvement="Monthly visits",
        worries="Missed checks",
    )
    drafts.save_agency_report_draft(
        invitation=invitation, by=agency_user, involvement="Weekly visits now"
    )
    report.refresh_from_db()
    assert report.involvement == "Monthly visits"


# The page ---------------------------------------------------------------------------------------


def test_saving_a_draft_on_the_form_and_submitting_it_later(client, invitation, agency_user):
    url = f"/reports/invitations/{invitation.pk}/"
    login(client, agency_user)
    response = client.post(url, {"action": "draft", "involvement": "Monthly visits"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "You saved a draft" in page and "Monthly visits" in page
    assert "Save as a draft" in page
    assert not AgencyReport.objects.exists()
    # Submitting checks what a report needs
    response = client.post(url, {"action": "submit", "involvement": "Monthly visits"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "submit",
            "may_share_with_family": "yes",
            "involvement": "Monthly visits",
            "worries": "Missed checks",
        },
    )
    assert response.status_code == 302
    assert AgencyReport.objects.get(invitation=invitation).worries == "Missed checks"
    assert "You saved a draft" not in client.get(url).content.decode()


def test_the_chair_does_not_see_a_draft(client, invitation, agency_user, chair, conference):
    drafts.save_agency_report_draft(
        invitation=invitation, by=agency_user, worries="Secret draft worry"
    )
    login(client, chair)
    page = client.get(f"/reports/conferences/{conference.pk}/").content.decode()
    assert "Secret draft worry" not in page and "Awaited" in page


def test_the_work_list_names_the_children_the_due_date_and_the_draft(
    client, invitation, agency_user
):
    from core.templatetags.govuk import govuk_date

    login(client, agency_user)
    page = client.get("/").content.decode()
    assert "About Amelia Jones, Noah Jones" in page or "About Noah Jones, Amelia Jones" in page
    assert f"Report due by {govuk_date(_deadline(invitation).due_on)}" in page
    assert "Not started" in page
    drafts.save_agency_report_draft(invitation=invitation, by=agency_user, worries="x")
    assert "Draft saved, not submitted" in client.get("/").content.decode()
