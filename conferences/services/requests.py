"""Requests for an initial conference: the social worker sends one (meeting each enquiry's
ICPC_REQUEST deadline; a late one raises a QAN) or withdraws it; the coordinator allocates its
independent chair, which creates the conference (CHAIR_ALLOC met); and the deadline each child's
conference is due by (icpc_due_for)."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode
from children.models import FamilyLink, Person, ProfessionalInvolvement, S47Enquiry, S47Outcome
from children.rules import may_see_child
from core.templatetags.govuk import govuk_date, govuk_datetime
from plans.models import TransferIn
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, QanKind, RuleCode
from timescales.selectors import live_deadlines_for_subjects

from ..models import (
    ChildAttendance,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    ConferenceStatus,
    ConferenceType,
    InviteeKind,
    RequestStatus,
)
from ._common import _names, _require_coordinator
from .errors import ConferenceBookingError, ConferenceRequestError


def _family_connection(person: Person, links: list[FamilyLink]) -> str:
    by_relationship: dict[str, list] = {}
    for link in links:
        by_relationship.setdefault(link.get_relationship_display(), []).append(link.child)
    parts = [
        f"{relationship} of {_names(children)}"
        for relationship, children in by_relationship.items()
    ]
    if any(link.has_parental_responsibility for link in links):
        parts.append("has parental responsibility")
    return "; ".join(parts)


def send_conference_request(
    *,
    by,
    enquiries: Sequence[S47Enquiry],
    family_members: Sequence[Person] = (),
    professionals: Sequence[ProfessionalInvolvement] = (),
    interpreter_needed: bool = False,
    interpreter_languages: str = "",
    separate_attendance_needed: bool = False,
    separate_attendance_details: str = "",
    child_attending: str = ChildAttendance.NOT_DECIDED,
    advocacy_needed: bool = False,
    advocacy_details: str = "",
    other_needs: str = "",
) -> ConferenceRequest:
    """Send the conference service a request for an initial conference for these children.

    Meets each enquiry's ICPC_REQUEST deadline; a request sent after day 5 also raises a
    Quality Assurance notification to the social worker's line management.
    """
    if not by.has_role(RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER):
        raise ConferenceRequestError(
            "Only a social worker or team manager can request a conference"
        )
    enquiries = list(dict.fromkeys(enquiries))
    if not enquiries:
        raise ConferenceRequestError("Select the children the conference is for", field="enquiries")
    family_members = list(dict.fromkeys(family_members))
    professionals = list(dict.fromkeys(professionals))
    if not (family_members or professionals):
        raise ConferenceRequestError("Select at least one person to invite", field="family_members")
    if interpreter_needed and not interpreter_languages.strip():
        raise ConferenceRequestError(
            "Enter the languages an interpreter is needed for", field="interpreter_languages"
        )
    if separate_attendance_needed and not separate_attendance_details.strip():
        raise ConferenceRequestError(
            "Enter who needs to attend separately and why", field="separate_attendance_details"
        )
    if child_attending not in ChildAttendance.values:
        raise ConferenceRequestError(
            "Select whether the child will attend", field="child_attending"
        )

    now = timezone.now()
    try:
        with transaction.atomic():
            locked = list(
                # of=("self",): PostgreSQL cannot lock the nullable side of the outer join.
                S47Enquiry.objects.select_for_update(of=("self",))
                .filter(pk__in=[e.pk for e in enquiries])
                .select_related("child", "child__lead_social_worker")
                .order_by("pk")
            )
            children = [enquiry.child for enquiry in locked]
            for enquiry in locked:
                if not may_see_child(by, enquiry.child):
                    raise ConferenceRequestError("You cannot request a conference for this child")
                if enquiry.outcome != S47Outcome.CONFERENCE_NEEDED:
                    raise ConferenceRequestError(
                        f"Record that {enquiry.child.legal_name}'s Section 47 enquiry found a "
                        "conference is needed before requesting one",
                        field="enquiries",
                    )
            already = (
                ConferenceRequestChild.objects.filter(enquiry__in=locked, is_active=True)
                .select_related("child")
                .first()
            )
            if already:
                raise ConferenceRequestError(
                    f"A conference has already been requested for {already.child.legal_name}",
                    field="enquiries",
                )
            links = list(
                FamilyLink.objects.filter(
                    child__in=children, person__in=family_members, ended_at__isnull=True
                ).select_related("child", "person")
            )
            links_by_person: dict[int, list[FamilyLink]] = {}
            for link in links:
                links_by_person.setdefault(link.person_id, []).append(link)
            for person in family_members:
                if person.pk not in links_by_person:
                    raise ConferenceRequestError(
                        f"{person.full_name} is not linked to the children the conference is for",
                        field="family_members",
                    )
            child_ids = {child.pk for child in children}
            for involvement in professionals:
                if involvement.child_id not in child_ids or involvement.ended_on:
                    raise ConferenceRequestError(
                        f"{involvement.display_name} is not involved with the children the "
                        "conference is for",
                        field="professionals",
                    )

            request = ConferenceRequest.objects.create(
                conference_type=(
                    ConferenceType.PRE_BIRTH
                    if all(child.is_unborn for child in children)
                    else ConferenceType.INITIAL
                ),
                status=RequestStatus.SENT,
                requested_by=by,
                team=by.team if by.team_id else None,
                sent_at=now,
                interpreter_needed=interpreter_needed,
                interpreter_languages=interpreter_languages.strip() if interpreter_needed else "",
                separate_attendance_needed=separate_attendance_needed,
                separate_attendance_details=separate_attendance_details.strip(),
                child_attending=child_attending,
                advocacy_needed=advocacy_needed,
                advocacy_details=advocacy_details.strip(),
                other_needs=other_needs.strip(),
            )
            # bulk_create_with_history: a plain bulk_create would leave these rows out of history.
            bulk_create_with_history(
                [
                    ConferenceRequestChild(request=request, child=enquiry.child, enquiry=enquiry)
                    for enquiry in locked
                ],
                ConferenceRequestChild,
                default_user=by,
            )
            invitees = [
                ConferenceRequestInvitee(
                    request=request,
                    kind=InviteeKind.FAMILY,
                    person=person,
                    name=person.full_name,
                    connection=_family_connection(person, links_by_person[person.pk])[:300],
                    address="\n".join(person.address_lines),
                    phone=person.phone,
                    email=person.email,
                    address_withheld_from_family=person.address_withheld_from_family,
                    may_receive_documents=person.may_receive_documents,
                    interpreter_needed=person.interpreter_needed,
                    first_language=person.first_language,
                )
                # The people as read inside this transaction: the contact details as they are now.
                for person in (links_by_person[member.pk][0].person for member in family_members)
            ]
            invitees += [
                ConferenceRequestInvitee(
                    request=request,
                    kind=InviteeKind.PROFESSIONAL,
                    involvement=involvement,
                    user=involvement.user,
                    name=involvement.display_name,
                    connection=involvement.get_role_display(),
                    organisation=involvement.organisation_name,
                    phone=involvement.contact_phone,
                    email=involvement.contact_email,
                )
                for involvement in professionals
            ]
            bulk_create_with_history(invitees, ConferenceRequestInvitee, default_user=by)

            late = []
            for enquiry in locked:
                deadline = timescale_services.meet_deadline(
                    rule=RuleCode.ICPC_REQUEST, subject=enquiry, met_on=now
                )
                if deadline is not None and deadline.status == DeadlineStatus.MET_LATE:
                    late.append((enquiry, deadline))
            if late:
                # One late request is one event: one notification, naming every child it was late
                # for. Each child's ICPC_REQUEST deadline records its own lateness for QA reports.
                first_enquiry, first_deadline = min(late, key=lambda pair: pair[1].due_at)
                timescale_services.raise_qan(
                    kind=QanKind.LATE_REQUEST,
                    description=(
                        "The request for an initial conference for "
                        f"{_names([enquiry.child for enquiry, _ in late])} was sent on "
                        f"{govuk_datetime(now)}. It was due by "
                        f"{govuk_date(first_deadline.due_on)}, day 5 of the Section 47 enquiry "
                        f"that started on {govuk_date(first_enquiry.started_on)}."
                    ),
                    responsible=by,
                    child=first_enquiry.child,
                    rule=RuleCode.ICPC_REQUEST,
                    deadline=first_deadline,
                    raised_by=by,
                )
    except IntegrityError as error:
        # Two people sending a request for the same enquiry at once: the unique key decides.
        raise ConferenceRequestError(
            "A conference has already been requested for one of these children",
            field="enquiries",
        ) from error
    return request


def withdraw_conference_request(
    *, request: ConferenceRequest, by, reason: str
) -> ConferenceRequest:
    """Withdraw a request that has not been booked (a mistake, or the family moved away).
    The enquiries are free to be requested again."""
    if not reason.strip():
        raise ConferenceRequestError("Enter why the request is being withdrawn", field="reason")
    with transaction.atomic():
        locked = ConferenceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.SENT:
            raise ConferenceRequestError("Only a request waiting to be booked can be withdrawn")
        if (
            Conference.objects.filter(request=locked)
            .exclude(status=ConferenceStatus.CANCELLED)
            .exists()
        ):
            raise ConferenceRequestError(
                "A chair has been allocated: ask the conference service to cancel the conference"
            )
        locked.status = RequestStatus.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdrawal_reason = reason.strip()
        locked.save()
        for link in ConferenceRequestChild.objects.select_for_update().filter(
            request=locked, is_active=True
        ):
            link.is_active = False
            link.save(update_fields=["is_active"])  # one by one, so each is in history
    return locked


def allocate_chair(*, request: ConferenceRequest, chair, by) -> Conference:
    """Allocate an independent chair to a request: the conference is created for the request's
    children, and the request's CHAIR_ALLOC deadline (2 working days from the request) is met."""
    _require_coordinator(by, "allocate a chair")
    if chair is None or not chair.is_active or not chair.has_role(RoleCode.CHAIR):
        raise ConferenceBookingError("Select an independent chair", field="chair")
    now = timezone.now()
    with transaction.atomic():
        locked = ConferenceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.SENT:
            raise ConferenceBookingError("Only a request waiting to be booked can have a chair")
        conference = (
            Conference.objects.select_for_update()
            .filter(request=locked)
            .exclude(status=ConferenceStatus.CANCELLED)
            .first()
        )
        if conference is not None:
            if conference.status != ConferenceStatus.ALLOCATED:
                raise ConferenceBookingError("This conference is already booked")
            conference.chair = chair
            conference.allocated_at, conference.allocated_by = now, by
            conference.save()
        else:
            links = list(
                ConferenceRequestChild.objects.filter(request=locked, is_active=True).order_by("pk")
            )
            if not links:
                raise ConferenceBookingError("The request has no children to hold a conference for")
            conference = Conference.objects.create(
                kind=locked.conference_type,
                request=locked,
                status=ConferenceStatus.ALLOCATED,
                chair=chair,
                allocated_at=now,
                allocated_by=by,
                # The request's needs become the conference's arrangements, which the conference
                # service then keeps up to date (record_arrangements).
                interpreter_needed=locked.interpreter_needed,
                interpreter_languages=locked.interpreter_languages,
                separate_attendance_needed=locked.separate_attendance_needed,
                separate_attendance_details=locked.separate_attendance_details,
                other_arrangements=locked.other_needs,
            )
            bulk_create_with_history(
                [
                    ConferenceChild(
                        conference=conference, child_id=link.child_id, enquiry_id=link.enquiry_id
                    )
                    for link in links
                ],
                ConferenceChild,
                default_user=by,
            )
            # Opened at the request's sending if nothing opened it then; met now.
            timescale_services.open_deadline(
                rule=RuleCode.CHAIR_ALLOC, subject=locked, start=locked.sent_at, responsible=by
            )
            timescale_services.meet_deadline(rule=RuleCode.CHAIR_ALLOC, subject=locked, met_on=now)
    return conference


def icpc_due_for(conference: Conference) -> list:
    """The live deadline each child's conference is due by, earliest first: ICPC_DUE of the
    child's enquiry or, for a transfer-in conference, the child's TRANSFER_IN."""
    if conference.kind == ConferenceKind.TRANSFER_IN:
        waiting = TransferIn.objects.filter(
            child__in=conference.conference_children.values("child_id"), conference__isnull=True
        ).only("pk")
        deadlines = live_deadlines_for_subjects(RuleCode.TRANSFER_IN, waiting)
        return sorted(deadlines.values(), key=lambda deadline: (deadline.due_at, deadline.pk))
    enquiry_ids = [
        link.enquiry_id for link in conference.conference_children.all() if link.enquiry_id
    ]
    if not enquiry_ids:
        return []
    deadlines = live_deadlines_for_subjects(
        RuleCode.ICPC_DUE, S47Enquiry.objects.filter(pk__in=enquiry_ids).only("pk")
    )
    return sorted(deadlines.values(), key=lambda deadline: (deadline.due_at, deadline.pk))
