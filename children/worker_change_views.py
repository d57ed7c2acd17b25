"""A family's request for a change of worker (issue 22 item 6; 001 §21): recorded from the child's
page; decided by the team manager of the child's social worker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors, services
from .forms.worker_change import WorkerChangeDecisionForm, WorkerChangeRequestForm


def _show_error(form, error) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _back_to_child(child):
    return redirect(reverse("children:detail", args=[child.pk]) + "#change-of-worker")


def record_request(request, pk):
    child = selectors.get_child_for(request.user, pk)
    if not services.may_record_worker_change_request(child, request.user):
        raise PermissionDenied
    form = WorkerChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_worker_change_request(child=child, by=request.user, **form.cleaned_data)
        except services.ChildRecordError as error:
            _show_error(form, error)
        else:
            messages.success(request, "The request for a change of worker is recorded")
            return _back_to_child(child)
    return render(
        request,
        "children/worker_change_form.html",
        {"form": form, "child": child, "title": "Record a request for a change of worker"},
    )


def decide(request, pk):
    child = selectors.get_child_for(request.user, pk)
    waiting = selectors.open_worker_change_request(child)
    if waiting is None:
        raise Http404("No request is waiting for a decision")
    if not services.may_decide_worker_change(waiting, request.user):
        raise PermissionDenied
    form = WorkerChangeDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_worker_change(
                request=waiting,
                by=request.user,
                agreed={"yes": True, "no": False}.get(data["agreed"]),
                reason=data["decision_reason"],
                new_worker=data["new_worker"],
            )
        except services.ChildRecordError as error:
            _show_error(form, error)
        else:
            messages.success(request, "Your decision on the change of worker is recorded")
            return _back_to_child(child)
    return render(
        request,
        "children/worker_change_form.html",
        {
            "form": form,
            "child": child,
            "title": "Decide the request for a change of worker",
            "waiting": waiting,
        },
    )
