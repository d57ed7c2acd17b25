"""Ofsted's Annex A template for lists 5 and 7, as inspectors' tools load it: its column headings
in its order, its coded values ("a) Male", "a) WBRI", "a) Yes", "b) Physical abuse") and real
dates in date cells. What the service knows beyond the template goes on a separate sheet, so the
template's sheet stays exactly as Ofsted publishes it (ADR 63).
"""

import datetime
import io

from children.models import Disability, Ethnicity, Sex
from core.csv import safe_cell

LIST_5_HEADER = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
]
LIST_7_HEADER = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
    "(Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
]

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.UNKNOWN: "c) Not stated/recorded"}
# a) WBRI to t) NOBT: the census codes in the order of the DfE's ethnicity table.
ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip("abcdefghijklmnopqrst", Ethnicity.values, strict=True)
}
CATEGORY_OF_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
DATE_FORMAT = "DD/MM/YYYY"
EXTRA_SHEET_TITLE = "Not in the template"


def yes_no(value) -> str:
    """a) Yes, b) No, or empty when there is nothing to say yet (None)."""
    if value is None:
        return ""
    return YES if value else NO


def disability(codes) -> str:
    """a) Yes for any disability, b) No for 'no disability', c) Unknown when none is recorded."""
    codes = list(codes or [])
    if any(code != Disability.NONE for code in codes):
        return YES
    return NO if codes else UNKNOWN


def csv_cell(value):
    """A date as the template's dd/mm/yyyy in the CSV; everything else as it is."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def _append(sheet, row) -> None:
    """Numbers stay numbers, dates are date cells and nothing is an empty cell; every text cell
    is neutralised (no live formula) and stored as text."""
    cells = []
    for value in row:
        if value is None or value == "":
            cells.append(None)
        elif isinstance(value, int | datetime.date) and not isinstance(value, bool):
            cells.append(value)
        else:
            cells.append(safe_cell(value))
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, str):
            cell.data_type = "s"


def workbook_bytes(title: str, header, rows, extra_header, extra_rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    _append(sheet, header)
    for row in rows:
        _append(sheet, row)
    extra = workbook.create_sheet(EXTRA_SHEET_TITLE)
    _append(extra, extra_header)
    for row in extra_rows:
        _append(extra, row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
