"""What the plan services share: PlanError, saving with the history user, the checks on the
conference and its chair, cleaning a category and secondary factors, locking an active plan,
opening the review deadline, and the emails, queued in the outbox in the action's transaction."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from children.models import Child
from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
)
from core import outbox
from core.errors import DomainError
from core.history import save_as
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import ChildProtectionPlan, PlanCategory, PlanStatus, SecondaryFactor

REVIEW_RULES = (RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT)


class PlanError(DomainError):
    """A rule forbids the action; the message is plain English for the page."""


# --- Checks shared by the services ---------------------------------------------------------------


def _saved(instance, by):
    """Save with `by` as the history user: services also run outside a request."""
    save_as(instance, by=by)
    return instance


def _conference_is_being_held_or_held(conference: Conference) -> bool:
    if conference.status == ConferenceStatus.HELD:
        return True
    return conference.status == ConferenceStatus.BOOKED and conference.started_at is not None


def _require_conference_for_child(conference: Conference, child: Child, action: str) -> None:
    if conference is None:
        raise PlanError(f"Only a conference can {action}", field="conference")
    if not _conference_is_being_held_or_held(conference):
        raise PlanError(
            f"Only a conference that is being held or was held can {action}", field="conference"
        )
    if not ConferenceChild.objects.filter(conference=conference, child=child).exists():
        raise PlanError(f"This conference is not about {child.legal_name}", field="conference")


def _require_chair(conference: Conference, by, action: str) -> None:
    if by is None or conference.chair_id != by.pk:
        raise PlanError(f"Only the conference's chair can {action}")


def _clean_category(category) -> str:
    if category not in PlanCategory.values:
        raise PlanError("Select the category of the plan", field="category")
    return category


def _clean_secondary_factors(factors: Iterable) -> list[str]:
    factors = list(dict.fromkeys(factors or ()))
    unknown = [factor for factor in factors if factor not in SecondaryFactor.values]
    if unknown:
        raise PlanError(
            f"{', '.join(map(str, unknown))} is not a secondary factor", field="secondary_factors"
        )
    return factors


def _locked_active_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    locked = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.ACTIVE:
        raise PlanError("This plan has ended")
    return locked


def _open_review_deadline(*, plan, rule: str, start, conference, responsible):
    deadline = timescale_services.open_deadline(
        rule=rule,
        subject=plan,
        start=start,
        responsible=responsible,
        child=plan.child,
        chair=conference.chair,
    )
    plan.next_review_due = deadline.due_on
    _open_midway_review(plan=plan, start=start, review_due=deadline.due_on, chair=conference.chair)
    return deadline


def midway_point(start, review_due) -> datetime.date:
    """The day half way between the plan's last conference and its next review's due date (a
    half day rounds down)."""
    start = timezone.localdate(start) if isinstance(start, datetime.datetime) else start
    return start + datetime.timedelta(days=(review_due - start).days // 2)


def _open_midway_review(*, plan, start, review_due, chair):
    """The chair's mid-way review between conferences (issue 22, ADR 56): a MIDWAY_REVIEW deadline
    counted from the day half way between the conference and the next review, on the chair's work
    list. One left live from the last period closes first: missed when the sweep had breached it,
    not applicable when the review came before it was due."""
    live = timescale_services.live_deadline(RuleCode.MIDWAY_REVIEW, plan)
    if live is not None:
        timescale_services.close_unmet_at_meeting(
            deadline=live,
            reason="The review conference was held before the chair's mid-way review",
        )
    return timescale_services.open_deadline(
        rule=RuleCode.MIDWAY_REVIEW,
        subject=plan,
        start=midway_point(start, review_due),
        responsible=chair,
        team=None,
        child=plan.child,
        chair=chair,
    )


def _review_kinds():
    return (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)


def _initial_invitees(plan: ChildProtectionPlan) -> list:
    """Everyone invited to the conference that started the plan, with an email address."""
    seen, people = set(), []
    for invitation in Invitation.objects.filter(
        conference_id=plan.started_by_conference_id, is_active=True
    ).order_by("pk"):
        email = (invitation.email or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            people.append(invitation)
    return people


def _queue_emails(messages: list, *, kind: str) -> None:
    """Queue the emails in the outbox, inside the caller's transaction (ADR 50)."""
    outbox.queue_emails(messages, kind=kind)


def _email(subject: str, body: str, to: str):
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
