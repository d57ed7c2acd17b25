"""Issue 18 item 7: reports shared with the family before the conference (000; 003 "no
surprises"). An agency report the family may not see carries a reason; one they may see is shared
with the parents (when and how) or the reason it could not be is recorded; the chair sees which
were not shared and why. A signed-off social work report changed after sharing goes back to the
team manager and is shared again."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children.models import ProfessionalRole
from reports import services, sharing
from reports.models import AgencyReport, ReportSharingMethod, SocialWorkReportStatus
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.reports import professional_invitation, signed_off_report
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

STRUCTURED = {"involvement": "Monthly home visits.", "worries": "Missed health checks."}


def _submit(invitation, by, may_share=True, **kwargs):
    return services.submit_agency_report(
        invitation=invitation, by=by, may_share_with_family=may_share, **STRUCTURED, **kwargs
    )


def _error(call, **kwargs):
    with pytest.raises(services.ReportError) as caught:
        call(**kwargs)
    return caught.value


# The reason a report is not for the family --------------------------------------------------------


def test_a_report_not_for_the_family_needs_a_reason(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    error = _error(
        services.submit_agency_report,
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        **STRUCTURED,
    )
    assert error.field == "not_shared_reason"
    assert not AgencyReport.objects.exists()
    report = _submit(invitation, agency_user, False, not_shared_reason="It would put Noah at risk.")
    assert report.not_shared_reason == "It would put Noah at risk."
    assert report.sharing_state == "not_shared"


def test_a_police_report_is_not_shared_with_the_police_reason_by_default(conference, coordinator):
    invitation = professional_invitation(conference, role=ProfessionalRole.POLICE)
    report = _submit(invitation, coordinator, False)
    assert report.not_shared_reason == sharing.POLICE_NOT_SHARED_REASON


def test_a_report_for_the_family_keeps_no_reason(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    report = _submit(invitation, agency_user, True, not_shared_reason="ignored")
    assert report.not_shared_reason == ""
    assert report.sharing_state == "awaited"


# Recording the sharing ---------------------------------------------------------------------------


def test_the_author_records_when_and_how_the_report_was_shared(conference, agency_user):
    report = _submit(professional_invitation(conference, user=agency_user), agency_user)
    today = timezone.localdate()
    shared = sharing.record_agency_report_sharing(
        report=report, by=agency_user, shared=True, shared_on=today, how=ReportSharingMethod.EMAIL
    )
    assert shared.sharing_state == "shared"
    assert shared.shared_with_parents_on == today and shared.shared_how == "email"
    assert shared.sharing_recorded_by == agency_user


def test_a_report_that_could_not_be_shared_records_why(conference, agency_user, worker):
    report = _submit(professional_invitation(conference, user=agency_user), agency_user)
    error = _error(sharing.record_agency_report_sharing, report=report, by=worker, shared=False)
    assert error.field == "not_shared_reason"
    done = sharing.record_agency_report_sharing(
        report=report, by=worker, shared=False, not_shared_reason="Mother did not come to meet."
    )
    assert done.sharing_state == "not_shared"
    assert done.not_shared_reason == "Mother did not come to meet."


def test_the_rules_of_recording_the_sharing(conference, agency_user, chair):
    report = _submit(professional_invitation(conference, user=agency_user), agency_user)
    today = timezone.localdate()
    cases = [
        ({"shared_on": None, "how": "email"}, "shared_on"),
        ({"shared_on": today + datetime.timedelta(days=1), "how": "email"}, "shared_on"),
        ({"shared_on": today, "how": "pigeon"}, "how"),
    ]
    for kwargs, field in cases:
        error = _error(
            sharing.record_agency_report_sharing,
            report=report,
            by=agency_user,
            shared=True,
            **kwargs,
        )
        assert error.field == field
    # the chair reads the report; the author, the children's team or the coordinator record sharing
    error = _error(
        sharing.record_agency_report_sharing,
        report=report,
        by=chair,
        shared=True,
        shared_on=today,
        how="email",
    )
    assert error.field is None
    report.refresh_from_db()
    assert report.sharing_recorded_at is None


def test_a_report_not_for_the_family_is_never_recorded_as_shared(conference, agency_user):
    report = _submit(
        professional_invitation(conference, user=agency_user),
        agency_user,
        False,
        not_shared_reason="It would put a child at risk.",
    )
    _error(
        sharing.record_agency_report_sharing,
        report=report,
        by=agency_user,
        shared=True,
        shared_on=timezone.localdate(),
        how="email",
    )


def test_submitting_again_means_the_parents_see_the_new_version(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    report = _submit(invitation, agency_user)
    sharing.record_agency_report_sharing(
        report=report, by=agency_user, shared=True, shared_on=timezone.localdate(), how="post"
    )
    again = _submit(invitation, agency_user)
    assert again.sharing_state == "awaited"
    assert again.shared_with_parents_on is None
    assert again.history.filter(shared_with_parents_on__isnull=False).exists()


# The chair sees which were not shared and why -------------------------------------------------------


def test_the_chair_sees_which_reports_were_not_shared_and_why(
    client, conference, agency_user, chair, coordinator, django_assert_max_num_queries
):
    shared = _submit(professional_invitation(conference, user=agency_user), agency_user)
    sharing.record_agency_report_sharing(
        report=shared, by=agency_user, shared=True, shared_on=timezone.localdate(), how="email"
    )
    _submit(
        professional_invitation(conference, name="Sam School"),
        coordinator,
        False,
        not_shared_reason="It would put Amelia at risk.",
    )
    _submit(professional_invitation(conference, name="Gail GP"), coordinator)
    for n in range(10):
        _submit(professional_invitation(conference, name=f"Other {n}"), coordinator)
    login(client, chair)
    with django_assert_max_num_queries(25):
        response = client.get(f"/reports/conferences/{conference.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "12 reports not shared with the parents" in page
    assert "Sam School" in page and "It would put Amelia at risk." in page
    assert "Gail GP" in page and "not shared yet, and no reason recorded" in page
    assert "Shared on" in page
    chair_list = client.get("/reports/chair/").content.decode()
    assert "It would put Amelia at risk." in chair_list and "Not shared yet" in chair_list


def test_the_sharing_page_records_it_and_shows_errors(client, conference, agency_user):
    report = _submit(professional_invitation(conference, user=agency_user), agency_user)
    url = f"/reports/agency/{report.pk}/sharing/"
    login(client, agency_user)
    assert url in client.get(f"/reports/agency/{report.pk}/").content.decode()
    response = client.post(url, {"shared": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Enter the date the report was shared" in body
    assert "Select how the report was shared" in body
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "shared": "yes",
            "shared_on_day": str(today.day),
            "shared_on_month": str(today.month),
            "shared_on_year": str(today.year),
            "how": "in_person",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.shared_how == "in_person" and report.shared_with_parents_on == today


def test_others_may_not_record_the_sharing(client, conference, agency_user, chair):
    report = _submit(professional_invitation(conference, user=agency_user), agency_user)
    other = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    for user in (chair, other):
        login(client, user)
        assert client.get(f"/reports/agency/{report.pk}/sharing/").status_code in (403, 404)


# The social work report changed after it was shared ---------------------------------------------


@shareable
def shared_report(conference, worker, manager):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.record_sharing_with_parents(report=report, by=worker, parents_views="Sarah agrees.")
    return services.send_to_chair(report=report, by=worker)


def test_a_changed_report_goes_back_for_sign_off_and_is_shared_again(
    shared_report, worker, manager
):
    first_shared = shared_report.shared_with_parents_at
    reopened = sharing.reopen_social_work_report(
        report=shared_report, by=worker, reason="The police check came back."
    )
    assert reopened.status == SocialWorkReportStatus.DRAFT
    assert reopened.previously_shared_at == first_shared
    assert reopened.to_share_again
    assert reopened.signed_off_at is None and reopened.sent_to_chair_at is None
    assert reopened.shared_with_parents_at is None and not reopened.parents_sharing_recorded
    # Sharing and sending are refused until the team manager signs it off again.
    _error(
        services.record_sharing_with_parents,
        report=reopened,
        by=worker,
        parents_views="Seen again.",
    )
    services.save_social_work_report(
        conference=reopened.conference,
        by=worker,
        worries="Bruising seen at nursery; a police caution for the father.",
        working_well="Mother takes the children to every appointment.",
        recommendation="cp_plan",
        recommended_category="physical_abuse",
    )
    services.submit_for_sign_off(report=reopened, by=worker)
    again = services.sign_off_report(report=reopened, by=manager)
    assert again.to_share_again
    shared = services.record_sharing_with_parents(
        report=again, by=worker, parents_views="Sarah disagrees with the police check."
    )
    assert not shared.to_share_again


def test_only_the_childrens_team_reopens_a_signed_off_report_with_a_reason(
    shared_report, worker, coordinator, conference
):
    assert _error(
        sharing.reopen_social_work_report, report=shared_report, by=worker, reason=" "
    ).field == ("reason")
    _error(sharing.reopen_social_work_report, report=shared_report, by=coordinator, reason="x")
    sharing.reopen_social_work_report(report=shared_report, by=worker, reason="New facts.")
    # a draft is changed as it is, not reopened
    _error(sharing.reopen_social_work_report, report=shared_report, by=worker, reason="Again.")


def test_the_reopen_page_and_the_warning_on_the_report(client, shared_report, worker, chair):
    conference = shared_report.conference
    login(client, worker)
    page = client.get(f"/reports/conferences/{conference.pk}/social-work-report/").content.decode()
    assert "Change the signed-off report" in page
    url = f"/reports/conferences/{conference.pk}/social-work-report/reopen/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter what is changing in the report" in response.content.decode()
    response = client.post(url, {"reason": "The police check came back."})
    assert response.status_code == 302
    page = client.get(f"/reports/conferences/{conference.pk}/social-work-report/").content.decode()
    assert "changed after an earlier version was shared with the parents" in page
    summary = client.get(f"/reports/conferences/{conference.pk}/").content.decode()
    assert "Changed since the parents saw it" in summary
    login(client, chair)
    assert client.get(url).status_code in (403, 404)
