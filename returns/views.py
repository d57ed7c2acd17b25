"""The QA manager's returns page: the census (prepared in the background, then checked against
the schema and the DfE rules, ADR 35) and the Annex A lists as downloads. Thin: the returns are
built in returns.census / returns.annex_a, the census run in returns.services."""

import datetime
import itertools

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from core.csv import csv_response
from core.view_helpers import require_perm

from . import annex_a, selectors, services
from .forms import AnnexForm, CensusForm
from .models import CensusRunStatus


def last_reference_date(today: datetime.date) -> datetime.date:
    """The most recent 31 March on or before today."""
    march = datetime.date(today.year, 3, 31)
    return march if today >= march else datetime.date(today.year - 1, 3, 31)


def index(request):
    require_perm(request.user, "returns.download_returns")
    today = timezone.localdate()
    census_form = CensusForm(
        request.POST if request.method == "POST" else None,
        initial={"reference_date": last_reference_date(today)},
    )
    if census_form.is_bound and census_form.is_valid():
        try:
            run = services.request_census(
                by=request.user, reference_date=census_form.cleaned_data["reference_date"]
            )
        except services.ReturnsError as error:
            census_form.add_error(None, str(error))
        else:
            return redirect("returns:census-run", run.pk)
    annex_form = AnnexForm(
        request.GET if "on_day" in request.GET else None, initial={"on": today, "months": 6}
    )
    status = 400 if (census_form.errors or annex_form.errors) else 200
    return render(
        request,
        "returns/index.html",
        {
            "census_form": census_form,
            "annex_form": annex_form,
            "runs": selectors.recent_census_runs(),
        },
        status=status,
    )


def census_run(request, pk):
    """Where the census is being prepared, and then what the checks found: each broken rule
    with how many children break it, the first problems, and every problem as a CSV."""
    run = selectors.census_run_for(request.user, pk)
    return render(
        request,
        "returns/census_run.html",
        {
            "run": run,
            "preparing": CensusRunStatus.PREPARING,
            "by_rule": selectors.problems_by_rule(run),
            "first_problems": run.problems[: selectors.PROBLEMS_SHOWN],
            "first_notes": run.notes[: selectors.NOTES_SHOWN],
        },
    )


def census_problems_csv(request, pk):
    """Every broken rule and every note, for the QA manager to work through."""
    run = selectors.census_run_for(request.user, pk)
    problems = (["Problem", p["rule"], p["la_child_id"], p["message"]] for p in run.problems)
    notes = (["Note", "", "", note] for note in run.notes)
    return csv_response(
        f"cin-census-{run.reference_date.isoformat()}-problems.csv",
        ["Kind", "Rule", "Child", "What"],
        itertools.chain(problems, notes),
    )


def _date_from(request, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError as error:
        raise Http404("No such return") from error


def cin_census(request, pk):
    run = selectors.census_run_for(request.user, pk)
    if run.status != CensusRunStatus.READY or not run.file:
        raise Http404("Nothing to download")
    response = FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=run.filename,
        content_type="application/xml",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def annex_a_list(request, number, file_format):
    require_perm(request.user, "returns.download_returns")
    if number not in annex_a.LISTS or file_format not in ("csv", "xlsx"):
        raise Http404("No such list")
    on = _date_from(request, "on")
    months = 12 if request.GET.get("months") == "12" else 6
    annex = annex_a.LISTS[number](on, months)
    if file_format == "csv":
        return annex_a.as_csv(annex, on)
    return annex_a.as_xlsx(annex, on)
