"""Review conferences (issue 7 part 6): scheduling, invitations from the core group, ending a
plan; and the transfer-in conference, which like a review has no request.

A review has no request. The coordinator schedules it for the plan's child (and the child's
siblings in the same household whose active plans fall due for review on the same date), gives
it a chair (allocate_review_chair; allocate_chair stays request-based) and books it with
book_conference, which needs no ICPC due date for it. Its invitations come from the children's
active core groups (send_invitations). Starting it copies the plan's current danger statements
and safety goals into the Signs of Safety record (conference-set first, at most 4, a note when
there are more). Its decision continues the plan (RCPC_NEXT) or ends it (plans.services.end_plan:
no longer at risk, with a step-down Child in Need plan or Early Help).

END_NOTICE is about a recommendation to end, not about every review: opening it at every
booking would breach (and raise a QAN) for every review where nobody recommends ending. So it is
opened only for a review with a social worker's end recommendation, counted back 10 days from
the booked time, and met at the time the recommendation was recorded: on time, or late when
the social worker told the conference service later (plans.services.record_end_recommendation,
and _end_notice_on_booking here when the recommendation came before the booking)."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode
from children.models import LookedAfterPeriod
from core.history import save_as
from plans import services as plan_services
from plans.drift import raise_for_review_conference
from plans.models import (
    ChildProtectionPlan,
    CoreGroupMember,
    PlanEndReason,
    PlanStatus,
    Source,
    StepDown,
    TransferIn,
)
from plans.services import meet_end_notice

from ..models import (
    MAX_DANGER_STATEMENTS,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    DangerStatement,
    DecisionOutcome,
    Invitation,
    InviteeKind,
    SafetyGoal,
)
from ._common import REVIEW_KINDS, _require_coordinator
from .errors import ConferenceBookingError, InvitationError


class _ReviewInvitee:
    """A core group member (or the lead social worker) to invite to a review, shaped like the
    request's invite-list entry that send_invitations reads."""

    involvement_id = None
    phone = ""

    def __init__(
        self,
        *,
        key,
        kind,
        name,
        connection,
        person=None,
        user=None,
        agency=None,
        organisation="",
        address="",
        email="",
        may_receive_documents=True,
    ):
        self.pk = key
        self.kind, self.name, self.connection = kind, name[:200], (connection or name)[:300]
        self.person_id = person.pk if person is not None else None
        self.user_id = user.pk if user is not None else None
        self.agency, self.organisation = agency, organisation[:200]
        self.address, self.email = address, email
        self.may_receive_documents = may_receive_documents


def _invitation_key(invitation, *, review: bool):
    if not review:
        return invitation.invitee_id
    if invitation.person_id:
        return ("person", invitation.person_id)
    if invitation.user_id:
        return ("user", invitation.user_id)
    return ("name", (invitation.email or invitation.name).lower())


def _review_invitees(conference: Conference) -> list:
    """The active core group members of the children's active plans (family by letter,
    professionals by email) and each child's lead social worker."""
    children = [
        link.child
        for link in conference.conference_children.select_related(
            "child", "child__lead_social_worker", "child__lead_social_worker__agency"
        ).order_by("pk")
    ]
    invitees, seen = [], set()

    def add(invitee):
        if invitee.pk not in seen:
            seen.add(invitee.pk)
            invitees.append(invitee)

    for child in children:
        worker = child.lead_social_worker
        if worker is not None and worker.is_active:
            add(
                _ReviewInvitee(
                    key=("user", worker.pk),
                    kind=InviteeKind.PROFESSIONAL,
                    name=worker.full_name or worker.email,
                    connection="Children's social worker",
                    user=worker,
                    agency=worker.agency,
                    organisation="" if worker.agency_id else "Children's social care",
                    email=worker.email,
                )
            )
    members = (
        CoreGroupMember.objects.filter(
            plan__child__in=children, plan__status=PlanStatus.ACTIVE, is_active=True
        )
        .select_related("user", "user__agency", "person")
        .order_by("person_id", "name", "pk")
    )
    for member in members:
        if member.person_id:
            person = member.person
            lines = person.address_lines
            lines = lines() if callable(lines) else lines
            add(
                _ReviewInvitee(
                    key=("person", person.pk),
                    kind=InviteeKind.FAMILY,
                    name=member.name,
                    connection=member.role or "Family",
                    person=person,
                    address="\n".join(lines),
                    may_receive_documents=person.may_receive_documents,
                )
            )
        elif member.user_id:
            add(
                _ReviewInvitee(
                    key=("user", member.user_id),
                    kind=InviteeKind.PROFESSIONAL,
                    name=member.name,
                    connection=member.role,
                    user=member.user,
                    agency=member.user.agency,
                    email=member.user.email,
                )
            )
        else:
            # Someone who does not sign in: the email they were invited with to the conference
            # that named them, if any.
            email = (getattr(member, "email", "") or "").strip() or _invited_email(member)
            add(
                _ReviewInvitee(
                    key=("name", (email or member.name).lower()),
                    kind=InviteeKind.PROFESSIONAL,
                    name=member.name,
                    connection=member.role,
                    email=email,
                )
            )
    if not invitees:
        raise InvitationError(
            "The children's core groups have no members: there is no one to invite"
        )
    return invitees


