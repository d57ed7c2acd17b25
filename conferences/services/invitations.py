"""Before the conference: its arrangements (interpreter, childcare, seating, separate
attendance), sending the invitations (letters to the family, emails with a calendar invitation
to professionals, advocacy referrals for children aged 10 and over), a child's advocacy opt-out,
the chair's decisions before it (ChairDecision) and the invited professionals' replies."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from core import outbox
from core.history import save_as
from core.templatetags.govuk import govuk_datetime
from timescales import services as timescale_services
from timescales.models import RuleCode

from .. import child_invitations, letters
from ..models import (
    AdvocacyReferral,
    AdvocacyStatus,
    ChairDecision,
    ChairDecisionKind,
    Conference,
    ConferenceChild,
    ConferenceRequestInvitee,
    ConferenceStatus,
    Invitation,
    InvitationKind,
    InvitationMethod,
    InvitationReply,
    InviteeKind,
)
from .errors import InvitationError
from .reviews import _invitation_key, _review_invitees, _ReviewInvitee

ADVOCACY_AGE = 10  # children aged 10 and over are referred to advocacy unless they opt out


ARRANGEMENT_FIELDS = (
    "interpreter_needed",
    "interpreter_languages",
    "interpreter_booked",
    "childcare_needed",
    "childcare_details",
    "separate_attendance_needed",
    "separate_attendance_details",
    "seating_arrangements",
    "other_arrangements",
)


NO_DOCUMENTS_REASON = (
    "No letter: this person is not to be sent documents. Tell them about the conference in "
    "another way agreed with the social worker."
)


NO_EMAIL_REASON = "No email: there is no email address for them. Invite them another way."


OPEN_CONFERENCE_STATUSES = (
    ConferenceStatus.ALLOCATED,
    ConferenceStatus.BOOKED,
    ConferenceStatus.POSTPONED,
)


def record_arrangements(*, conference: Conference, by, **fields) -> Conference:
    """Keep the conference's arrangements up to date: interpreter (the languages, and whether one
    is booked), childcare, seating, separate attendance where one parent must not meet another,
    anything else. Fields not given are left as they are."""
    unknown = set(fields) - set(ARRANGEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not an arrangement: {', '.join(sorted(unknown))}")
    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise InvitationError("Only a conference coordinator can change the arrangements")
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.status not in OPEN_CONFERENCE_STATUSES:
            raise InvitationError(
                "The arrangements of a conference that is "
                f"{locked.get_status_display().lower()} cannot be changed"
            )
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else bool(value))
        if locked.interpreter_needed and not locked.interpreter_languages:
            raise InvitationError(
                "Enter the languages an interpreter is needed for", field="interpreter_languages"
            )
        if locked.separate_attendance_needed and not locked.separate_attendance_details:
            raise InvitationError(
                "Enter who must not meet whom, and how they will attend separately",
                field="separate_attendance_details",
            )
        if not locked.interpreter_needed:
            locked.interpreter_languages, locked.interpreter_booked = "", False
        if not locked.childcare_needed:
            locked.childcare_details = ""
        if not locked.separate_attendance_needed:
            locked.separate_attendance_details = ""
        save_as(locked, by=by)
    return locked


def _agency_of(invitee: ConferenceRequestInvitee):
    if isinstance(invitee, _ReviewInvitee):
        return invitee.agency
    involvement = invitee.involvement
    if involvement is None:
        return None
    if involvement.agency_id:
        return involvement.agency
    if involvement.user_id and involvement.user.agency_id:
        return involvement.user.agency
    return None


def send_invitations(
    *, conference: Conference, by, base_url: str = "", after_change: bool = False
) -> list:
    """Invite everyone on the request's invite list to the booked conference.

    Family members get a letter (a PDF kept on the invitation, to post), unless they are not to
    be sent documents (recorded, for the coordinator to act on); professionals get an email with
    a calendar invitation. Children aged 10 and over on the day are referred to the advocacy
    service unless they have opted out. Meets INVITES. Sending again after a re-booking replaces
    the letters and sends changed calendar invitations (SEQUENCE goes up); history keeps what
    went before. Emails leave once the transaction has committed.

    ``base_url`` (for example https://conferences.example.gov.uk) makes the links in emails
    absolute; the views pass the request's. ``after_change``: the booking's time or place was
    changed after the invitations were sent (conferences.booking_changes), so they go again.
    """
    # Imported here: conferences.separate_attendance imports conferences.services.
    from .. import separate_attendance

    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise InvitationError("Only a conference coordinator can send invitations")
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("chair", "venue", "request")
            .get(pk=conference.pk)
        )
        if locked.status != ConferenceStatus.BOOKED:
            raise InvitationError(
                "Invitations can only be sent for a booked conference. This one is "
                f"{locked.get_status_display().lower()}"
            )
        if (
            not after_change
            and locked.invitations_sent_at
            and locked.booked_at
            and (locked.invitations_sent_at >= locked.booked_at)
        ):
            raise InvitationError(
                "The invitations for this booking were sent on "
                f"{govuk_datetime(locked.invitations_sent_at)}. They are sent again only when "
                "the conference is re-booked"
            )
        if locked.request_id is None:
            # A review has no request: its invite list is the children's active core groups.
            invitees = _review_invitees(locked)
        else:
            invitees = list(
                ConferenceRequestInvitee.objects.filter(request_id=locked.request_id)
                .select_related("involvement", "involvement__agency", "involvement__user__agency")
                .order_by("kind", "pk")
            )
        if not invitees:
            raise InvitationError("The invite list is empty: there is no one to invite")
        # Issue 18 item 2: each parent kept apart has their own arrangements, or nothing goes.
        separate = separate_attendance.check_ready_to_send(locked)
        links = list(
            locked.conference_children.select_related(
                "child", "child__lead_social_worker"
            ).order_by("child__date_of_birth", "pk")
        )
        children = [link.child for link in links]
        existing = {
            _invitation_key(invitation, review=locked.request_id is None): invitation
            for invitation in Invitation.objects.select_for_update()
            .filter(conference=locked)
            .exclude(kind=InvitationKind.CHILD)  # children: conferences.child_invitations
        }
        invitations = []
        for invitee in invitees:
            invitation = existing.pop(invitee.pk, None)
            was_sent = invitation is not None and invitation.sent_at is not None
            # The date of the letter a changed one replaces, so the family know which to follow.
            replaces = timezone.localdate(invitation.sent_at) if was_sent else None
            if invitation is None:
                invitation = Invitation(
                    conference=locked,
                    invitee=None if isinstance(invitee, _ReviewInvitee) else invitee,
                )
            elif was_sent:
                invitation.sequence += 1
            family = invitee.kind == InviteeKind.FAMILY
            invitation.kind = invitee.kind
            invitation.person_id = invitee.person_id
            invitation.involvement_id = invitee.involvement_id
            invitation.user_id = invitee.user_id
            invitation.agency = _agency_of(invitee)
            invitation.name = invitee.name
            invitation.connection = invitee.connection
            invitation.organisation = invitee.organisation
            # A family member's own address only: it is printed on their letter and nowhere else.
            invitation.address = invitee.address
            invitation.email = invitee.email
            invitation.method = InvitationMethod.LETTER if family else InvitationMethod.EMAIL
            invitation.is_active = True
            invitation.not_sent_reason = ""
            if family and not invitee.may_receive_documents:
                invitation.not_sent_reason = NO_DOCUMENTS_REASON
            elif not family and not invitee.email:
                invitation.not_sent_reason = NO_EMAIL_REASON
            if invitation.not_sent_reason:
                invitation.letter = ""
                invitation.sent_at, invitation.sent_by = None, None
            else:
                invitation.sent_at, invitation.sent_by = now, by
            if family and not invitation.not_sent_reason:
                # A new letter each time; the one sent before stays in storage and in history.
                pdf = letters.render_family_letter(
                    invitation=invitation,
                    conference=locked,
                    children=children,
                    arrangement=separate.get(invitation.person_id),
                    replaces=replaces,
                )
                invitation.letter.save(
                    letters.letter_filename(invitation), ContentFile(pdf), save=False
                )
            save_as(invitation, by=by)
            if not family and not invitation.not_sent_reason:
                outbox.queue_email(
                    letters.professional_email(
                        invitation=invitation,
                        conference=locked,
                        base_url=base_url,
                        resend=was_sent,
                        separate_attendance=bool(separate),
                    ),
                    kind="conference-invitation",
                )
            invitations.append(invitation)
        for invitation in existing.values():  # no longer on the invite list: never deleted
            if invitation.is_active:
                invitation.is_active = False
                save_as(invitation, by=by)
        # Issue 21 item 4: each child the chair agreed may attend, with the children's leaflet.
        invitations += child_invitations.invite_children(
            conference=locked, by=by, children=children, resend=after_change
        )

        referred = set(
            AdvocacyReferral.objects.filter(conference=locked).values_list("child_id", flat=True)
        )
        day = timezone.localdate(locked.starts_at)
        for child in children:
            age = child.age_in_years(day)
            if child.pk in referred or age is None or age < ADVOCACY_AGE:
                continue
            referral = AdvocacyReferral(
                conference=locked,
                child=child,
                status=AdvocacyStatus.REFERRED,
                referred_at=now,
                recorded_by=by,
                recorded_at=now,
            )
            save_as(referral, by=by)
            outbox.queue_email(
                letters.advocacy_referral_email(
                    referral=referral,
                    conference=locked,
                    social_worker=child.lead_social_worker,
                    base_url=base_url,
                ),
                kind="advocacy-referral",
            )

        locked.invitations_sent_at = now
        save_as(locked, by=by, update_fields=["invitations_sent_at"])
        timescale_services.meet_deadline(rule=RuleCode.INVITES, subject=locked, met_on=now)
        # Each invited agency now owes a report (AGENCY_REPORT).
        # Imported here: reports.services imports conferences.services (via conferences.scaling).
        from reports.services import open_report_deadlines

        open_report_deadlines(conference=locked, by=by)
    return invitations


def record_advocacy_opt_out(*, conference: Conference, child, reason: str, by):
    """Record that a child does not want an advocate (and who said so). A child who opts out is
    not referred when invitations go out; a referral already made is marked opted out."""
    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise InvitationError("Only a conference coordinator can record an advocacy opt-out")
    reason = (reason or "").strip()
    if child is None:
        raise InvitationError("Select the child", field="child")
    if not reason:
        raise InvitationError(
            "Enter who said the child does not want an advocate, and when", field="reason"
        )
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if not ConferenceChild.objects.filter(conference=locked, child=child).exists():
            raise InvitationError("Select a child the conference is about", field="child")
        referral = (
            AdvocacyReferral.objects.select_for_update()
            .filter(conference=locked, child=child)
            .first()
        ) or AdvocacyReferral(conference=locked, child=child)
        referral.status = AdvocacyStatus.OPTED_OUT
        referral.opt_out_reason = reason
        referral.recorded_by = by
        referral.recorded_at = timezone.now()
        save_as(referral, by=by)
    return referral


def record_chair_decision(
    *,
    conference: Conference,
    by,
    kind: str,
    agreed,
    reason: str,
    child=None,
    about: str = "",
    requested_by: str = "",
    family_agreed=None,
):
    """The chair's decision, with the reason, on a child's attendance, an observer (asked for in
    advance, and agreed only if the family agrees) or a professionals-only slot."""
    if conference.chair_id is None or by.pk != conference.chair_id:
        raise InvitationError("Only the conference's chair can record the chair's decisions")
    if kind not in ChairDecisionKind.values:
        raise InvitationError("Select what the decision is about", field="kind")
    if agreed is None:
        raise InvitationError("Select whether you agree", field="agreed")
    reason, about, requested_by = (reason or "").strip(), about.strip(), requested_by.strip()
    if kind == ChairDecisionKind.CHILD_ATTENDANCE:
        if child is None:
            raise InvitationError("Select the child the decision is about", field="child")
        if not ConferenceChild.objects.filter(conference=conference, child=child).exists():
            raise InvitationError("Select a child the conference is about", field="child")
    elif kind == ChairDecisionKind.OBSERVER:
        if not about:
            raise InvitationError("Enter the observer's name and role", field="about")
        if not requested_by:
            raise InvitationError("Enter who asked for the observer to come", field="requested_by")
        if family_agreed is None:
            raise InvitationError("Select whether the family agreed", field="family_agreed")
        if agreed and family_agreed is not True:
            raise InvitationError(
                "An observer can only come if the family agrees. Record that you do not agree, "
                "or ask the family first",
                field="agreed",
            )
    elif kind == ChairDecisionKind.PROFESSIONAL_SLOT and not about:
        raise InvitationError("Enter what the professionals-only slot is for", field="about")
    if not reason:
        raise InvitationError("Enter the reason for your decision", field="reason")
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.chair_id != by.pk:
            raise InvitationError("Only the conference's chair can record the chair's decisions")
        if locked.status not in OPEN_CONFERENCE_STATUSES:
            raise InvitationError(
                f"This conference is {locked.get_status_display().lower()}: decisions before it "
                "can no longer be recorded"
            )
        decision = ChairDecision(
            conference=locked,
            kind=kind,
            child=child if kind == ChairDecisionKind.CHILD_ATTENDANCE else None,
            about=about,
            requested_by=requested_by if kind == ChairDecisionKind.OBSERVER else "",
            family_agreed=family_agreed if kind == ChairDecisionKind.OBSERVER else None,
            agreed=bool(agreed),
            reason=reason,
            decided_by=by,
            decided_at=timezone.now(),
        )
        save_as(decision, by=by)
        if (
            kind == ChairDecisionKind.CHILD_ATTENDANCE
            and locked.status == ConferenceStatus.BOOKED
            and locked.invitations_sent_at
        ):
            # Issue 21 item 4: decided after the invitations went: the child's follows now.
            child_invitations.invite_children(
                conference=locked,
                by=by,
                children=[
                    link.child
                    for link in locked.conference_children.select_related(
                        "child", "child__lead_social_worker"
                    ).order_by("child__date_of_birth", "pk")
                ],
            )
    return decision


def reply_to_invitation(*, invitation, by, reply: str, substitute_name: str = "", note: str = ""):
    """An invited professional's reply: attending, sending a briefed substitute (named), or
    apologies. The professional replies for themselves; the conference service may record a
    reply on their behalf (given by phone, say)."""
    if not (
        (invitation.user_id is not None and invitation.user_id == by.pk)
        or by.has_role(RoleCode.CONFERENCE_COORDINATOR)
    ):
        raise InvitationError("You can only reply to your own invitation")
    if reply not in (
        InvitationReply.ATTENDING,
        InvitationReply.SUBSTITUTE,
        InvitationReply.APOLOGIES,
    ):
        raise InvitationError("Select your reply", field="reply")
    substitute_name = substitute_name.strip()
    if reply == InvitationReply.SUBSTITUTE and not substitute_name:
        raise InvitationError(
            "Enter the name of the person attending instead", field="substitute_name"
        )
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("conference")
            .get(pk=invitation.pk)
        )
        if not locked.is_active:
            raise InvitationError("This invitation has been withdrawn")
        if locked.conference.status != ConferenceStatus.BOOKED:
            raise InvitationError(
                f"This conference is {locked.conference.get_status_display().lower()}: "
                "there is nothing to reply to"
            )
        locked.reply = reply
        locked.substitute_name = substitute_name if reply == InvitationReply.SUBSTITUTE else ""
        locked.reply_note = note.strip()
        locked.replied_at, locked.replied_by = timezone.now(), by
        save_as(locked, by=by)
    return locked
