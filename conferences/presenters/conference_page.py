"""The conference's page (`conferences:conference`): what it shows and what the user may do there.

Each permission is asked once here and the children's lines are written here, so the template
asks no rule and builds no line itself (issue 25: the page's time is mostly Python).
"""

from dataclasses import dataclass

from children.rules import may_see_authority_children
from core.links import url_for
from core.templatetags.govuk import govuk_date
from reports.conference_page import conference_page_reports
from reports.rules import remember_professional_invitation

from .. import selectors
from ..models import ConferenceStatus
from ..rules import is_booked_not_started
from ..separate_attendance import separate_arrangements_listed

# The page's links about the conference, by the names the template uses.
_CONFERENCE_LINKS = {
    "change_booking": "conferences:change-booking",
    "book": "conferences:book",
    "postpone": "conferences:postpone",
    "cancel": "conferences:cancel",
    "invitations": "conferences:invitations",
    "voices": "voice:conference_voices",
    "family_preparation": "conferences:family-preparation",
    "attendance": "conferences:attendance",
    "signs_of_safety": "conferences:signs-of-safety",
    "decision": "conferences:decision",
    "minutes": "reports:minutes",
    "feedback": "reports:feedback",
    "feedback_list": "reports:feedback-list",
    "history": "audit:conference-history",
}


def _links(conference, own_invitation) -> dict:
    links = {key: url_for(name, conference.pk) for key, name in _CONFERENCE_LINKS.items()}
    if conference.request_id:
        links["request"] = url_for("conferences:request", conference.request_id)
    if own_invitation is not None:
        links["reply"] = url_for("conferences:reply", own_invitation.pk)
        links["agency_report"] = url_for("reports:agency-report-form", own_invitation.pk)
    return links


# The conference is under way or over: its record, and the children's voices, may be opened.
_BOOKED_OR_HELD = (ConferenceStatus.BOOKED, ConferenceStatus.HELD)


@dataclass(frozen=True)
class ChildLine:
    """One child in the page's summary list."""

    name: str
    born: str  # "Born 3 March 2020" or "Unborn, due 3 March 2026"


def children_names(children) -> str:
    """The children's names as conferences/includes/children_names.html writes them: "A",
    "A and B", "A, B and C"."""
    names = [child.legal_name for child in children]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _child_line(child) -> ChildLine:
    if child.is_unborn:
        born = f"Unborn, due {govuk_date(child.expected_date_of_delivery)}"
    else:
        born = f"Born {govuk_date(child.date_of_birth)}"
    return ChildLine(name=child.legal_name, born=born)


def conference_page(user, conference, children) -> dict:
    """The template's context. The authority's timescales, reports summary and request are
    internal: an invited agency sees none of them (`staff_view`)."""
    staff_view = bool(may_see_authority_children(user))
    invitations = selectors.page_invitations(conference, user, with_professionals=staff_view)
    remember_professional_invitation(conference, user, invitations.own_professional)
    may_book = user.has_perm("conferences.book_conference")
    may_see_invitations = user.has_perm("conferences.view_invitations", conference)
    booked_or_held = conference.status in _BOOKED_OR_HELD
    held = conference.status == ConferenceStatus.HELD
    may_see_minutes = conference.started_at is not None and user.has_perm(
        "reports.view_professional_minutes", conference
    )
    may_give_feedback = held and user.has_perm("reports.give_feedback", conference)
    may_see_feedback = held and user.has_perm("reports.view_feedback", conference)
    return {
        "conference": conference,
        "children": children,
        "children_names": children_names(children),
        "child_lines": [_child_line(child) for child in children],
        "staff_view": staff_view,
        "may_list_conferences": user.has_perm("conferences.list_conferences"),
        "own_invitation": invitations.own,
        "links": _links(conference, invitations.own),
        "report_status": conference_page_reports(conference, user, invitations.professionals)
        if staff_view
        else None,
        "deadlines": selectors.conference_deadlines(conference) if staff_view else [],
        "may_book": may_book and conference.may_be_booked,
        "may_change": may_book and conference.may_be_changed,
        "may_change_booking": is_booked_not_started(conference)
        and user.has_perm("conferences.change_booking", conference),
        "may_see_invitations": may_see_invitations,
        "shows_voices": booked_or_held,
        "shows_holding": booked_or_held
        and user.has_perm("conferences.view_conference_record", conference),
        "may_see_minutes": may_see_minutes,
        "may_give_feedback": may_give_feedback,
        "may_see_feedback": may_see_feedback,
        "shows_after": may_see_minutes or may_give_feedback or may_see_feedback,
        # Each family member's own times: for the chair and the conference service only.
        "sees_separate_arrangements": may_see_invitations,
        "separate_arrangements": separate_arrangements_listed(conference)
        if may_see_invitations
        else [],
        "may_see_history": user.has_perm("audit.view_conference_history", conference),
    }
