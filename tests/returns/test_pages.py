"""The QA manager's returns page and its downloads: who may use them, Annex A lists 5 and 7 as
.csv and .xlsx with the same rows and no live formulas, and bounded query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import RoleCode
from returns import annex_a, services
from returns.models import CensusRun, CensusRunStatus
from returns.xml import schema_errors
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.census import plan_with_history
from tests.factories.children import bulk_children

from .conftest import census_child, prepared_census

D = datetime.date
pytestmark = pytest.mark.django_db

ON = "on=2026-03-31&months=12"


@pytest.mark.parametrize(
    "role",
    [
        RoleCode.SOCIAL_WORKER,
        RoleCode.TEAM_MANAGER,
        RoleCode.SERVICE_MANAGER,
        RoleCode.CONFERENCE_COORDINATOR,
        RoleCode.ENQUIRER,
        RoleCode.AGENCY_PROFESSIONAL,
    ],
)
def test_only_the_qa_manager_downloads_returns(client, role, year):
    run = CensusRun.objects.create(
        reference_date=D(2026, 3, 31), requested_by=UserFactory(roles=[RoleCode.QA_MANAGER])
    )
    login(client, UserFactory(roles=[role]))
    for url in (
        "/returns/",
        f"/returns/census/{run.pk}/",
        f"/returns/census/{run.pk}/cin-census.xml",
        f"/returns/annex-a/5.csv?{ON}",
        f"/returns/annex-a/7.xlsx?{ON}",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/returns/", {}).status_code == 403
    assert CensusRun.objects.count() == 1


def test_the_page_checks_the_census_and_offers_the_downloads(
    client, qa_manager, year, eager_tasks, django_capture_on_commit_callbacks
):
    login(client, qa_manager)
    page = client.get("/returns/").content.decode()
    assert "Check the census" in page
    response = prepared_census(client, capture=django_capture_on_commit_callbacks)
    page = response.content.decode()
    run = CensusRun.objects.get()
    assert run.status == CensusRunStatus.READY and run.requested_by == qa_manager
    assert "3 children from 1 April 2025" in page
    assert "The file matches the census schema." in page
    assert "No DfE validation rule is broken." in page
    assert f"/returns/census/{run.pk}/cin-census.xml" in page
    # The returns page lists it, for coming back to later.
    assert f"/returns/census/{run.pk}/" in client.get("/returns/").content.decode()
    page = client.get("/returns/?on_day=31&on_month=3&on_year=2026&months=12").content.decode()
    assert "/returns/annex-a/5.xlsx?on=2026-03-31&amp;months=12" in page


def test_a_bad_reference_date_is_shown_next_to_the_field_and_nothing_is_asked_for(
    client, qa_manager
):
    login(client, qa_manager)
    response = client.post(
        "/returns/",
        {"reference_date_day": "31", "reference_date_month": "13", "reference_date_year": "2026"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not CensusRun.objects.exists()


def test_the_census_download_is_schema_valid(
    client, qa_manager, year, eager_tasks, django_capture_on_commit_callbacks
):
    login(client, qa_manager)
    prepared_census(client, capture=django_capture_on_commit_callbacks)
    run = CensusRun.objects.get()
    response = client.get(f"/returns/census/{run.pk}/cin-census.xml")
    assert response["Content-Disposition"] == 'attachment; filename="cin-census-2026-03-31.xml"'
    # One value on every signed-in answer: core.middleware.PrivatePagesMiddleware.
    assert response["Cache-Control"] == "no-store, private"
    assert schema_errors(b"".join(response.streaming_content)) == []


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_cell(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_list_5_holds_each_s47_and_its_conference(client, qa_manager, year):
    login(client, qa_manager)
    rows = _csv_rows(client.get(f"/returns/annex-a/5.csv?{ON}"))
    assert rows[0] == annex_a.LIST_5_HEADER
    by_child = {row[0]: row for row in rows[1:]}
    assert set(by_child) == {"CH0001", "CH0002", "CH0003"}
    amelia = by_child["CH0001"]
    assert amelia[6:] == [
        "02/06/2025",
        "b) No",
        "20/06/2025",
        "a) Yes",
        "1",
        "1",
        "Assessment Team North",
        "Wendy Worker",
    ]
    assert amelia[3:6] == ["14/03/2017", "9", "b) No"]
    # Ben's enquiry found no conference was needed: no conference, nothing to say of a plan.
    assert by_child["CH0002"][6:12] == ["01/10/2025", "a) Yes", "", "", "1", "0"]
    # Cara's first enquiry and conference were more than 12 months before 31 March 2026.
    assert by_child["CH0003"][5:12] == [
        "a) Yes",
        "20/10/2025",
        "b) No",
        "04/11/2025",
        "a) Yes",
        "1",
        "1",
    ]


def test_list_7_holds_each_plan(client, qa_manager, year):
    login(client, qa_manager)
    rows = _csv_rows(client.get(f"/returns/annex-a/7.csv?{ON}"))
    assert rows[0] == annex_a.LIST_7_HEADER
    amelia = next(row for row in rows if row[0] == "CH0001")
    assert amelia[6:] == [
        "20/06/2025",
        "a) Neglect",
        "d) Emotional abuse",
        "",
        "",
        "09/03/2026",
        "",
        "b) No",
        "0",
        "Assessment Team North",
        "Wendy Worker",
    ]
    caras = [row for row in rows if row[0] == "CH0003"]
    assert [(row[6], row[12], row[14]) for row in caras] == [
        ("20/11/2024", "01/07/2025", "0"),
        ("04/11/2025", "", "1"),
    ]
    assert {row[7] for row in caras} == {"b) Physical abuse"}


@pytest.mark.parametrize("number", [5, 7])
def test_the_xlsx_and_csv_lists_hold_the_same_data(client, qa_manager, year, number):
    login(client, qa_manager)
    csv_rows = _csv_rows(client.get(f"/returns/annex-a/{number}.csv?{ON}"))
    response = client.get(f"/returns/annex-a/{number}.xlsx?{ON}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _xlsx_rows(response) == csv_rows


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_formula_in_a_name_is_text_in_both_formats(client, qa_manager, year, file_format):
    worker = year["amelia"].lead_social_worker
    worker.full_name = '=HYPERLINK("http://evil.example","click")'
    worker.save()
    login(client, qa_manager)
    response = client.get(f"/returns/annex-a/7.{file_format}?{ON}")
    rows = _csv_rows(response) if file_format == "csv" else _xlsx_rows(response)
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert not any(cell.startswith("=") for cell in cells)
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_unknown_list_or_format_is_not_found(client, qa_manager):
    login(client, qa_manager)
    assert client.get(f"/returns/annex-a/6.csv?{ON}").status_code == 404
    assert client.get(f"/returns/annex-a/5.pdf?{ON}").status_code == 404
    assert client.get("/returns/annex-a/5.csv?on=yesterday").status_code == 404


# --- Query counts ---------------------------------------------------------------------------------


def _more_children(count, *, worker):
    for index in range(count):
        child = census_child(worker, local_child_id=f"CH9{index:03d}")
        plan_with_history(
            child=child,
            by=worker,
            chair=UserFactory(roles=[RoleCode.CHAIR]),
            s47_on=D(2025, 6, 2),
            icpc_on=D(2025, 6, 20),
            reviews=[D(2025, 9, 15)],
        )


URLS = [
    "/returns/",
    f"/returns/annex-a/5.csv?{ON}",
    f"/returns/annex-a/7.xlsx?{ON}",
]


def _counts(client, qa_manager):
    counts = []
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Preparing a census (the background task), then its page and its download.
    run = CensusRun.objects.create(reference_date=D(2026, 3, 31), requested_by=qa_manager)
    with CaptureQueriesContext(connection) as queries:
        services.prepare_census(run.pk)
    counts.append(len(queries))
    for url in (f"/returns/census/{run.pk}/", f"/returns/census/{run.pk}/cin-census.xml"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_the_returns_read_the_same_queries_for_few_and_many_children(
    client, qa_manager, year, worker
):
    login(client, qa_manager)
    bulk_children(10)
    _counts(client, qa_manager)  # warm the per-process caches (calendar, schema)
    few = _counts(client, qa_manager)
    bulk_children(1000)
    _more_children(25, worker=worker)
    assert _counts(client, qa_manager) == few


def _looked_after(child, by, started_on, ended_on, basis):
    from plans import services as plan_services

    period = plan_services.record_looked_after_period(
        child=child, started_on=started_on, legal_basis=basis, by=by
    )
    if ended_on:
        plan_services.end_looked_after_period(period=period, ended_on=ended_on, by=by)
    return period


def test_list_7_emergency_protection_column_comes_from_the_looked_after_periods(
    client, qa_manager, year
):
    """Issue 22: "emergency protection order or police protection in the last 6 months" is read
    from the child's looked-after periods in the list's period, not typed in."""
    from children.models import LegalBasis

    worker = year["amelia"].lead_social_worker
    # Amelia: an emergency protection order in December, inside the 6 months before 31 March.
    _looked_after(
        year["amelia"],
        worker,
        D(2025, 12, 1),
        D(2025, 12, 3),
        LegalBasis.EMERGENCY_PROTECTION_ORDER,
    )
    # Cara: police protection long before, police protection in November, then section 20.
    _looked_after(year["cara"], worker, D(2024, 1, 1), D(2024, 1, 2), LegalBasis.POLICE_PROTECTION)
    _looked_after(
        year["cara"], worker, D(2025, 11, 1), D(2025, 11, 2), LegalBasis.POLICE_PROTECTION
    )
    _looked_after(year["cara"], worker, D(2026, 1, 10), None, LegalBasis.SECTION_20)
    login(client, qa_manager)
    rows = _csv_rows(client.get("/returns/annex-a/7.csv?on=2026-03-31&months=6"))
    column = annex_a.LIST_7_HEADER.index(
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)"
    )
    by_child = {}
    for row in rows[1:]:
        by_child.setdefault(row[0], []).append(row[column])
    assert by_child["CH0001"] == ["a) Yes"]
    assert set(by_child["CH0003"]) == {"a) Yes"}
    # The column asks about the six months to the list's date, whatever the list's own period:
    # a 3-month list still sees December; from 30 June neither child had one in the six months
    # before (and section 20 does not count).
    rows = annex_a.list_7(D(2026, 3, 31), 3).rows
    assert {row[0]: row[column] for row in rows} == {"CH0001": "a) Yes", "CH0003": "a) Yes"}
    rows = annex_a.list_7(D(2026, 6, 30), 12).rows
    assert {row[0]: row[column] for row in rows} == {"CH0001": "b) No", "CH0003": "b) No"}
