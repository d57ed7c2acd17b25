"""The page where the chair or the conference service records who has been given the outline
plan (issue 18 item 3). Thin: the rules are in conferences.outline_circulation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from children import services as children_services
from core.view_helpers import add_service_error

from . import outline_circulation, selectors
from .models import ConferenceStatus
from .outline_circulation_forms import OutlineCirculationForm
from .views import _errors_of


def outline_circulation_page(request, pk):
    conference = selectors.conference_for(request.user, pk)
    if not request.user.has_perm("conferences.record_outline_circulation", conference):
        raise PermissionDenied
    recipients = outline_circulation.recipients_of(conference)
    people = outline_circulation.people_who_may_circulate(conference, request.user)
    held = conference.status == ConferenceStatus.HELD
    form = OutlineCirculationForm(
        request.POST if request.method == "POST" else None,
        recipients=recipients,
        people=people,
        initial={
            "recipients": [r.key for r in recipients if not r.is_recorded],
            "circulated_on": timezone.localdate(),
            "circulated_by": str(request.user.pk),
        },
    )
    if request.method == "POST":
        if not held:
            raise PermissionDenied
        if form.is_valid():
            try:
                outline_circulation.record_circulation(
                    conference=conference, by=request.user, **form.service_kwargs()
                )
            except outline_circulation.CirculationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Who has been given the outline plan is recorded")
                return redirect("conferences:outline-circulation", pk=conference.pk)
    else:
        children_services.record_child_view(
            user=request.user,
            child=[link.child for link in conference.conference_children.all()],
            what="Outline plan circulation",
            path=request.path,
        )
    return render(
        request,
        "conferences/decision/outline_circulation.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "recipients": recipients,
            "outstanding": [r for r in recipients if not r.is_recorded],
            "form": form,
            "errors": _errors_of(form),
            "held": held,
        },
    )
