"""The report services: who may do what, in which order, and what each one records."""

import pytest

from accounts.models import AgencyKind, RoleCode
from children.models import ProfessionalRole
from reports import services
from reports.models import AgencyReport, SocialWorkReport, SocialWorkReportStatus
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.reports import (
    pdf_upload,
    professional_invitation,
    signed_off_report,
    upload,
)

pytestmark = pytest.mark.django_db

STRUCTURED = {
    "involvement": "Health visitor to Noah since birth; monthly home visits.",
    "worries": "Missed developmental checks.",
}


def error_of(call, **kwargs) -> services.ReportError:
    with pytest.raises(services.ReportError) as caught:
        call(**kwargs)
    return caught.value


# Sharing with the family -------------------------------------------------------------------------


def test_police_reports_default_to_not_shared_and_others_to_shared(conference):
    police = professional_invitation(conference, role=ProfessionalRole.POLICE)
    police_agency_other_role = professional_invitation(
        conference,
        role=ProfessionalRole.OTHER,
        agency=AgencyFactory(kind=AgencyKind.POLICE, name="Synthetic Constabulary"),
    )
    health_visitor = professional_invitation(conference, role=ProfessionalRole.HEALTH_VISITOR)
    assert services.default_may_share_with_family(police) is False
    assert services.default_may_share_with_family(police_agency_other_role) is False
    assert services.default_may_share_with_family(health_visitor) is True


def test_the_author_must_choose_whether_the_family_may_see_the_report(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    error = error_of(
        services.submit_agency_report,
        invitation=invitation,
        by=agency_user,
        may_share_with_family=None,
        **STRUCTURED,
    )
    assert error.field == "may_share_with_family"
    assert not AgencyReport.objects.exists()


def test_an_agency_report_needs_a_document_or_the_involvement_and_worries(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    error = error_of(
        services.submit_agency_report,
        invitation=invitation,
        by=agency_user,
        may_share_with_family=True,
        involvement="Monthly visits",
    )
    assert error.field == "worries"
    report = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        document=pdf_upload(),
    )
    assert report.document.original_name == "report.pdf"
    assert report.may_share_with_family is False
    assert report.agency == invitation.agency
    assert report.conference == conference


def test_a_bad_upload_is_refused_by_the_service_too(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    error = error_of(
        services.submit_agency_report,
        invitation=invitation,
        by=agency_user,
        may_share_with_family=True,
        document=upload("report.pdf", b"MZ\x90\x00 not a pdf"),
    )
    assert error.field == "document"
    assert error.message == "The selected file must be a PDF or Word document"


def test_only_the_invited_professional_or_the_coordinator_for_an_external_one_submits(
    conference, agency_user, coordinator, worker
):
    signed_in = professional_invitation(conference, user=agency_user)
    external = professional_invitation(conference, name="Gina Practitioner")
    other_professional = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    for by, invitation in (
        (other_professional, signed_in),
        (coordinator, signed_in),  # they sign in: they submit their own
        (worker, external),
        (agency_user, external),
    ):
        error_of(
            services.submit_agency_report,
            invitation=invitation,
            by=by,
            may_share_with_family=True,
            **STRUCTURED,
        )
    report = services.submit_agency_report(
        invitation=external, by=coordinator, may_share_with_family=True, **STRUCTURED
    )
    assert report.submitted_by == coordinator


def test_a_withdrawn_invitation_cannot_submit(conference, agency_user):
    invitation = professional_invitation(conference, user=agency_user, is_active=False)
    error_of(
        services.submit_agency_report,
        invitation=invitation,
        by=agency_user,
        may_share_with_family=True,
        **STRUCTURED,
    )


def test_submitting_again_replaces_the_report_and_asks_the_chair_to_read_it_again(
    conference, agency_user, chair
):
    invitation = professional_invitation(conference, user=agency_user)
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    services.mark_report_read(report=report, by=chair)
    again = services.submit_agency_report(
        invitation=invitation,
        by=agency_user,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        involvement="Updated involvement",
        worries="Updated worries",
    )
    assert again.pk == report.pk
    assert again.read_by_chair_at is None
    assert again.may_share_with_family is False
    assert again.history.count() == 3  # submitted, read, submitted again


# The social work report --------------------------------------------------------------------------


def test_the_lead_social_worker_writes_a_draft_with_uploads(conference, worker):
    report = services.save_social_work_report(
        conference=conference,
        by=worker,
        worries="Bruising",
        working_well="Nursery attendance",
        scaling_score=4,
        genogram=pdf_upload("genogram.pdf"),
    )
    assert report.status == SocialWorkReportStatus.DRAFT
    assert report.author == worker
    assert report.genogram.original_name == "genogram.pdf"
    # Saving again keeps the genogram when no new file is given.
    report = services.save_social_work_report(conference=conference, by=worker, worries="More")
    assert report.genogram.original_name == "genogram.pdf"
    assert SocialWorkReport.objects.count() == 1


def test_someone_outside_the_childrens_team_cannot_write_it(conference, coordinator, chair):
    outsider = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory())
    for by in (outsider, coordinator, chair):
        error_of(services.save_social_work_report, conference=conference, by=by, worries="x")


def test_a_colleague_in_the_lead_social_workers_team_may_write_it(conference, team):
    colleague = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team)
    report = services.save_social_work_report(conference=conference, by=colleague, worries="x")
    assert report.author == colleague


