"""The invitee's side: replying to an invitation (by the professional, or by the conference
service for them) and "Your conferences", the booked conferences a professional is invited to."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from core.view_helpers import add_service_error, require_perm

from .. import selectors, services
from ..forms import InvitationReplyForm
from ..models import ConferenceStatus


def _invitation_for_reply(request, pk):
    """The invitation, for its own professional (while it is active) or the conference service.
    Anyone else gets page not found: they cannot learn that an invitation exists."""
    invitation = selectors.invitation_to_reply(pk)
    if invitation is None or not request.user.has_perm(
        "conferences.reply_to_invitation", invitation
    ):
        raise Http404("No invitation found")
    # The usual check on restricted records, for the invitee and the conference service alike.
    selectors.conference_for(request.user, invitation.conference_id)
    return invitation


def reply_to_invitation(request, pk):
    invitation = _invitation_for_reply(request, pk)
    conference = invitation.conference
    children = list(selectors.children_of(conference))
    form = InvitationReplyForm(
        request.POST or None,
        initial={
            "reply": invitation.reply if invitation.reply != "awaiting" else None,
            "substitute_name": invitation.substitute_name,
            "note": invitation.reply_note,
        },
    )
    may_reply = invitation.is_active and conference.status == ConferenceStatus.BOOKED
    if request.method == "POST":
        if not may_reply:
            form.is_valid()
            form.add_error(None, "This conference is not booked: there is nothing to reply to")
        elif form.is_valid():
            try:
                services.reply_to_invitation(
                    invitation=invitation,
                    by=request.user,
                    reply=form.cleaned_data["reply"],
                    substitute_name=form.cleaned_data["substitute_name"],
                    note=form.cleaned_data["note"],
                )
            except services.ConferenceBookingError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Your reply is recorded")
                if invitation.user_id == request.user.pk:
                    return redirect("conferences:invited")
                return redirect("conferences:invitations", pk=conference.pk)
    return render(
        request,
        "conferences/reply.html",
        {
            "form": form,
            "invitation": invitation,
            "conference": conference,
            "children": children,
            "may_reply": may_reply,
            "for_someone_else": invitation.user_id != request.user.pk,
        },
    )


def invited(request):
    """Your conferences: the booked conferences the signed-in professional is invited to, soonest
    first, with their reply. Three queries however many there are."""
    require_perm(request.user, "conferences.view_own_invitations")
    rows = selectors.invitations_to_booked_conferences(request.user)
    return render(request, "conferences/invited.html", {"invitations": rows})
