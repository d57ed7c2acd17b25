"""Issue 21 item 5: the chair's page for preparing the family (the meeting with the parents
before the conference, and with each parent advised not to attend), and the page recording one
meeting. Thin: the rules are in conferences.services.family_preparation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from children import services as children_services
from core.view_helpers import add_service_error, require_perm

from .. import selectors, services
from ..family_invitees import family_invitees
from ..forms.family_preparation import AdvisedNotToAttendForm, ChairMeetingForm
from ..models import ChairMeetingKind


def _conference(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.view_conference_record", conference)
    may_record = request.user.has_perm("conferences.record_chair_meeting", conference)
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    return conference, may_record


def family_preparation(request, pk):
    conference, may_record = _conference(request, pk)
    children = [link.child for link in conference.conference_children.all()]
    prompts = selectors.family_preparation_of(conference)
    advised_ids = {prompt.person_id for prompt in prompts if prompt.person_id}
    invitees = [i for i in family_invitees(conference) if i.person_id not in advised_ids]
    action = request.POST.get("action") if request.method == "POST" else None
    form = AdvisedNotToAttendForm(
        request.POST if action == "advise" else None, invitees=invitees, prefix="advise"
    )
    if action == "advise" and form.is_valid():
        try:
            services.record_advised_not_to_attend(
                conference=conference,
                by=request.user,
                person_id=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Saved: the chair meets them in advance of the conference")
            return redirect("conferences:family-preparation", pk=pk)
    elif action == "withdraw":
        try:
            services.withdraw_advised_not_to_attend(
                conference=conference,
                by=request.user,
                person_id=int(request.POST.get("person") or 0),
            )
        except (services.ConferenceBookingError, ValueError):
            messages.error(request, "This family member was not advised not to attend")
        else:
            messages.success(request, "Saved: no longer advised not to attend")
        return redirect("conferences:family-preparation", pk=pk)
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user,
            child=children,
            what="Meetings before the conference",
            path=request.path,
        )
    return render(
        request,
        "conferences/family_preparation.html",
        {
            "conference": conference,
            "children": children,
            "prompts": prompts,
            "form": form,
            "may_record": may_record and conference.status in services.PREPARATION_STATUSES,
            "invitees": invitees,
        },
    )


def chair_meeting(request, pk, person_pk=None):
    conference, may_record = _conference(request, pk)
    if not may_record or conference.status not in services.PREPARATION_STATUSES:
        raise PermissionDenied
    prompts = selectors.family_preparation_of(conference)
    kind = ChairMeetingKind.PARENTS if person_pk is None else ChairMeetingKind.ABSENT_PARENT
    prompt = next((p for p in prompts if p.kind == kind and p.person_id == person_pk), None)
    if prompt is None:
        raise Http404
    meeting = prompt.meeting
    initial = {}
    if meeting is not None:
        initial = {"held": "yes" if meeting.held else "no", "minutes": meeting.minutes}
        initial["not_held_reason"] = meeting.not_held_reason
        initial["shorter_reason"] = meeting.shorter_reason
        if meeting.held_at:
            local = timezone.localtime(meeting.held_at)
            initial["held_on"], initial["held_time"] = local.date(), local.strftime("%H:%M")
    form = ChairMeetingForm(
        request.POST or None, initial=initial, parents=kind == ChairMeetingKind.PARENTS
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_chair_meeting(
                conference=conference,
                by=request.user,
                kind=kind,
                person_id=person_pk,
                **form.service_kwargs(),
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error, aliases={"held_at": "held_on"})
        else:
            messages.success(request, "The meeting is recorded")
            return redirect("conferences:family-preparation", pk=pk)
    children = [link.child for link in conference.conference_children.all()]
    return render(
        request,
        "conferences/chair_meeting.html",
        {"conference": conference, "children": children, "prompt": prompt, "form": form},
    )
