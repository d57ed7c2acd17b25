"""Reads for the invitations pages and the invitee's side: a conference's invitations, advocacy
referrals, the chair's decisions about who attends and its children; an invitation to reply to,
its letter, and the booked conferences a professional is invited to."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from children.models import Child

from ..models import (
    AdvocacyReferral,
    ChairDecision,
    ConferenceChild,
    ConferenceStatus,
    Invitation,
    InviteeKind,
)
from .conferences import conferences_visible_to


def invitations_of(conference) -> list[Invitation]:
    """The conference's invitations, active first: one query."""
    return list(
        Invitation.objects.filter(conference=conference)
        .select_related("agency", "sent_by", "replied_by")
        .order_by("-is_active", "kind", "name", "pk")
    )


@dataclass(frozen=True)
class PageInvitations:
    """The conference page's invitations: the user's own active one (or none) and, for the
    authority's staff, every active professional's with their agency report."""

    own: Invitation | None
    own_professional: Invitation | None  # the user's first active professional one, by number
    professionals: list[Invitation]


def page_invitations(conference, user, *, with_professionals: bool) -> PageInvitations:
    """One query for both. Read unordered (the ORM's ORDER BY costs more than the query; the page
    counts the professionals' reports); of several of the user's own, which is rare, the first
    in the model's order, as the database collates the names."""
    mine = Q(user=user)
    wanted = mine | Q(kind=InviteeKind.PROFESSIONAL) if with_professionals else mine
    found = list(
        Invitation.objects.filter(wanted, conference=conference, is_active=True)
        .select_related("agency_report")
        .order_by()
    )
    own = [invitation for invitation in found if invitation.user_id == user.pk]
    professional = [
        invitation for invitation in found if invitation.kind == InviteeKind.PROFESSIONAL
    ]
    own_professional = min(
        (invitation for invitation in own if invitation.kind == InviteeKind.PROFESSIONAL),
        key=lambda invitation: invitation.pk,
        default=None,
    )
    if len(own) > 1:
        own = list(
            Invitation.objects.filter(mine, conference=conference, is_active=True).select_related(
                "agency_report"
            )
        )
    return PageInvitations(
        own=own[0] if own else None,
        own_professional=own_professional,
        professionals=professional if with_professionals else [],
    )


def advocacy_referrals_of(conference) -> dict:
    """The conference's advocacy referrals, keyed by child id: one query."""
    return {
        referral.child_id: referral
        for referral in AdvocacyReferral.objects.filter(conference=conference).select_related(
            "recorded_by"
        )
    }


def chair_decisions_of(conference) -> list[ChairDecision]:
    """The chair's decisions about who attends, oldest first: one query."""
    return list(
        ChairDecision.objects.filter(conference=conference)
        .select_related("child", "decided_by")
        .order_by("decided_at", "pk")
    )


def children_of(conference):
    """The conference's children, eldest first, as a queryset (a form's choices)."""
    return Child.objects.filter(conference_links__conference=conference).order_by(
        "date_of_birth", "pk"
    )


def invitation_with_letter(pk) -> Invitation:
    """The invitation with just what its letter's download needs (else page not found)."""
    return get_object_or_404(Invitation.objects.only("pk", "conference_id", "letter"), pk=pk)


def invitation_to_reply(pk) -> Invitation | None:
    """The invitation with its conference, chair and place, or None; whether the user may reply
    is the view's check."""
    return (
        Invitation.objects.select_related("conference", "conference__chair", "conference__venue")
        .filter(pk=pk)
        .first()
    )


def invitations_to_booked_conferences(user) -> list[Invitation]:
    """Your conferences: the professional's active invitations to booked conferences they may
    reach, soonest first, with each conference's children. Three queries."""
    return list(
        Invitation.objects.filter(
            user=user,
            is_active=True,
            conference__status=ConferenceStatus.BOOKED,
            # Less any conference with a restricted child they are not named on.
            conference__in=conferences_visible_to(user),
        )
        .select_related("conference", "conference__venue", "conference__chair", "agency_report")
        .prefetch_related(
            Prefetch(
                "conference__conference_children",
                queryset=ConferenceChild.objects.select_related("child").order_by(
                    "child__date_of_birth", "pk"
                ),
            )
        )
        .order_by("conference__starts_at", "pk")
    )
