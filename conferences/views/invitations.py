"""Invitations, arrangements, advocacy and the chair's decisions: the conference service sends
the invitations and the family letters, records the practical arrangements and a child's opting
out of advocacy; the chair records their decisions about who attends."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from children import services as children_services
from core.view_helpers import add_service_error, require_perm
from timescales.models import RuleCode

from .. import selectors, services
from ..family_invitees import family_invitees, relationships_to_children
from ..forms import AdvocacyOptOutForm, ArrangementsForm, ChairDecisionForm, SendInvitationsForm
from ..letters import conference_reference
from ..models import ConferenceStatus
from ..separate_attendance import separate_arrangements_listed


def _invitations_context(request, conference, send_form=None) -> dict:
    children = [link.child for link in conference.conference_children.all()]
    referrals = selectors.advocacy_referrals_of(conference)
    day = timezone.localdate(conference.starts_at) if conference.starts_at else None
    advocacy = []
    for child in children:
        age = child.age_in_years(day) if day else child.age_in_years()
        advocacy.append(
            {
                "child": child,
                "age": age,
                "eligible": age is not None and age >= services.ADVOCACY_AGE,
                "referral": referrals.get(child.pk),
            }
        )
    invitations = selectors.invitations_of(conference)
    # Issue 18 items 2 and 6: the family's relationships to each child, and who is invited
    # before the invitations are sent; each family member's separate arrangements.
    to_invite = [] if invitations else family_invitees(conference)
    relationships = relationships_to_children(
        [invitation.person_id for invitation in invitations]
        + [invitee.person_id for invitee in to_invite],
        children,
    )
    for row in (*invitations, *to_invite):
        if row.person_id:
            row.relationships = relationships.get(row.person_id, "")
    user = request.user
    sent_for_booking = bool(
        conference.invitations_sent_at
        and conference.booked_at
        and conference.invitations_sent_at >= conference.booked_at
    )
    return {
        "conference": conference,
        "children": children,
        "reference": conference_reference(conference),
        "invitations": invitations,
        "to_invite": to_invite,
        "separate_arrangements": separate_arrangements_listed(conference),
        "advocacy": advocacy,
        "decisions": selectors.chair_decisions_of(conference),
        "deadlines": [
            deadline
            for deadline in selectors.conference_deadlines(conference)
            if deadline.rule == RuleCode.INVITES
        ],
        "send_form": send_form or SendInvitationsForm(),
        "form": send_form,  # for the error summary and the page title
        "may_send": user.has_perm("conferences.send_invitations")
        and conference.status == ConferenceStatus.BOOKED
        and not sent_for_booking,
        "sent_for_booking": sent_for_booking,
        "may_arrange": user.has_perm("conferences.record_arrangements")
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_opt_out": user.has_perm("conferences.record_advocacy_opt_out")
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_decide": user.has_perm("conferences.record_chair_decision", conference)
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_reply_for": user.has_perm("conferences.send_invitations")
        and conference.status == ConferenceStatus.BOOKED,
    }


def _conference_for_invitations(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.view_invitations", conference)
    return conference


def invitations(request, pk):
    conference = _conference_for_invitations(request, pk)
    context = _invitations_context(request, conference)
    children_services.record_child_view(
        user=request.user,
        child=context["children"],
        what="Conference invitations and arrangements",
        path=request.path,
    )
    return render(request, "conferences/invitations.html", context)


@require_POST
def send_invitations(request, pk):
    conference = _conference_for_invitations(request, pk)
    require_perm(request.user, "conferences.send_invitations")
    form = SendInvitationsForm(request.POST)
    try:
        sent = services.send_invitations(
            conference=conference, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except services.ConferenceBookingError as error:
        form.is_valid()
        form.add_error(None, error.message)
        conference = selectors.conference_for(request.user, pk)
        return render(
            request,
            "conferences/invitations.html",
            _invitations_context(request, conference, send_form=form),
        )
    letters_made = sum(1 for invitation in sent if invitation.letter)
    emails = sum(1 for invitation in sent if invitation.sent_at and invitation.method == "email")
    not_sent = sum(1 for invitation in sent if invitation.not_sent_reason)
    text = f"Invitations sent: {emails} email{'s' if emails != 1 else ''} and {letters_made} letter"
    text += "s to print and post" if letters_made != 1 else " to print and post"
    if not_sent:
        text += f". {not_sent} {'people were' if not_sent != 1 else 'person was'} not sent one"
    messages.success(request, text)
    return redirect("conferences:invitations", pk=pk)


def arrangements(request, pk):
    conference = _conference_for_invitations(request, pk)
    require_perm(request.user, "conferences.record_arrangements")
    if conference.status not in services.OPEN_CONFERENCE_STATUSES:
        return redirect("conferences:invitations", pk=pk)
    initial = {name: getattr(conference, name) for name in services.ARRANGEMENT_FIELDS}
    form = ArrangementsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_arrangements(
                conference=conference,
                by=request.user,
                **{name: form.cleaned_data[name] for name in services.ARRANGEMENT_FIELDS},
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The arrangements are saved")
            return redirect("conferences:invitations", pk=pk)
    return render(
        request,
        "conferences/arrangements.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
        },
    )


def advocacy_opt_out(request, pk):
    conference = _conference_for_invitations(request, pk)
    require_perm(request.user, "conferences.record_advocacy_opt_out")
    if conference.status not in services.OPEN_CONFERENCE_STATUSES:
        return redirect("conferences:invitations", pk=pk)
    children = selectors.children_of(conference)
    form = AdvocacyOptOutForm(
        request.POST or None, children=children, initial={"child": request.GET.get("child")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.record_advocacy_opt_out(
                conference=conference,
                child=form.cleaned_data["child"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{referral.child.legal_name} has opted out of advocacy")
            return redirect("conferences:invitations", pk=pk)
    return render(
        request,
        "conferences/advocacy_opt_out.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
        },
    )


def chair_decisions(request, pk):
    conference = _conference_for_invitations(request, pk)
    may_decide = request.user.has_perm("conferences.record_chair_decision", conference) and (
        conference.status in services.OPEN_CONFERENCE_STATUSES
    )
    if request.method == "POST" and not may_decide:
        raise PermissionDenied
    form = ChairDecisionForm(
        request.POST or None,
        children=selectors.children_of(conference),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_chair_decision(
                conference=conference, by=request.user, **form.decision()
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your decision is recorded")
            return redirect("conferences:chair-decisions", pk=pk)
    return render(
        request,
        "conferences/chair_decisions.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "may_decide": may_decide,
            "decisions": selectors.chair_decisions_of(conference),
        },
    )


def invitation_letter(request, pk):
    """The family letter as sent, from private storage: only for those who see the invitations."""
    invitation = selectors.invitation_with_letter(pk)
    conference = _conference_for_invitations(request, invitation.conference_id)
    require_perm(request.user, "conferences.download_invitation_letter", conference)
    if not invitation.letter:
        raise Http404("No letter was produced for this invitation")
    try:
        handle = invitation.letter.open("rb")
    except FileNotFoundError as error:
        raise Http404("The letter file is missing") from error
    children_services.record_child_view(
        user=request.user,
        child=[link.child for link in conference.conference_children.all()],
        what="Invitation letter",
        path=request.path,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"invitation-letter-{invitation.pk}.pdf",
        content_type="application/pdf",
    )
    return response
