"""Who may see and do what with reports to conference (need-to-know).

- The social work report: the children's social worker (the lead social worker, or a social
  worker or team manager of the lead's team, or the lead's line manager), the coordinator, the QA
  manager, and the conference's chair once it has been sent to them.
- An agency report: its author (the invited professional), the coordinator, the conference's
  chair and the QA manager. An agency professional sees their own report and nothing of
  anyone else's.

Pages first fetch the conference through conferences.selectors (404 when any child is hidden
from the user); these rules then decide 403.
"""

import rules

from accounts.models import RoleCode, User
from accounts.rules import is_chair, is_coordinator, is_qa_manager, is_team_manager
from children.models import Child


def _leads(conference) -> list[User]:
    """The lead social workers of the conference's children (cached on the conference)."""
    cached = getattr(conference, "_report_leads", None)
    if cached is None:
        children = [link.child for link in conference.conference_children.all()]
        ids = {child.lead_social_worker_id for child in children if child.lead_social_worker_id}
        if all(Child.lead_social_worker.is_cached(child) for child in children):
            cached = list(
                {child.lead_social_worker for child in children if child.lead_social_worker}
            )
        else:
            cached = list(User.objects.filter(pk__in=ids).only("pk", "team_id", "line_manager_id"))
        conference._report_leads = cached
    return cached


@rules.predicate
def is_childs_social_work_team(user, conference) -> bool:
    """The children's lead social worker, a social worker or team manager of the lead's team, or
    the lead's line manager."""
    if conference is None or not (user and user.is_authenticated):
        return False
    if not user.has_role(RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER):
        return False
    for lead in _leads(conference):
        if lead.pk == user.pk or lead.line_manager_id == user.pk:
            return True
        if user.team_id and lead.team_id == user.team_id:
            return True
    return False


@rules.predicate
def is_chair_of(user, conference) -> bool:
    return conference is not None and conference.chair_id == user.pk


# Social work report (the object is the report) ------------------------------------------------


@rules.predicate
def sw_report_team(user, report) -> bool:
    return report is not None and bool(is_childs_social_work_team(user, report.conference))


@rules.predicate
def sw_report_sent_to_its_chair(user, report) -> bool:
    return (
        report is not None
        and report.sent_to_chair_at is not None
        and report.conference.chair_id == user.pk
    )


may_view_sw_report = is_coordinator | is_qa_manager | sw_report_team | sw_report_sent_to_its_chair
rules.add_perm("reports.view_social_work_report", may_view_sw_report)
rules.add_perm("reports.sign_off_social_work_report", is_team_manager & sw_report_team)

# On the conference: writing the report (it may not exist yet), the reports page.
rules.add_perm("reports.write_social_work_report", is_childs_social_work_team)
rules.add_perm(
    "reports.view_conference_reports",
    is_coordinator | is_qa_manager | is_chair_of | is_childs_social_work_team,
)
rules.add_perm("reports.mark_read", is_chair_of)

# Agency reports (the object is the report, or the invitation to submit one) ------------------


@rules.predicate
def is_agency_report_author(user, report) -> bool:
    if report is None or not (user and user.is_authenticated):
        return False
    return report.invitation.user_id == user.pk or report.submitted_by_id == user.pk


@rules.predicate
def agency_report_chair(user, report) -> bool:
    return report is not None and report.conference.chair_id == user.pk


rules.add_perm(
    "reports.view_agency_report",
    is_agency_report_author | is_coordinator | is_qa_manager | agency_report_chair,
)


@rules.predicate
def is_invited_professional(user, invitation) -> bool:
    return (
        invitation is not None
        and invitation.is_active
        and invitation.kind == "professional"
        and invitation.user_id is not None
        and invitation.user_id == user.pk
    )


@rules.predicate
def is_external_professionals_invitation(user, invitation) -> bool:
    """The coordinator submits a report on behalf of a professional who does not sign in."""
    return (
        invitation is not None
        and invitation.is_active
        and invitation.kind == "professional"
        and invitation.user_id is None
    )


rules.add_perm(
    "reports.submit_agency_report",
    is_invited_professional | (is_coordinator & is_external_professionals_invitation),
)

# The chair's list of their conferences.
rules.add_perm("reports.view_chair_list", is_chair)
