"""Holding the conference (issue 6): attendance with quoracy, starting the conference, and the
Signs of Safety record with its danger statements and scaling scores."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from children import services as children_services
from core.view_helpers import add_service_error, require_perm
from voice import selectors as voice_selectors
from voice import services as voice_services
from voice.errors import VoiceError

from .. import selectors, services
from ..forms import (
    AddAttendeeForm,
    AttendanceForm,
    DangerStatementForm,
    QuorateReasonForm,
    ScaleScoreForm,
    SignsOfSafetyForm,
)
from ..models import MAX_DANGER_STATEMENTS, ConferenceStatus
from ..quoracy import attendance_rows, quoracy
from ..rules import is_booked_and_started, is_booked_not_started
from ..scaling import OVERALL_LABEL, conference_scales, record_scale_scores, score_field_name
from ._common import _errors_of

# --- Holding the conference (issue 6): attendance with quoracy, the Signs of Safety record -----
# One form per page with several buttons: every button saves what is typed in the main part of
# the page first, so pressing the wrong one (or an error in another part) never loses text.


def _conference_for_holding(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.view_conference_record", conference)
    may_hold = request.user.has_perm("conferences.hold_conference", conference)
    if request.method == "POST" and not may_hold:
        raise PermissionDenied
    return conference, may_hold


def attendance(request, pk):
    conference, may_hold = _conference_for_holding(request, pk)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if action == "start":
        try:
            services.start_conference(conference=conference, by=request.user)
        except services.ConferenceBookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The conference has started")
        return redirect("conferences:attendance", pk=pk)

    rows = attendance_rows(conference)
    children = [link.child for link in conference.conference_children.all()]
    initial = {
        "parents_met_chair_beforehand": conference.parents_met_chair_beforehand,
    }
    voices = voice_selectors.voices_of(conference)
    for child_id, voice in voices.items():
        initial[f"participation_{child_id}"] = voice.participation
        initial[f"participation_reason_{child_id}"] = voice.participation_reason
    data = request.POST if action else None
    form = AttendanceForm(data, rows=rows, children=children, initial=initial)
    add_form = AddAttendeeForm(data if action == "add" else None, prefix="add")
    may_record_reason = request.user.has_perm("conferences.record_quorate_reason", conference)
    if action == "reason" and not may_record_reason:
        raise PermissionDenied
    reason_form = QuorateReasonForm(
        data if action == "reason" else None,
        prefix="quorate",
        initial={"reason": conference.quorate_reason},
    )
    if action:
        saved = False
        if form.is_valid():
            try:
                services.record_attendance(
                    conference=conference, by=request.user, rows=form.statuses()
                )
                services.record_participation(
                    conference=conference,
                    by=request.user,
                    parents_met_chair_beforehand=form.cleaned_data["parents_met_chair_beforehand"],
                )
                voice_services.record_participation(
                    conference=conference, by=request.user, answers=form.participation()
                )
                saved = True
            except (services.ConferenceBookingError, VoiceError) as error:
                add_service_error(form, error)
        done = saved
        if saved and action == "add":
            done = False
            if add_form.is_valid():
                try:
                    services.add_attendee(
                        conference=conference, by=request.user, **add_form.cleaned_data
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    add_service_error(add_form, error)
        elif saved and action == "reason":
            done = False
            if reason_form.is_valid():
                try:
                    services.record_quorate_reason(
                        conference=conference,
                        by=request.user,
                        reason=reason_form.cleaned_data["reason"],
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    add_service_error(reason_form, error)
        if done:
            messages.success(
                request,
                {"add": "The person is added", "reason": "Your reason is recorded"}.get(
                    action, "The attendance is saved"
                ),
            )
            return redirect("conferences:attendance", pk=pk)
    else:
        children_services.record_child_view(
            user=request.user, child=children, what="Conference attendance", path=request.path
        )
    facts = quoracy(conference, rows)
    return render(
        request,
        "conferences/meeting/attendance.html",
        {
            "conference": conference,
            "children": children,
            "participation": [(child, voices.get(child.pk)) for child in children],
            "form": form,
            "add_form": add_form,
            "reason_form": reason_form,
            "errors": _errors_of(form, add_form, reason_form),
            "rows": rows,
            "quoracy": facts,
            "may_hold": may_hold and conference.status == ConferenceStatus.BOOKED,
            "may_start": may_hold and is_booked_not_started(conference),
            "may_record_reason": may_record_reason and is_booked_and_started(conference),
            # Issue 21 item 5: the chair's meetings with the family, from their own record.
            "family_preparation": selectors.family_preparation_of(conference),
            "may_record_meetings": request.user.has_perm(
                "conferences.record_chair_meeting", conference
            ),
        },
    )


def _record_context(conference, children):
    record = selectors.signs_of_safety_record_of(conference)
    dangers = []
    if record is not None:
        dangers = selectors.danger_statements_of(record)
    return record, dangers, conference_scales(record, children, dangers)


def _score_form(data, scales, dangers, correcting=""):
    """The scores form, with a box for each danger statement for each child not yet decided;
    `correcting` (the chair's "Correct" link) fills it with that participant's scores."""
    open_children = [entry.child for entry in scales.children if not entry.finalised]
    initial = {}
    for entry in scales.children:
        for scale in entry.scales:
            for row in scale.scores:
                if correcting and row.participant.lower() == correcting.lower():
                    initial.update(participant=row.participant, role=row.role)
                    initial.setdefault("comment", row.comment)
                    initial[score_field_name(entry.child.pk, scale.danger_statement.pk)] = str(
                        row.score
                    )
    return ScaleScoreForm(
        data, prefix="score", children=open_children, dangers=dangers, initial=initial
    )


def signs_of_safety(request, pk):
    conference, may_hold = _conference_for_holding(request, pk)
    children = [link.child for link in conference.conference_children.all()]
    record, dangers, scales = _record_context(conference, children)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    initial = (
        {name: getattr(record, name) for name in services.SIGNS_OF_SAFETY_FIELDS} if record else {}
    )
    data = request.POST if action else None
    form = SignsOfSafetyForm(data, initial=initial)
    danger_form = DangerStatementForm(data if action == "add_danger" else None, prefix="danger")
    score_form = _score_form(
        data if action == "add_score" else None,
        scales,
        dangers,
        correcting=request.GET.get("correct", "") if may_hold else "",
    )
    if action:
        done = False
        if form.is_valid():
            try:
                services.save_signs_of_safety(
                    conference=conference, by=request.user, **form.cleaned_data
                )
                done = True
            except services.ConferenceBookingError as error:
                add_service_error(form, error)
        if done and action == "add_danger":
            done = False
            if danger_form.is_valid():
                try:
                    services.add_danger_statement(
                        conference=conference, by=request.user, **danger_form.cleaned_data
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    add_service_error(danger_form, error)
        elif done and action == "add_score":
            done = False
            if score_form.is_valid():
                try:
                    record_scale_scores(
                        conference=conference,
                        by=request.user,
                        participant=score_form.cleaned_data["participant"],
                        role=score_form.cleaned_data["role"],
                        comment=score_form.cleaned_data["comment"],
                        scores=score_form.cleaned_data["scores"],
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    add_service_error(score_form, error)
        if done:
            messages.success(
                request,
                {
                    "add_danger": "The danger statement and its safety goal are added",
                    "add_score": "The scores are recorded",
                }.get(action, "The Signs of Safety record is saved"),
            )
            return redirect("conferences:signs-of-safety", pk=pk)
        record, dangers, scales = _record_context(conference, children)
    else:
        children_services.record_child_view(
            user=request.user,
            child=children,
            what="Conference Signs of Safety record",
            path=request.path,
        )
    errors = _errors_of(form, danger_form, score_form)
    may_record = may_hold and is_booked_and_started(conference)
    return render(
        request,
        "conferences/meeting/signs_of_safety.html",
        {
            "conference": conference,
            "children": children,
            # A review starts from what has happened since the last conference.
            "since_last": selectors.since_last_conference(conference)
            if conference.kind in services.REVIEW_KINDS
            else [],
            "record": record,
            "form": form,
            "danger_form": danger_form,
            "score_form": score_form,
            "errors": errors,
            "dangers": dangers,
            "scales": scales,
            "overall_label": OVERALL_LABEL,
            "may_record": may_record,
            "may_correct": may_record and request.user.pk == conference.chair_id,
            "may_add_danger": may_record and len(dangers) < MAX_DANGER_STATEMENTS,
            "max_dangers": MAX_DANGER_STATEMENTS,
        },
    )


def danger_statement(request, pk, position):
    conference, may_hold = _conference_for_holding(request, pk)
    if not may_hold:
        raise PermissionDenied
    danger = selectors.danger_statement_at(conference, position)
    form = DangerStatementForm(
        request.POST or None,
        initial={"statement": danger.statement, "safety_goal": danger.safety_goal.goal},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_danger_statement(
                conference=conference,
                by=request.user,
                danger_statement=danger,
                **form.cleaned_data,
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Danger statement {position} is changed")
            return redirect("conferences:signs-of-safety", pk=pk)
    return render(
        request,
        "conferences/meeting/danger_statement.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "form": form,
            "danger": danger,
        },
    )
