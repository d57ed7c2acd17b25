"""The managers' timescales dashboard and the Quality Assurance notification (QAN) pages.

Thin: reads come from timescales.dashboard, every step on a QAN goes through timescales.services,
and a refusal from a service shows in the GOV.UK error summary with what was typed kept.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import RoleCode
from core.csv import csv_response
from core.view_helpers import require_perm

from . import dashboard, indicators, presenters, selectors, services
from .breakdowns import BREAKDOWN_CSV_HEADER, BREAKDOWNS
from .forms import (
    AcknowledgeQanForm,
    CloseQanForm,
    DashboardFilterForm,
    DelayReasonForm,
    ExplainQanForm,
    NotApplicableForm,
    QanInboxFilterForm,
    SignOffDelayForm,
)
from .models import DeadlineStatus, QanStatus
from .prebirth import prebirth_window

# --- Dashboard ------------------------------------------------------------------------------------


def deadlines_dashboard(request):
    require_perm(request.user, "timescales.view_dashboard")
    # The teams are the filter's choices and the names of the teams the page counts: read once.
    teams = dashboard.team_lookup()
    form = DashboardFilterForm(request.GET, teams=teams)
    filters = form.filters()
    board = dashboard.dashboard_for(
        request.user, page_number=request.GET.get("page"), teams=teams, **filters
    )
    return render(
        request,
        "timescales/dashboard.html",
        {
            "form": form,
            "board": board,
            "page": board.page,
            "rows": presenters.dashboard_rows(
                board.page.object_list, board.window.now, board.names
            ),
            "page_range": board.page.paginator.get_elided_page_range(
                board.page.number, on_each_side=1, on_ends=1
            ),
            "filtered": any(request.GET.get(name) for name in ("team", "worker", "chair", "rule")),
            "show": filters["show"],
            "prebirth_window": prebirth_window(),
        },
    )


def dashboard_csv(request):
    """The same rows as the dashboard with the same filters, every page, for a spreadsheet."""
    require_perm(request.user, "timescales.view_dashboard")
    filters = DashboardFilterForm(request.GET).filters()
    filename = f"timescales-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, dashboard.CSV_HEADER, dashboard.csv_rows(request.user, **filters))


def breakdown_csv(request, slug):
    """One of the dashboard's 'by team / person / chair / agency' tables, with the same filters."""
    require_perm(request.user, "timescales.view_dashboard")
    if slug not in BREAKDOWNS:
        raise Http404("No such table")
    teams = dashboard.team_lookup()
    filters = DashboardFilterForm(request.GET, teams=teams).filters()
    filters = {name: filters[name] for name in ("team", "worker", "chair", "rule")}
    breakdown = next(
        found
        for found in dashboard.breakdowns(
            dashboard.filter_deadlines(dashboard.deadlines_in_scope(request.user), **filters),
            dashboard.Window.at(),
            teams,
        )
        if found.slug == slug
    )
    return csv_response(
        f"timescales-by-{slug}-{timezone.localdate():%Y-%m-%d}.csv",
        [breakdown.heading, *BREAKDOWN_CSV_HEADER],
        ([row.name, row.overdue, row.due_soon] for row in breakdown.rows),
    )


# --- Performance indicators ----------------------------------------------------------------------


def performance_indicators(request):
    """Each indicator as a chart with its table beside it, for a date range and a team."""
    require_perm(request.user, "timescales.view_dashboard")
    form = indicators.IndicatorFilterForm(request.GET)
    period = form.period()
    return render(
        request,
        "timescales/indicators.html",
        {
            "form": form,
            "period": period,
            "indicators": indicators.all_indicators(period),
            "query": request.GET.urlencode(),
        },
    )


AGENCY_AND_REASON = "qans-by-agency-and-reason"