def _invited_email(member) -> str:
    if not member.set_by_conference_id:
        return ""
    invitation = (
        Invitation.objects.filter(
            conference_id=member.set_by_conference_id, name__iexact=member.name.strip()
        )
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    return invitation.email if invitation else ""


def _end_notice_on_booking(locked: Conference) -> None:
    meet_end_notice(conference=locked)


def _combine_with_looked_after_review(locked: Conference, by) -> None:
    """A review about a looked-after child is combined with the child's looked-after review (001
    §13): one meeting on one date, led by the Independent Reviewing Officer and the chair,
    recorded as both. Kept true when the review is scheduled, brought forward and booked."""
    period = (
        LookedAfterPeriod.objects.filter(
            child__conference_links__conference=locked, ended_on__isnull=True
        )
        .order_by("-started_on", "-pk")
        .first()
    )
    combined = period is not None
    iro = (period.independent_reviewing_officer if period else "") or (
        locked.independent_reviewing_officer if combined else ""
    )
    if (locked.combined_with_looked_after_review, locked.independent_reviewing_officer) != (
        combined,
        iro,
    ):
        locked.combined_with_looked_after_review = combined
        locked.independent_reviewing_officer = iro
        save_as(locked, by=by)


def _drift_review_on_booking(locked: Conference, by) -> None:
    """A third review scheduled or booked: the team manager's drift review falls due before it."""
    raise_for_review_conference(conference=locked, by=by)


def _prefill_review_record(locked: Conference, record, by) -> None:
    """Copy the plan's current danger statements and safety goals (conference-set first, at most
    4) into the review's Signs of Safety record, and its contingency plan."""
    plans = list(
        ChildProtectionPlan.objects.filter(
            child__conference_links__conference=locked, status=PlanStatus.ACTIVE
        ).order_by("child_id")
    )
    statements = []
    for plan in plans:
        statements += list(plan.danger_statements.filter(is_active=True))
    statements.sort(key=lambda row: (row.source != Source.CONFERENCE, row.plan_id, row.position))
    unique, texts = [], set()
    for row in statements:
        if (row.text, row.safety_goal) not in texts:
            texts.add((row.text, row.safety_goal))
            unique.append(row)
    now = timezone.now()
    for position, row in enumerate(unique[:MAX_DANGER_STATEMENTS], start=1):
        danger = DangerStatement(
            record=record, position=position, statement=row.text, updated_by=by, updated_at=now
        )
        save_as(danger, by=by)
        goal = SafetyGoal(danger_statement=danger, goal=row.safety_goal)
        save_as(goal, by=by)
    notes = []
    if len(unique) > MAX_DANGER_STATEMENTS:
        rest = unique[MAX_DANGER_STATEMENTS:]
        notes.append(
            f"The plan has {len(unique)} danger statements; a conference sets at most "
            f"{MAX_DANGER_STATEMENTS}, so the first {MAX_DANGER_STATEMENTS} are copied here. "
            "The others were:\n"
            + "\n".join(f"- {row.text} (goal: {row.safety_goal})" for row in rest)
        )
    if notes:
        record.next_steps = "\n\n".join(notes)
    contingency = "\n\n".join(plan.contingency_plan for plan in plans if plan.contingency_plan)
    if contingency:
        record.contingency_plan = contingency
    if notes or contingency:
        save_as(record, by=by)


def _end_plan_at_review(locked_conference: Conference, decision, plan, held_on, by) -> None:
    """A review decides the child no longer needs a plan: the plan ends (no longer at risk),
    stepping down to a Child in Need plan (decision CIN) or Early Help (NFA, if recorded)."""
    if decision.outcome == DecisionOutcome.CHILD_IN_NEED_PLAN:
        step_down = StepDown.CHILD_IN_NEED
    elif decision.early_help:
        step_down = StepDown.EARLY_HELP
    else:
        step_down = StepDown.NONE
    ended = plan_services.end_plan(
        plan=plan,
        reason=PlanEndReason.NO_LONGER_AT_RISK,
        ended_on=max(held_on, plan.started_on),
        by=by,
        conference=locked_conference,
        service_manager_agreement=decision.service_manager_agreement,
        step_down=step_down,
        significant_change=decision.significant_change,
        significant_change_description=decision.significant_change_description,
    )
    decision.child_protection_plan = ended
    if step_down == StepDown.CHILD_IN_NEED:
        decision.child_in_need_plan = ended.step_down_plans.first()


def _review_children(plan) -> list:
    """The plan's child, and siblings in the same household whose active plans are due for
    review on the same date."""
    children = [plan.child]
    if plan.child.household_id and plan.next_review_due:
        for sibling_plan in (
            ChildProtectionPlan.objects.filter(
                status=PlanStatus.ACTIVE,
                child__household_id=plan.child.household_id,
                next_review_due=plan.next_review_due,
            )
            .exclude(pk=plan.pk)
            .select_related("child")
            .order_by("child__date_of_birth", "pk")
        ):
            children.append(sibling_plan.child)
    return children


SCHEDULED_REVIEW_STATUSES = (
    ConferenceStatus.ALLOCATED,
    ConferenceStatus.BOOKED,
    ConferenceStatus.POSTPONED,
)


def live_review_for(plan) -> Conference | None:
    """The review conference scheduled for the plan's child and not yet held or cancelled."""
    return (
        Conference.objects.filter(
            kind__in=REVIEW_KINDS,
            conference_children__child_id=plan.child_id,
            status__in=SCHEDULED_REVIEW_STATUSES,
        )
        .order_by("pk")
        .first()
    )


def schedule_review_conference(*, plan, by) -> Conference:
    """The coordinator schedules the plan's next review conference (no request): a conference of
    the review kind (pre-birth review for an unborn child) for the child and siblings on active
    plans due for review on the same date. Allocate a chair next (allocate_review_chair), then
    book it (book_conference). Scheduling again returns the review already scheduled."""
    _require_coordinator(by, "schedule a review conference")
    with transaction.atomic():
        locked = (
            ChildProtectionPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)
        )
        if locked.status != PlanStatus.ACTIVE:
            raise ConferenceBookingError("This plan has ended: it has no more reviews")
        existing = live_review_for(locked)
        if existing is not None:
            return existing
        conference = _create_review(locked, by)
    return conference


