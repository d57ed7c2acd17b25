"""The child's voice pages (issue 21), one child at a time: the social worker's page (seen,
consulted, views, advocacy, what the child will be told, what the child made), the chair's page
(why not seen, notes, meeting the child beforehand), and the download of an upload."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from children import services as children_services
from conferences import selectors as conference_selectors
from core.forms import first_error_anchor
from core.view_helpers import add_service_error, require_perm

from . import selectors, services
from .errors import VoiceError
from .forms import (
    AdvocacyForm,
    ChairNotesForm,
    ConsultationForm,
    NotSeenReasonForm,
    SeenForm,
    TellingForm,
    UploadForm,
    ViewsForm,
)

# Each action of the social worker's page: its form, and the service call given the form.
SOCIAL_WORKER_ACTIONS = {
    "seen": SeenForm,
    "consultation": ConsultationForm,
    "views": ViewsForm,
    "advocacy": AdvocacyForm,
    "telling": TellingForm,
    "upload": UploadForm,
}
DONE = {
    "seen": "When the child was seen is saved",
    "consultation": "How the child was consulted is saved",
    "views": "The child's views are saved",
    "advocacy": "Advocacy is saved",
    "telling": "What the child will be told is saved",
    "upload": "The file is added",
    "withdraw": "The file is withdrawn",
}


def _voice(request, pk, child_pk):
    conference = conference_selectors.conference_for(request.user, pk)
    child = selectors.child_of(conference, child_pk)
    if child is None:
        raise Http404("No such child at this conference")
    voice = selectors.voice_for(conference, child)
    require_perm(request.user, "voice.view_child_voice", voice, hide=True)
    return conference, child, voice


def _initial(voice) -> dict:
    return {
        "seen": {
            "seen_on": voice.seen_on,
            "seen_by_name": voice.seen_by_name if voice.seen_by_id is None else "",
            "seen_alone": {True: "yes", False: "no"}.get(voice.seen_alone),
        },
        "consultation": {
            "methods": voice.consultation_methods,
            "not_consulted_reason": voice.not_consulted_reason,
            "next_time": voice.next_time,
        },
        "views": {"views": voice.views, "not_sought_reason": voice.views_not_sought_reason},
        "advocacy": {
            "advocacy": voice.advocacy,
            "advocate_name": voice.advocate_name,
            "advocate_organisation": voice.advocate_organisation,
            "advocate_part": voice.advocate_part,
        },
        "telling": {"told_before": voice.told_before, "told_during": voice.told_during},
        "upload": {},
    }


def _save(action, form, *, conference, child, user):
    data = form.cleaned_data
    common = {"conference": conference, "child": child, "by": user}
    if action == "seen":
        named = (data["seen_by_name"] or "").strip()
        services.record_seen(
            **common,
            seen_on=data["seen_on"],
            seen_alone=data["seen_alone"] == "yes",
            seen_by=None if named else user,
            seen_by_name=named,
        )
    elif action == "consultation":
        services.record_consultation(**common, **data)
    elif action == "views":
        services.record_views(**common, **data)
    elif action == "advocacy":
        services.record_advocacy(**common, **data)
    elif action == "telling":
        services.record_telling(**common, **data)
    elif action == "upload":
        services.add_upload(**common, **data)


def child_voice(request, pk, child_pk):
    """The social worker's "The child's voice" page for one child of one conference."""
    conference, child, voice = _voice(request, pk, child_pk)
    may_record = request.user.has_perm("voice.record_child_voice", voice)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None:
        require_perm(request.user, "voice.record_child_voice", voice)
        if action == "withdraw":
            upload = selectors.upload_for(request.POST.get("upload"))
            if upload is None or upload.voice_id != voice.pk:
                raise Http404("No such file")
            services.withdraw_upload(upload=upload, by=request.user)
            messages.success(request, DONE[action])
            return redirect("voice:child_voice", pk=pk, child_pk=child_pk)
        if action not in SOCIAL_WORKER_ACTIONS:
            raise Http404("No such action")
    initial = _initial(voice)
    forms = {}
    for name, form_class in SOCIAL_WORKER_ACTIONS.items():
        bound = action == name
        forms[name] = form_class(
            request.POST if bound else None,
            request.FILES if bound else None,
            initial=initial[name],
            prefix=name,
        )
    if action is not None:
        form = forms[action]
        if form.is_valid():
            try:
                _save(action, form, conference=conference, child=child, user=request.user)
            except VoiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, DONE[action])
                return redirect("voice:child_voice", pk=pk, child_pk=child_pk)
    else:
        children_services.record_child_view(
            user=request.user, child=child, what="The child's voice", path=request.path
        )
    return render(
        request,
        "voice/child_voice.html",
        {
            "conference": conference,
            "child": child,
            "voice": voice,
            "uploads": selectors.shown_uploads(voice),
            "referral": selectors.advocacy_referral_of(conference, child),
            "forms": forms,
            "errors": [error for form in forms.values() for error in _form_errors(form)],
            "may_record": may_record,
            "may_chair": request.user.has_perm("voice.record_chair_notes", voice),
        },
    )


