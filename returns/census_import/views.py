"""The QA manager's census import pages (issue 23, ADR 66): upload a return, read the dry run's
report, confirm. Thin: the work is in returns.census_import.apply, the reads in selectors."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.view_helpers import require_perm

from . import selectors
from .apply import CensusImportError, check_upload, confirm_import
from .forms import CensusUploadForm


def upload(request):
    require_perm(request.user, "returns.import_census")
    form = CensusUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["upload"]
        checked = check_upload(filename=file.name, content=file.read(), by=request.user)
        return redirect("returns:census-import-report", checked.pk)
    return render(
        request,
        "returns/census_import/upload.html",
        {"form": form, "imports": selectors.recent_imports()},
        status=400 if form.errors else 200,
    )


def report(request, pk):
    checked = selectors.census_import_for(request.user, pk)
    shown = checked.report or checked.dry_run_report
    return render(
        request,
        "returns/census_import/report.html",
        {"upload": checked, "report": shown, "groups": selectors.report_groups(shown)},
    )


@require_POST
def confirm(request, pk):
    checked = selectors.census_import_for(request.user, pk)
    try:
        confirm_import(upload=checked, by=request.user)
    except CensusImportError as error:
        return render(
            request,
            "returns/census_import/report.html",
            {
                "upload": checked,
                "report": checked.dry_run_report,
                "groups": selectors.report_groups(checked.dry_run_report),
                "confirm_error": str(error),
            },
            status=400,
        )
    return redirect("returns:census-import-report", pk)