def _create_review(locked, by, **fields) -> Conference:
    """A new review conference (no chair yet) for the locked plan's child and the siblings due
    for review on the same date; combined with the looked-after review where one is due."""
    children = _review_children(locked)
    kind = ConferenceKind.PRE_BIRTH_REVIEW if locked.child.is_unborn else ConferenceKind.REVIEW
    conference = Conference(kind=kind, request=None, status=ConferenceStatus.ALLOCATED, **fields)
    save_as(conference, by=by)
    bulk_create_with_history(
        [ConferenceChild(conference=conference, child=child) for child in children],
        ConferenceChild,
        default_user=by,
    )
    # Kept on each plan for its page (no history row: the conference's own history says it).
    ChildProtectionPlan.objects.filter(child__in=children, status=PlanStatus.ACTIVE).update(
        next_review_conference=conference
    )
    _drift_review_on_booking(conference, by)
    _combine_with_looked_after_review(conference, by)
    return conference


def live_transfer_in_conference_for(child) -> Conference | None:
    """The transfer-in conference arranged for the child and not yet held or cancelled."""
    return (
        Conference.objects.filter(
            kind=ConferenceKind.TRANSFER_IN,
            conference_children__child_id=child.pk,
            status__in=SCHEDULED_REVIEW_STATUSES,
        )
        .order_by("pk")
        .first()
    )


def arrange_transfer_in_conference(*, transfer_in, chair, by) -> Conference:
    """The coordinator arranges the transfer-in conference for a child who moved in on another
    authority's plan. Like a review it has no request (no enquiry here led to it), so it is
    created with its chair; book it next (book_conference). Holding it meets TRANSFER_IN.
    Arranging again returns the conference already arranged."""
    _require_coordinator(by, "arrange a transfer-in conference")
    if chair is None or not chair.is_active or not chair.has_role(RoleCode.CHAIR):
        raise ConferenceBookingError("Select an independent chair", field="chair")
    with transaction.atomic():
        locked = (
            TransferIn.objects.select_for_update().select_related("child").get(pk=transfer_in.pk)
        )
        if locked.conference_id is not None:
            raise ConferenceBookingError("The transfer-in conference for this move has been held")
        existing = live_transfer_in_conference_for(locked.child)
        if existing is not None:
            return existing
        now = timezone.now()
        conference = Conference(
            kind=ConferenceKind.TRANSFER_IN,
            request=None,
            status=ConferenceStatus.ALLOCATED,
            chair=chair,
            allocated_at=now,
            allocated_by=by,
        )
        save_as(conference, by=by)
        bulk_create_with_history(
            [ConferenceChild(conference=conference, child=locked.child)],
            ConferenceChild,
            default_user=by,
        )
    return conference


def allocate_review_chair(*, conference: Conference, chair, by) -> Conference:
    """Give a review conference (not yet booked) its chair: it can then be booked."""
    _require_coordinator(by, "allocate a chair")
    if chair is None or not chair.is_active or not chair.has_role(RoleCode.CHAIR):
        raise ConferenceBookingError("Select an independent chair", field="chair")
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.kind not in REVIEW_KINDS or locked.request_id is not None:
            raise ConferenceBookingError("Allocate the chair of this conference from its request")
        if not locked.may_be_booked:
            raise ConferenceBookingError(
                f"This conference is {locked.get_status_display().lower()}: its chair cannot be "
                "changed here"
            )
        locked.chair = chair
        locked.allocated_at, locked.allocated_by = timezone.now(), by
        save_as(locked, by=by)
    return locked