def indicator_csv(request, slug):
    """The numbers of one indicator's table, for the same dates and team, as a spreadsheet."""
    require_perm(request.user, "timescales.view_dashboard")
    period = indicators.IndicatorFilterForm(request.GET).period()
    filename = f"{slug}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"
    if slug == AGENCY_AND_REASON:
        return csv_response(
            filename,
            ["Agency", "Reason", "Notifications"],
            indicators.qans_by_agency_and_reason(period),
        )
    build = indicators.INDICATORS.get(slug)
    if build is None:
        raise Http404("No such indicator")
    indicator = build(period)
    return csv_response(filename, indicator.header, indicator.csv_rows)


# --- Quality Assurance notifications ------------------------------------------------------------


def qan_inbox(request):
    require_perm(request.user, "timescales.view_qan_inbox")
    form = QanInboxFilterForm(request.GET)
    status = form.status_filter()
    page = dashboard.qan_inbox(request.user, status=status, page_number=request.GET.get("page"))
    return render(
        request,
        "timescales/qan_inbox.html",
        {
            "form": form,
            "page": page,
            "rows": presenters.qan_rows(page.object_list),
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            ),
            "status": status,
            "sees_all": request.user.has_role(RoleCode.QA_MANAGER),
        },
    )


def _qan_page(request, qan, *, acknowledge_form=None, explain_form=None, close_form=None):
    user = request.user
    forms_with_errors = [f for f in (acknowledge_form, explain_form, close_form) if f is not None]
    may_act = user.has_perm("timescales.act_on_qan", qan) and not qan.is_closed
    return render(
        request,
        "timescales/qan_detail.html",
        {
            "qan": qan,
            "history": dashboard.qan_history(qan),
            # The form with a problem is the one the error summary and page title speak about.
            "form": forms_with_errors[0] if forms_with_errors else None,
            "acknowledge_form": acknowledge_form or AcknowledgeQanForm(),
            "explain_form": explain_form
            or ExplainQanForm(initial={"explanation": qan.explanation}),
            "close_form": close_form or CloseQanForm(),
            # A form that was refused stays on the page, with its message and what was typed.
            "can_acknowledge": acknowledge_form is not None
            or (may_act and qan.status == QanStatus.OPEN),
            "can_explain": explain_form is not None or may_act,
            "can_close": close_form is not None
            or (user.has_perm("timescales.close_qan", qan) and qan.status == QanStatus.EXPLAINED),
        },
    )


def _visible_qan(request, pk):
    selectors.require_qan_in_scope(request.user, pk)
    qan = dashboard.get_qan(request.user, pk)
    require_perm(request.user, "timescales.view_qan", qan)
    return qan


def qan_detail(request, pk):
    return _qan_page(request, _visible_qan(request, pk))


