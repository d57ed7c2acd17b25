"""Who caused a postponement (issue 18 item 1).

A postponement raises a Quality Assurance notification, which goes to the line management of
whoever caused it (DOMAIN: "a conference postponed"). That is not the social worker by default:
the coordinator chooses who caused it, from

- a professional involved with the children (their absence, or their report not sent): the QAN
  names them and their agency, and goes to their line manager when they sign in here and have one;
- an agency involved with the children, as a whole;
- the children's social worker or their team (the QAN goes to the social worker's line manager);
- the family (a parent could not attend, for example);
- the conference service itself (the chair, the minute taker or the room).

A QAN whose cause has no line manager recorded here (an agency, the family, the conference
service, a professional who does not sign in) goes to the conference service manager (the QA
manager role, accounts.line_management), who takes it up; failing one, to a service manager.
"""

from dataclasses import dataclass

from accounts.line_management import conference_service_managers
from children.models import ProfessionalInvolvement
from timescales.services import fallback_addressee

from .models import Conference, PostponementCause


@dataclass(frozen=True)
class Cause:
    kind: str
    named: str  # how the QAN and the conference page name them
    agency: object = None
    involvement: ProfessionalInvolvement | None = None


def _involvements(conference: Conference) -> list:
    return list(
        ProfessionalInvolvement.objects.filter(
            child__conference_links__conference=conference, ended_on__isnull=True
        )
        .select_related("user__agency", "user__line_manager", "user__team", "agency")
        .order_by("role", "name", "pk")
        .distinct()
    )


def _social_workers(conference: Conference) -> list:
    workers = []
    for link in conference.conference_children.select_related("child__lead_social_worker"):
        worker = link.child.lead_social_worker
        if worker is not None and worker not in workers:
            workers.append(worker)
    if not workers and conference.request_id:
        workers.append(conference.request.requested_by)
    return workers


def _professional_named(involvement) -> str:
    organisation = involvement.organisation_name
    return f"{involvement.display_name}, {involvement.get_role_display().lower()}" + (
        f" ({organisation})" if organisation else ""
    )


def choices_for(conference: Conference) -> list[tuple[str, str]]:
    """The form's radio options: each professional, each agency, then the social worker, the
    family and the conference service. The social worker is never chosen for the coordinator."""
    involvements = _involvements(conference)
    options = [
        (f"professional:{involvement.pk}", _professional_named(involvement))
        for involvement in involvements
    ]
    agencies = {}
    for involvement in involvements:
        agency = involvement.agency or (involvement.user.agency if involvement.user_id else None)
        if agency is not None:
            agencies.setdefault(agency.pk, agency)
    options += [
        (f"agency:{agency.pk}", f"{agency.name}, as an agency")
        for agency in sorted(agencies.values(), key=lambda agency: agency.name)
    ]
    workers = ", ".join(worker.full_name for worker in _social_workers(conference))
    options += [
        (
            PostponementCause.SOCIAL_WORK,
            "The children's social worker or their team" + (f" ({workers})" if workers else ""),
        ),
        (PostponementCause.FAMILY, "The family (for example, a parent could not attend)"),
        (
            PostponementCause.CONFERENCE_SERVICE,
            "The conference service (for example, the chair, the minute taker or the room)",
        ),
    ]
    return options


def cause_from(conference: Conference, value: str) -> Cause | None:
    """The cause a form value names, or None when it names nothing this conference offers."""
    value = (value or "").strip()
    kind, _, pk = value.partition(":")
    if kind == "professional" and pk.isdigit():
        for involvement in _involvements(conference):
            if involvement.pk == int(pk):
                agency = involvement.agency or (
                    involvement.user.agency if involvement.user_id else None
                )
                return Cause(
                    PostponementCause.PROFESSIONAL,
                    _professional_named(involvement),
                    agency=agency,
                    involvement=involvement,
                )
        return None
    if kind == "agency" and pk.isdigit():
        for involvement in _involvements(conference):
            agency = involvement.agency or (
                involvement.user.agency if involvement.user_id else None
            )
            if agency is not None and agency.pk == int(pk):
                return Cause(PostponementCause.AGENCY, agency.name, agency=agency)
        return None
    if value == PostponementCause.SOCIAL_WORK:
        workers = _social_workers(conference)
        named = ", ".join(worker.full_name for worker in workers)
        return Cause(
            PostponementCause.SOCIAL_WORK,
            "the children's social worker" + (f", {named}" if named else ""),
        )
    if value == PostponementCause.FAMILY:
        return Cause(PostponementCause.FAMILY, "the family")
    if value == PostponementCause.CONFERENCE_SERVICE:
        return Cause(PostponementCause.CONFERENCE_SERVICE, "the conference service")
    return None


def _conference_service_manager():
    return conference_service_managers().first() or fallback_addressee()


def qan_attribution(conference: Conference, cause: Cause) -> dict:
    """responsible, addressed_to, agency and team for the postponement's QAN."""
    if cause.kind == PostponementCause.SOCIAL_WORK:
        workers = _social_workers(conference)
        responsible = workers[0] if workers else None
        return {"responsible": responsible, "addressed_to": None, "agency": None, "team": None}
    if cause.kind == PostponementCause.PROFESSIONAL:
        user = cause.involvement.user if cause.involvement.user_id else None
        manager = getattr(user, "line_manager", None)
        return {
            "responsible": user,
            "addressed_to": None
            if manager is not None and manager.is_active
            else _conference_service_manager(),
            "agency": cause.agency,
            "team": getattr(user, "team", None),
        }
    return {
        "responsible": None,
        "addressed_to": _conference_service_manager(),
        "agency": cause.agency,
        "team": None,
    }
