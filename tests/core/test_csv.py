import csv
import io

import pytest

from core.csv import csv_response, safe_cell


@pytest.mark.parametrize(
    "dangerous", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_cells_are_neutralised(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


def test_plain_values_are_unchanged():
    assert safe_cell("Amelia Jones") == "Amelia Jones"
    assert safe_cell(3) == "3"
    assert safe_cell(None) == ""


def test_csv_response_writes_every_row_safely():
    response = csv_response("x.csv", ["name"], [['=HYPERLINK("http://evil")'], ["Ben"]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["name"], ['\'=HYPERLINK("http://evil")'], ["Ben"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
