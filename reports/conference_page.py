"""The reports to conference as the conference's page shows them (issue 25: that page's time is
mostly the ORM's, so it reads what this needs together with what it reads anyway).

The summary is `selectors.report_status_for`'s, built by the same `_summary` from the conference
with its social work report already selected and the active professionals' invitations with
their agency reports; the agency reports' deadlines, which the page does not show, are not read.
"""

from .models import SocialWorkReport
from .selectors import ConferenceReports, _summary


def conference_page_reports(conference, user, professional_invitations) -> ConferenceReports:
    """No query when the conference came with `social_work_report` selected (one otherwise)."""
    try:
        social_work_report = conference.social_work_report
    except SocialWorkReport.DoesNotExist:
        social_work_report = None
    return _summary(conference, social_work_report, professional_invitations, user)
