"""The conference's inputs before its decision (issue 17 item 10): what is missing, and the
chair's reason to go ahead without it. Thin: the rule is in conferences.readiness."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from core.forms import NOTE, GovukTextField
from core.view_helpers import add_service_error, require_perm

from . import selectors
from .readiness import inputs_of, record_inputs_reason
from .rules import is_booked_and_started
from .services import ConferenceBookingError
from .views import _errors_of


class InputsReasonForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why does the conference go ahead without them?",
        help_text="For example: the social worker presented the report at the conference.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the conference goes ahead without its invitations or report"
        },
    )


def decision_inputs(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.view_decision", conference)
    may_record = request.user.has_perm(
        "conferences.record_inputs_reason", conference
    ) and is_booked_and_started(conference)
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    form = InputsReasonForm(
        request.POST if request.method == "POST" else None,
        prefix="inputs",
        initial={"reason": conference.inputs_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_inputs_reason(
                conference=conference, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your reason is recorded")
            return redirect("conferences:decision", pk=pk)
    return render(
        request,
        "conferences/decision/inputs.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "inputs": inputs_of(conference),
            "form": form,
            "errors": _errors_of(form),
            "may_record": may_record,
        },
    )