def _form_errors(form) -> list:
    """(anchor, message) for each error of a bound form, for the error summary."""
    if not form.is_bound:
        return []
    errors = [("main-content", error) for error in form.non_field_errors()]
    for field in form.visible_fields():
        errors += [(first_error_anchor(field), error) for error in field.errors]
    return errors


def chair_notes(request, pk, child_pk):
    """The chair's part: why the child was not seen, notes on consultation and advocacy, and
    the meeting with the child before the conference."""
    conference, child, voice = _voice(request, pk, child_pk)
    require_perm(request.user, "voice.record_chair_notes", voice)
    action = request.POST.get("action") if request.method == "POST" else None
    reason_form = NotSeenReasonForm(
        request.POST if action == "not_seen" else None,
        initial={"reason": voice.not_seen_reason},
        prefix="not_seen",
    )
    notes_form = ChairNotesForm(
        request.POST if action == "notes" else None,
        initial={
            "consultation_chair_note": voice.consultation_chair_note,
            "advocacy_chair_note": voice.advocacy_chair_note,
            "chair_meets_child": voice.chair_meets_child,
            "meets_on": voice.chair_meets_child_at and voice.chair_meets_child_at.date(),
        },
        prefix="notes",
    )
    if action == "not_seen" and reason_form.is_valid():
        try:
            services.record_not_seen_reason(
                conference=conference,
                child=child,
                by=request.user,
                reason=reason_form.cleaned_data["reason"],
            )
        except VoiceError as error:
            add_service_error(reason_form, error)
        else:
            messages.success(request, "Your reason is recorded")
            return redirect("voice:chair_notes", pk=pk, child_pk=child_pk)
    elif action == "notes" and notes_form.is_valid():
        try:
            services.record_chair_notes(
                conference=conference,
                child=child,
                by=request.user,
                consultation_chair_note=notes_form.cleaned_data["consultation_chair_note"],
                advocacy_chair_note=notes_form.cleaned_data["advocacy_chair_note"],
                chair_meets_child=notes_form.cleaned_data["chair_meets_child"],
                chair_meets_child_at=notes_form.meets_when(),
            )
        except VoiceError as error:
            add_service_error(notes_form, error)
        else:
            messages.success(request, "Your notes are saved")
            return redirect("voice:chair_notes", pk=pk, child_pk=child_pk)
    return render(
        request,
        "voice/chair_notes.html",
        {
            "conference": conference,
            "child": child,
            "voice": voice,
            "uploads": selectors.shown_uploads(voice),
            "referral": selectors.advocacy_referral_of(conference, child),
            "reason_form": reason_form,
            "notes_form": notes_form,
            "errors": _form_errors(reason_form) + _form_errors(notes_form),
        },
    )


def conference_voices(request, pk):
    """Every child of the conference with what is recorded of their voice: the way in from the
    conference's pages."""
    conference = conference_selectors.conference_for(request.user, pk)
    voices = selectors.voices_of(conference)
    rows = []
    for child in selectors.children_of(conference):
        voice = voices.get(child.pk) or selectors.blank_voice(conference, child)
        if request.user.has_perm("voice.view_child_voice", voice):
            rows.append((child, voice))
    if not rows:  # default deny: only those who may see a child's voice come in
        raise PermissionDenied
    return render(
        request,
        "voice/conference_voices.html",
        {
            "conference": conference,
            "rows": rows,
            "user_is_chair": conference.chair_id == request.user.pk,
        },
    )


def upload(request, pk):
    """Download what the child made, only for someone who may see the child's voice."""
    row = selectors.upload_for(pk)
    if row is None or row.withdrawn_at is not None:
        raise Http404("No such file")
    conference_selectors.conference_for(request.user, row.voice.conference_id)
    require_perm(request.user, "voice.view_child_voice", row.voice, hide=True)
    children_services.record_child_view(
        user=request.user, child=row.voice.child, what="What the child made", path=request.path
    )
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
