"""Adjourning the conference: the chair adjourns it (a 50% split, missing reports, not enough
attendance) for up to 5 working days (ADJOURN; a QAN). At an initial conference
the child is on an interim plan meanwhile, at a review the plan continues; the rules of what
follows are in conferences.adjournment."""

from django.db import transaction
from django.utils import timezone

from core.history import save_as
from core.templatetags.govuk import govuk_date
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, QanKind, RuleCode
from timescales.preparation import close_preparation_deadlines

from ..models import ChildDecision, Conference, DecisionStatus
from ._common import INITIAL_KINDS, _locked_for_recording, _names, _require_chair_of
from .decision import open_decisions
from .errors import DecisionError


def adjourn_conference(*, conference: Conference, by, reason: str) -> Conference:
    """The chair adjourns the conference (a 50% split, missing reports, not enough attendance)
    for up to 5 working days: ADJOURN opens with the conference as subject, a QAN is raised, and
    every child's decision not yet final is marked adjourned; at an initial conference the child
    is on an interim plan meanwhile, at a review the plan continues."""
    # Imported here: conferences.adjournment imports conferences.services.
    from .. import adjournment

    reason = (reason or "").strip()
    _require_chair_of(conference, by, "adjourn the conference")
    if not reason:
        raise DecisionError("Enter why the conference is adjourned", field="reason")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        _require_chair_of(locked, by, "adjourn the conference")
        live = timescale_services._live(RuleCode.ADJOURN, locked, lock=False)
        if live is not None and live.status == DeadlineStatus.OPEN:
            raise DecisionError(
                f"This conference is already adjourned: it reconvenes by {govuk_date(live.due_on)}"
            )
        deadline = timescale_services.open_deadline(
            rule=RuleCode.ADJOURN,
            subject=locked,
            start=timezone.localdate(now),
            responsible=locked.chair,
            chair=locked.chair,
        )
        locked.adjourned_at, locked.adjourned_by = now, by
        locked.adjourned_reason, locked.reconvene_by = reason, deadline.due_on
        locked._history_user = by
        locked.save(
            update_fields=["adjourned_at", "adjourned_by", "adjourned_reason", "reconvene_by"]
        )
        interim = locked.kind in INITIAL_KINDS
        for decision in open_decisions(conference=locked, by=by):
            if decision.status == DecisionStatus.FINALISED:
                continue
            row = ChildDecision.objects.select_for_update().get(pk=decision.pk)
            row.status, row.interim_plan = DecisionStatus.ADJOURNED, interim
            save_as(row, by=by, update_fields=["status", "interim_plan"])
        # It was held, and adjourned: what was due before it is met or missed by now (ADR 45).
        close_preparation_deadlines(conference=locked, held_on=timezone.localdate(now), by=by)
        # Interim plans and the managers' reports (issue 17, conferences.adjournment).
        adjournment.after_adjourning(conference=locked, by=by)
        links = list(
            locked.conference_children.select_related(
                "child", "child__lead_social_worker"
            ).order_by("pk")
        )
        children = [link.child for link in links]
        responsible = next(
            (child.lead_social_worker for child in children if child.lead_social_worker_id), None
        )
        meanwhile = (
            "The children are on an interim plan meanwhile."
            if interim
            else "The children's plans continue meanwhile."
        )
        timescale_services.raise_qan(
            kind=QanKind.ADJOURNED,
            description=(
                f"The {locked.get_kind_display().lower()} for {_names(children)} was adjourned on "
                f"{govuk_date(timezone.localdate(now))} by {by.full_name or by.email}, to "
                f"reconvene by {govuk_date(deadline.due_on)}. {meanwhile} Reason: {reason}"
            ),
            responsible=responsible,
            child=children[0] if children else None,
            rule=RuleCode.ADJOURN,
            deadline=deadline,
            raised_by=by,
        )
    return locked