def test_the_scaling_score_is_0_to_10(conference, worker):
    error = error_of(
        services.save_social_work_report, conference=conference, by=worker, scaling_score=11
    )
    assert error.field == "scaling_score"


def test_sending_for_sign_off_needs_the_worries_what_works_and_a_recommendation(conference, worker):
    report = services.save_social_work_report(conference=conference, by=worker, worries="x")
    error = error_of(services.submit_for_sign_off, report=report, by=worker)
    assert error.field == "working_well"


def test_sign_off_is_only_by_a_team_manager_of_the_social_workers_team(
    conference, worker, manager, coordinator, chair
):
    report = services.save_social_work_report(
        conference=conference,
        by=worker,
        worries="w",
        working_well="g",
        recommendation="cp_plan",
        recommended_category="physical_abuse",
    )
    report = services.submit_for_sign_off(report=report, by=worker)
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=TeamFactory())
    for by in (worker, coordinator, chair, other_manager):
        error = error_of(services.sign_off_report, report=report, by=by)
        assert "team manager" in error.message
    report.refresh_from_db()
    assert report.status == SocialWorkReportStatus.AWAITING_SIGN_OFF
    report = services.sign_off_report(report=report, by=manager)
    assert report.status == SocialWorkReportStatus.SIGNED_OFF
    assert report.signed_off_by == manager


def test_a_team_manager_who_wrote_it_cannot_sign_off_their_own_report(conference, manager):
    report = services.save_social_work_report(
        conference=conference,
        by=manager,
        worries="w",
        working_well="g",
        recommendation="cp_plan",
        recommended_category="physical_abuse",
    )
    services.submit_for_sign_off(report=report, by=manager)
    error = error_of(services.sign_off_report, report=report, by=manager)
    assert "other than the report's author" in error.message


def test_the_manager_returns_it_with_a_reason_and_the_social_worker_changes_it(
    conference, worker, manager
):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", working_well="g", recommendation="nfa"
    )
    services.submit_for_sign_off(report=report, by=worker)
    # Sent for sign-off: the social worker cannot change it meanwhile.
    error_of(services.save_social_work_report, conference=conference, by=worker, worries="y")
    error = error_of(services.return_report, report=report, by=manager, reason=" ")
    assert error.field == "reason"
    error_of(services.return_report, report=report, by=worker, reason="Not mine to return")
    report = services.return_report(report=report, by=manager, reason="Add the chronology")
    assert report.status == SocialWorkReportStatus.RETURNED
    assert report.return_reason == "Add the chronology"
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w2", working_well="g", recommendation="nfa"
    )
    assert report.worries == "w2"
    services.submit_for_sign_off(report=report, by=worker)
    assert services.sign_off_report(report=report, by=manager).is_signed_off


def test_sharing_and_sending_before_sign_off_are_refused(conference, worker):
    report = services.save_social_work_report(
        conference=conference, by=worker, worries="w", working_well="g", recommendation="nfa"
    )
    error = error_of(
        services.record_sharing_with_parents, report=report, by=worker, parents_views="Agreed"
    )
    assert "sign off" in error.message
    services.submit_for_sign_off(report=report, by=worker)
    error_of(services.record_sharing_with_parents, report=report, by=worker, parents_views="Ok")
    error_of(services.send_to_chair, report=report, by=worker)
    report.refresh_from_db()
    assert report.shared_with_parents_at is None
    assert report.sent_to_chair_at is None


def test_sharing_needs_the_parents_views_or_a_reason_not_both(conference, worker, manager):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    assert (
        error_of(services.record_sharing_with_parents, report=report, by=worker).field
        == "parents_views"
    )
    error_of(
        services.record_sharing_with_parents,
        report=report,
        by=worker,
        parents_views="Views",
        not_shared_reason="Reason",
    )
    report = services.record_sharing_with_parents(
        report=report, by=worker, parents_views="Mother disagrees with the scaling."
    )
    assert report.shared_with_parents_at is not None
    assert report.may_share_with_family is True


def test_a_recorded_reason_for_not_sharing_marks_the_report_not_for_the_family(
    conference, worker, manager
):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.record_sharing_with_parents(
        report=report, by=worker, not_shared_reason="Police investigation: sharing would harm it"
    )
    assert report.shared_with_parents_at is None
    assert report.parents_sharing_recorded
    assert report.may_share_with_family is False


def test_sent_to_the_chair_once(conference, worker, manager):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.send_to_chair(report=report, by=worker)
    assert report.sent_to_chair_by == worker
    error_of(services.send_to_chair, report=report, by=worker)


def test_only_the_conferences_chair_marks_reports_read(conference, worker, manager, chair):
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    error = error_of(services.mark_report_read, report=report, by=chair)
    assert "not been sent" in error.message
    services.send_to_chair(report=report, by=worker)
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    for by in (other_chair, worker, manager):
        error_of(services.mark_report_read, report=report, by=by)
    report = services.mark_report_read(report=report, by=chair)
    first = report.read_by_chair_at
    assert first is not None
    assert services.mark_report_read(report=report, by=chair).read_by_chair_at == first


def test_a_cancelled_conferences_report_cannot_be_changed(
    conference, worker, coordinator, service_manager
):
    from conferences.services import cancel_conference

    cancel_conference(
        conference=conference,
        reason="Family moved away",
        agreed_by=service_manager,
        chair_agreed=True,
        by=coordinator,
    )
    error = error_of(
        services.save_social_work_report, conference=conference, by=worker, worries="x"
    )
    assert "cancelled" in error.message
