"""Issue 21 item 4: a child whose attendance the chair agreed is invited, with a letter in plain
words and the children and young people's leaflet (004 chairs' item 3: "When inviting the
parents/young person ... the children & young people leaflet").

Children are not on the request's invite list (the request says only whether each child wants
to come). The chair's latest decision on a child's attendance decides: agreed, the child gets an
Invitation (kind child, no address: the social worker gives the letter by hand); no longer agreed,
the invitation is made inactive (never deleted). This runs inside the caller's transaction: when
the invitations are sent, and when the chair decides after they were sent.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from core.history import save_as

from . import letters
from .models import (
    ChairDecision,
    ChairDecisionKind,
    Invitation,
    InvitationKind,
    InvitationMethod,
)

CHILD_CONNECTION = "Child the conference is about"


def children_agreed_to_attend(conference) -> set[int]:
    """The ids of children whose latest attendance decision by the chair is 'agreed'."""
    latest = {}
    for child_id, agreed in (
        ChairDecision.objects.filter(conference=conference, kind=ChairDecisionKind.CHILD_ATTENDANCE)
        .order_by("decided_at", "pk")
        .values_list("child_id", "agreed")
    ):
        latest[child_id] = agreed
    return {child_id for child_id, agreed in latest.items() if agreed}


def invite_children(*, conference, by, children, resend: bool = False) -> list[Invitation]:
    """Invite each child the chair agreed may attend (a letter with the children's leaflet), and
    make inactive the invitation of a child no longer agreed. `conference` is locked by the
    caller; `children` are the conference's children. `resend` (the invitations going again after
    a re-booking) replaces the letters already sent."""
    agreed = children_agreed_to_attend(conference)
    existing = {
        invitation.child_id: invitation
        for invitation in Invitation.objects.select_for_update().filter(
            conference=conference, kind=InvitationKind.CHILD
        )
    }
    now = timezone.now()
    invited = []
    for child in children:
        invitation = existing.get(child.pk)
        if child.pk not in agreed:
            if invitation is not None and invitation.is_active:
                invitation.is_active = False
                save_as(invitation, by=by, reason="The chair no longer agrees the child attends")
            continue
        if invitation is not None and invitation.is_active and not resend:
            invited.append(invitation)
            continue
        was_sent = invitation is not None and invitation.sent_at is not None
        replaces = timezone.localdate(invitation.sent_at) if was_sent and resend else None
        if invitation is None:
            invitation = Invitation(conference=conference, kind=InvitationKind.CHILD, child=child)
        elif was_sent:
            invitation.sequence += 1
        invitation.name = child.legal_name
        invitation.connection = CHILD_CONNECTION
        invitation.method = InvitationMethod.LETTER
        invitation.address = ""
        invitation.is_active = True
        invitation.not_sent_reason = ""
        invitation.sent_at, invitation.sent_by = now, by
        pdf = letters.render_child_letter(
            child=child, conference=conference, children=children, replaces=replaces
        )
        invitation.letter.save(letters.letter_filename(invitation), ContentFile(pdf), save=False)
        save_as(invitation, by=by)
        invited.append(invitation)
    return invited
