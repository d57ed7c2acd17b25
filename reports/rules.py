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

from .models import ConferenceMinutes, MinutesStatus


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


# --- Minutes and feedback (issue 6) ---------------------------------------------------------------
# The conference's minute taker and chair write the minutes; only the chair approves them and
# decides amendments. The coordinator and the QA manager read them at any stage. An invited
# professional reads only the professional copy, and only once circulated: never a draft.
# The object is the conference, or a copy of the minutes (for downloads and amendments).


@rules.predicate
def is_minute_taker_of(user, conference) -> bool:
    return (
        conference is not None
        and conference.minute_taker_id is not None
        and conference.minute_taker_id == user.pk
    )


# The user's active professional invitation to a conference, kept on that conference instance.
_INVITATIONS = "_minutes_invitations"


def remember_professional_invitation(conference, user, invitation) -> None:
    """Keep the user's active professional invitation to the conference (or None) that a page
    has read with it: is_invited_professional_to then asks the database nothing (issue 25)."""
    conference.__dict__.setdefault(_INVITATIONS, {})[user.pk] = invitation


def _active_professional_invitation(user, conference):
    """The user's active professional invitation to the conference (cached per conference)."""
    cache = conference.__dict__.setdefault(_INVITATIONS, {})
    if user.pk not in cache:
        cache[user.pk] = (
            conference.invitations.filter(user_id=user.pk, is_active=True, kind="professional")
            .order_by("pk")
            .first()
        )
    return cache[user.pk]


@rules.predicate
def is_invited_professional_to(user, conference) -> bool:
    if conference is None or not (user and user.is_authenticated):
        return False
    return _active_professional_invitation(user, conference) is not None


@rules.predicate
def minutes_are_circulated(user, conference) -> bool:
    if conference is None:
        return False
    return ConferenceMinutes.objects.filter(
        conference=conference, status=MinutesStatus.CIRCULATED
    ).exists()


may_write_minutes = is_chair_of | is_minute_taker_of
may_read_minutes = may_write_minutes | is_coordinator | is_qa_manager

rules.add_perm("reports.write_minutes", may_write_minutes)
rules.add_perm("reports.approve_minutes", is_chair_of)
rules.add_perm("reports.view_minutes", may_read_minutes)
rules.add_perm("reports.circulate_minutes", is_chair_of | is_coordinator)
rules.add_perm("reports.decide_minutes_amendment", is_chair_of)
rules.add_perm(
    "reports.view_professional_minutes",
    may_read_minutes | (is_invited_professional_to & minutes_are_circulated),
)
rules.add_perm("reports.view_minutes_amendments", may_read_minutes | is_invited_professional_to)


@rules.predicate
def copy_readers(user, copy) -> bool:
    return copy is not None and bool(may_read_minutes(user, copy.minutes.conference))


@rules.predicate
def professional_copy_for_invitee(user, copy) -> bool:
    """A professional copy of circulated minutes, for a professional invited to the conference."""
    if copy is None or copy.is_family_copy or not copy.minutes.is_circulated:
        return False
    return bool(is_invited_professional_to(user, copy.minutes.conference))


@rules.predicate
def is_copy_recipient(user, copy) -> bool:
    return (
        copy is not None
        and copy.invitation_id is not None
        and copy.invitation.is_active
        and copy.invitation.user_id == user.pk
    )


@rules.predicate
def copy_without_sign_in(user, copy) -> bool:
    """A family member's copy, or a professional's who does not sign in: the coordinator enters
    their amendment request on their behalf."""
    return copy is not None and (
        copy.is_family_copy or copy.invitation_id is None or copy.invitation.user_id is None
    )


rules.add_perm("reports.download_minutes_copy", copy_readers | professional_copy_for_invitee)
rules.add_perm(
    "reports.request_minutes_amendment",
    (is_copy_recipient & professional_copy_for_invitee) | (is_coordinator & copy_without_sign_in),
)

# Feedback: an invited professional gives their own; the coordinator enters a paper form; the
# chair, the coordinator and the QA manager read it.
rules.add_perm("reports.give_feedback", is_invited_professional_to | is_coordinator)
rules.add_perm("reports.view_feedback", is_chair_of | is_coordinator | is_qa_manager)
# Issue 21 item 8: a child's paper feedback form is typed in by the conference service.
rules.add_perm("reports.record_child_feedback", is_coordinator)
# --- end of minutes and feedback -----------------------------------------------------------------
