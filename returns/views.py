"""The QA manager's returns page: the census (checked against the schema and the DfE rules) and
the Annex A lists as downloads. Thin: the returns are built in returns.census / returns.annex_a."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import annex_a
from .census import build_census
from .forms import AnnexForm, CensusForm
from .validation import validate_census
from .xml import census_xml, schema_errors


def _require(user) -> None:
    if not user.has_perm("returns.download_returns"):
        raise PermissionDenied


def last_reference_date(today: datetime.date) -> datetime.date:
    """The most recent 31 March on or before today."""
    march = datetime.date(today.year, 3, 31)
    return march if today >= march else datetime.date(today.year - 1, 3, 31)


def index(request):
    _require(request.user)
    today = timezone.localdate()
    census_form = CensusForm(
        request.GET if "reference_date_day" in request.GET else None,
        initial={"reference_date": last_reference_date(today)},
    )
    annex_form = AnnexForm(
        request.GET if "on_day" in request.GET else None, initial={"on": today, "months": 6}
    )
    checked = None
    if census_form.is_bound and census_form.is_valid():
        census = build_census(census_form.cleaned_data["reference_date"])
        document = census_xml(census) if census.children else b""
        checked = {
            "census": census,
            "schema_errors": schema_errors(document) if document else [],
            "problems": validate_census(census),
        }
    status = 400 if (census_form.is_bound and census_form.errors) else 200
    return render(
        request,
        "returns/index.html",
        {"census_form": census_form, "annex_form": annex_form, "checked": checked},
        status=status,
    )


def _date_from(request, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError as error:
        raise Http404("No such return") from error


def cin_census(request):
    _require(request.user)
    census = build_census(_date_from(request, "reference_date"))
    if not census.children:
        raise Http404("Nothing to return")
    document = census_xml(census)
    response = HttpResponse(document, content_type="application/xml")
    response["Content-Disposition"] = (
        f'attachment; filename="cin-census-{census.reference_date.isoformat()}.xml"'
    )
    return response


def annex_a_list(request, number, file_format):
    _require(request.user)
    if number not in annex_a.LISTS or file_format not in ("csv", "xlsx"):
        raise Http404("No such list")
    on = _date_from(request, "on")
    months = 12 if request.GET.get("months") == "12" else 6
    annex = annex_a.LISTS[number](on, months)
    if file_format == "csv":
        return annex_a.as_csv(annex, on)
    return annex_a.as_xlsx(annex, on)
