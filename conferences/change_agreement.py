"""Who agrees a conference's postponement or cancellation (issue 17 item 8; 004 chairs' item 15,
"agreed with the social work service manager and the chair", and standards item 4, "the Social
Workers Service Manager or in their absence, the QARU Manager").

The service manager is the relevant service manager (accounts.line_management) of the children's
lead social workers (of whoever sent the request when no child has one). In their absence the
conference service manager agrees: a holder of the QA manager role, the manager of the QARU.
When the line management records no service manager for any of them, any service manager may
agree, as before. The chair of the conference (when one is allocated) agrees as well; their name
is recorded. conferences.services._change enforces this; the form offers only these people. ADR 39.
"""

from accounts.line_management import (
    conference_service_managers,
    is_conference_service_manager,
    relevant_service_manager,
)
from accounts.models import RoleCode, User

from .models import ChangeAgreedAs, Conference


def _social_workers(conference: Conference) -> list:
    workers = []
    for link in conference.conference_children.select_related(
        "child__lead_social_worker__line_manager__line_manager",
        "child__lead_social_worker__team__manager__line_manager",
    ).order_by("pk"):
        worker = link.child.lead_social_worker
        if worker is not None and worker not in workers:
            workers.append(worker)
    if not workers and conference.request_id:
        workers.append(conference.request.requested_by)
    return workers


def service_managers_for(conference: Conference) -> list:
    """The service managers of the children's social workers (none when none is recorded)."""
    found = []
    for worker in _social_workers(conference):
        manager = relevant_service_manager(worker)
        if manager is not None and manager not in found:
            found.append(manager)
    return found


def capacity_of(agreed_by, *, conference: Conference, service_managers=None) -> str | None:
    """In what capacity `agreed_by` may agree to change the conference, or None if they may not."""
    if agreed_by is None or not agreed_by.is_active:
        return None
    if service_managers is None:
        service_managers = service_managers_for(conference)
    if agreed_by in service_managers or (
        not service_managers and agreed_by.has_role(RoleCode.SERVICE_MANAGER)
    ):
        return ChangeAgreedAs.SERVICE_MANAGER
    if is_conference_service_manager(agreed_by):
        return ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER
    return None


def refusal(conference: Conference, verb: str, *, service_managers=None) -> str:
    """The plain-English reason someone else's agreement is refused."""
    if service_managers is None:
        service_managers = service_managers_for(conference)
    if not service_managers:
        return (
            f"Select the service manager, or in their absence the conference service manager, "
            f"who agreed to {verb} the conference"
        )
    names = " or ".join(manager.full_name for manager in service_managers)
    return (
        f"Select the social worker's service manager ({names}) or, in their absence, the "
        f"conference service manager, who agreed to {verb} the conference"
    )


def who_may_agree(conference: Conference) -> tuple[list, dict]:
    """The people the form offers, service managers first, and each one's capacity."""
    service_managers = service_managers_for(conference)
    if not service_managers:
        service_managers = list(
            User.objects.filter(is_active=True, roles__code=RoleCode.SERVICE_MANAGER).order_by(
                "full_name", "pk"
            )
        )
    people = list(service_managers)
    capacity = {person.pk: ChangeAgreedAs.SERVICE_MANAGER for person in people}
    for person in conference_service_managers():
        if person.pk not in capacity:
            people.append(person)
            capacity[person.pk] = ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER
    return people, capacity
