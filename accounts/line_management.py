"""Who manages whom, read from the line management and teams recorded on each user (issue 17).

The manager of a worker (who signs off their work, leads with them, is told of their missed
timescales) is defined here once: their line manager, else the manager of their team; a person
"manages" a worker when they are either (`manages`, and `managed_by_q` for a query).

There is no "service manager of a team" field: an authority records line management (each
user's line manager) and each team's manager. So the relevant service manager of a worker (004
chairs' item 1, "the relevant Service Manager") is the first active holder of the service manager
role found, in this order: the worker's line manager, their line manager's own line manager, and
the line manager of the manager of the worker's team. ADR 39.

The conference service manager (004: "in their absence, the QARU Manager") is whoever holds the
QA manager role: the manager of the Quality Assurance and Review Unit, the conference service.
"""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import RoleCode, User


def manager_of(worker, *, role: str | None = None) -> User | None:
    """The worker's manager: their line manager, else their team's manager; active, not the
    worker themself and, when `role` is given, holding that role."""
    if worker is None:
        return None
    team_manager = worker.team.manager if worker.team_id else None
    for manager in (worker.line_manager, team_manager):
        if manager is None or manager.pk == worker.pk or not manager.is_active:
            continue
        if role is None or manager.has_role(role):
            return manager
    return None


def manages(user, worker) -> bool:
    """`user` is the worker's line manager or their team's manager (ids only: no query when
    the worker's team is loaded)."""
    if user is None or worker is None or user.pk is None or user.pk == worker.pk:
        return False
    if worker.line_manager_id == user.pk:
        return True
    return bool(worker.team_id and worker.team.manager_id == user.pk)


def is_worker_or_manager(user, worker) -> bool:
    """`user` is the worker themself or manages them: "the lead social worker or their manager",
    the people who keep a child's plan between conferences."""
    if user is None or worker is None:
        return False
    return user.pk == worker.pk or manages(user, worker)


def managed_by_q(user, worker_field: str) -> Q:
    """Rows whose `worker_field` (a user) is managed by `user`, as `manages` decides."""
    return Q(**{f"{worker_field}__line_manager": user}) | Q(
        **{f"{worker_field}__team__manager": user}
    )


def _service_manager(user) -> User | None:
    if user is not None and user.is_active and user.has_role(RoleCode.SERVICE_MANAGER):
        return user
    return None


def relevant_service_manager(worker) -> User | None:
    """The service manager of the worker's line management, or None when none is recorded."""
    if worker is None:
        return None
    line_manager = worker.line_manager
    if line_manager is not None:
        found = _service_manager(line_manager) or _service_manager(line_manager.line_manager)
        if found is not None:
            return found
    team_manager = worker.team.manager if worker.team_id else None
    if team_manager is not None and team_manager.pk != worker.pk:
        return _service_manager(team_manager.line_manager)
    return None


def relevant_service_manager_subquery(worker_field: str):
    """The same rule as relevant_service_manager, as one SQL expression over `worker_field` (a
    user id column of the outer query), for the sweep's set-based updates."""
    service_managers = User.objects.filter(
        is_active=True, roles__code=RoleCode.SERVICE_MANAGER
    ).order_by("pk")
    worker = OuterRef(worker_field)
    return Coalesce(
        Subquery(service_managers.filter(reports__pk=worker).values("pk")[:1]),
        Subquery(service_managers.filter(reports__reports__pk=worker).values("pk")[:1]),
        Subquery(
            service_managers.filter(reports__managed_teams__members__pk=worker).values("pk")[:1]
        ),
    )


def conference_service_managers():
    """The managers of the conference service (the QARU): holders of the QA manager role."""
    return User.objects.filter(is_active=True, roles__code=RoleCode.QA_MANAGER).order_by(
        "full_name", "pk"
    )


def is_conference_service_manager(user) -> bool:
    return bool(user is not None and user.is_active and user.has_role(RoleCode.QA_MANAGER))
