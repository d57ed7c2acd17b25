"""Deadlines nobody signs in to meet: the conference coordinator chases them (ADR 45).

An agency whose professional has no account here (a GP surgery, a school, a police team invited by
name and email) still owes its report to conference. Its deadline has no responsible user, names
the agency, and appears on the conference coordinator's work list, who chases it; the sweep's QAN
for it goes to a service manager, naming the agency.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, DateTimeField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse

from conferences.models import Invitation
from core import worklists
from core.templatetags.govuk import govuk_datetime

from .models import RuleCode


def _invitation_model():
    return Invitation


def chased_by_coordinator_q() -> Q:
    """A live deadline with nobody who signs in responsible, owed by an agency."""
    return Q(responsible__isnull=True) & (Q(agency__isnull=False) | Q(rule=RuleCode.AGENCY_REPORT))


def _with_invitee(queryset):
    """Each row with its invitee's name and organisation and the conference's time, when it is an
    invitation's deadline (an agency report); empty otherwise."""
    Invitation = _invitation_model()
    invitation = Invitation.objects.filter(pk=OuterRef("subject_id"))
    is_invitation = Q(subject_type=ContentType.objects.get_for_model(Invitation))

    def of_invitation(field, default):
        return Case(
            When(is_invitation, then=Subquery(invitation.values(field)[:1])), default=default
        )

    return queryset.annotate(
        invitee_name=of_invitation("name", Value("")),
        invitee_organisation=of_invitation("organisation", Value("")),
        conference_starts_at=of_invitation(
            "conference__starts_at", Value(None, output_field=DateTimeField())
        ),
    )


@dataclass(frozen=True)
class Chase:
    """Who owes a deadline that no signed-in person is responsible for."""

    agency: str
    professional: str


def agency_name(deadline) -> str:
    if deadline.agency_id:
        return deadline.agency.name
    return getattr(deadline, "invitee_organisation", "") or "The agency (not recorded)"


def chase_for(deadline) -> Chase | None:
    """For the deadline page: the agency and the professional, when the coordinator chases it
    (one query, for an agency report)."""
    if deadline.responsible_id is not None or not (
        deadline.agency_id or deadline.rule == RuleCode.AGENCY_REPORT
    ):
        return None
    professional = ""
    if deadline.rule == RuleCode.AGENCY_REPORT:
        row = (
            _invitation_model()
            .objects.filter(pk=deadline.subject_id)
            .values("name", "organisation")
            .first()
        )
        if row:
            professional = row["name"]
            deadline.invitee_organisation = row["organisation"]
    return Chase(agency=agency_name(deadline), professional=professional)


def agency_deadlines_to_chase(user, now) -> worklists.WorkList:
    """The conference coordinator's list: agencies' deadlines whose professional does not sign
    in, most urgent first (one query)."""
    rows = list(
        _with_invitee(worklists._visible_deadlines(user).filter(chased_by_coordinator_q()))
        .select_related("child", "agency")
        .order_by("due_at", "pk")[: worklists.LIMIT + 1]
    )
    rows, more = worklists._trim(rows)
    items = []
    for deadline in rows:
        due, overdue = worklists._due(deadline, now)
        details = [deadline.child.legal_name if deadline.child_id else "Several children"]
        if deadline.invitee_name:
            details.append(f"{deadline.invitee_name} does not sign in to this service")
        if deadline.conference_starts_at:
            details.append(f"Conference {govuk_datetime(deadline.conference_starts_at)}")
        items.append(
            worklists.WorkItem(
                text=f"{deadline.get_rule_display()}: {agency_name(deadline)}",
                href=reverse("timescales:deadline-detail", args=[deadline.pk]),
                details=details,
                due=due,
                overdue=overdue,
            )
        )
    return worklists.WorkList(
        "agency-deadlines-to-chase",
        "Agency reports to chase",
        items,
        "No agency owes a report that you need to chase.",
        more,
    )
