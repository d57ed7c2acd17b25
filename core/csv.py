"""CSV downloads that are safe to open in a spreadsheet.

A cell starting with =, +, -, @, tab or carriage return is run as a formula by Excel and LibreOffice
(`=HYPERLINK(...)` can leak data). Every download goes through here so such cells are prefixed with
an apostrophe and shown as text. Bidirectional controls are removed (core.text): a name must not
read in a different order in the spreadsheet from what was stored.
"""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from .text import strip_bidi

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = strip_bidi(str(value))
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so Excel reads UTF-8 names correctly
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