def _show_service_error(form, error: services.TimescaleError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@require_POST
def acknowledge_qan(request, pk):
    qan = _visible_qan(request, pk)
    require_perm(request.user, "timescales.act_on_qan", qan)
    form = AcknowledgeQanForm(request.POST)
    try:
        services.acknowledge_qan(qan=qan, by=request.user)
    except services.TimescaleError as error:
        form.is_valid()
        _show_service_error(form, error)
        return _qan_page(request, qan, acknowledge_form=form)
    messages.success(request, f"You acknowledged {_name(qan)}")
    return redirect("timescales:qan-detail", pk=qan.pk)


@require_POST
def explain_qan(request, pk):
    qan = _visible_qan(request, pk)
    require_perm(request.user, "timescales.act_on_qan", qan)
    form = ExplainQanForm(request.POST)
    if form.is_valid():
        try:
            services.explain_qan(
                qan=qan, by=request.user, explanation=form.cleaned_data["explanation"]
            )
        except services.TimescaleError as error:
            _show_service_error(form, error)
        else:
            messages.success(request, f"Your explanation of {_name(qan)} has been saved")
            return redirect("timescales:qan-detail", pk=qan.pk)
    return _qan_page(request, qan, explain_form=form)


@require_POST
def close_qan(request, pk):
    qan = _visible_qan(request, pk)
    require_perm(request.user, "timescales.close_qan", qan)
    form = CloseQanForm(request.POST)
    if form.is_valid():
        try:
            services.close_qan(qan=qan, by=request.user, note=form.cleaned_data["note"])
        except services.TimescaleError as error:
            _show_service_error(form, error)
        else:
            messages.success(request, f"You closed {_name(qan)}")
            return redirect("timescales:qan-detail", pk=qan.pk)
    return _qan_page(request, qan, close_form=form)


def _name(qan) -> str:
    return f"Quality Assurance notification {qan.reference}"


# --- A deadline's page --------------------------------------------------------------------------


def _visible_deadline(request, pk):
    deadline = selectors.get_deadline(pk, user=request.user)
    require_perm(request.user, "timescales.view_deadline", deadline)
    return deadline


def _deadline_page(request, deadline, *, delay_form=None, sign_off_form=None, waive_form=None):
    user = request.user
    refused = [f for f in (delay_form, sign_off_form, waive_form) if f is not None]
    live = deadline.is_live
    late = live or deadline.status == DeadlineStatus.MET_LATE
    return render(
        request,
        "timescales/deadline_detail.html",
        {
            "deadline": deadline,
            "chase": selectors.chase_for(deadline),
            "form": refused[0] if refused else None,
            "delay_form": delay_form or DelayReasonForm(initial={"reason": deadline.delay_reason}),
            "sign_off_form": sign_off_form or SignOffDelayForm(),
            "waive_form": waive_form or NotApplicableForm(),
            "can_explain": delay_form is not None
            or (late and user.has_perm("timescales.explain_deadline", deadline)),
            "can_sign_off": sign_off_form is not None
            or (
                bool(deadline.delay_reason)
                and not deadline.delay_reason_signed_off_at
                and deadline.responsible_id != user.pk
                and user.has_perm("timescales.sign_off_deadline", deadline)
            ),
            "can_waive": waive_form is not None
            or (live and user.has_perm("timescales.sign_off_deadline", deadline)),
        },
    )


def deadline_detail(request, pk):
    return _deadline_page(request, _visible_deadline(request, pk))


@require_POST
def deadline_delay_reason(request, pk):
    deadline = _visible_deadline(request, pk)
    require_perm(request.user, "timescales.explain_deadline", deadline)
    form = DelayReasonForm(request.POST)
    try:
        if not form.is_valid():
            return _deadline_page(request, deadline, delay_form=form)
        services.record_delay_reason(
            deadline=deadline, reason=form.cleaned_data["reason"], by=request.user
        )
    except services.TimescaleError as error:
        _show_service_error(form, error)
        return _deadline_page(request, deadline, delay_form=form)
    messages.success(request, "The reason for the delay has been recorded")
    return redirect("timescales:deadline-detail", pk=deadline.pk)


@require_POST
def deadline_sign_off_delay(request, pk):
    deadline = _visible_deadline(request, pk)
    require_perm(request.user, "timescales.sign_off_deadline", deadline)
    form = SignOffDelayForm(request.POST)
    try:
        services.sign_off_delay_reason(deadline=deadline, by=request.user)
    except services.TimescaleError as error:
        form.is_valid()
        _show_service_error(form, error)
        return _deadline_page(request, deadline, sign_off_form=form)
    messages.success(request, "You signed off the reason for the delay")
    return redirect("timescales:deadline-detail", pk=deadline.pk)


@require_POST
def deadline_not_applicable(request, pk):
    deadline = _visible_deadline(request, pk)
    require_perm(request.user, "timescales.sign_off_deadline", deadline)
    form = NotApplicableForm(request.POST)
    try:
        if not form.is_valid():
            return _deadline_page(request, deadline, waive_form=form)
        services.waive_deadline(
            rule=deadline.rule,
            subject=deadline.subject,
            reason=form.cleaned_data["reason"],
            signed_off_by=request.user,
        )
    except services.TimescaleError as error:
        _show_service_error(form, error)
        return _deadline_page(request, deadline, waive_form=form)
    messages.success(request, "The timescale is recorded as not applicable")
    return redirect("timescales:deadline-detail", pk=deadline.pk)
