"""Issue 23 item 4: Annex A lists 5 and 7 in Ofsted's template exactly, read from the downloaded
.xlsx as the QA manager gets it: the template's headings in its order (written out here, not
taken from the code), its coded values, real dates in date cells, and what the service adds on a
separate sheet (ADR 63)."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from children.models import Disability, Ethnicity, Sex
from tests.auth import login

from .conftest import census_child

pytestmark = pytest.mark.django_db
D = datetime.date

LIST_5_TEMPLATE = [
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
LIST_7_TEMPLATE = [
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
GENDERS = {"a) Male", "b) Female", "c) Not stated/recorded", "d) Neither"}
ETHNICITIES = {
    "a) WBRI",
    "b) WIRI",
    "c) WIRT",
    "d) WOTH",
    "e) WROM",
    "f) MWBC",
    "g) MWBA",
    "h) MWAS",
    "i) MOTH",
    "j) AIND",
    "k) APKN",
    "l) ABAN",
    "m) AOTH",
    "n) BCRB",
    "o) BAFR",
    "p) BOTH",
    "q) CHNE",
    "r) OOTH",
    "s) REFU",
    "t) NOBT",
}
YES_NO = {"a) Yes", "b) No"}
YES_NO_UNKNOWN = {"a) Yes", "b) No", "c) Unknown"}
CATEGORIES = {
    "a) Neglect",
    "b) Physical abuse",
    "c) Sexual abuse",
    "d) Emotional abuse",
    "e) Multiple/not recommended",
}
LIST_5_CODES = {
    "Gender": GENDERS,
    "Ethnicity": ETHNICITIES,
    "Does the Child have a Disability": YES_NO_UNKNOWN,
    "Was an Initial Child Protection Conference deemed unnecessary?": YES_NO_UNKNOWN | {None},
    "Did the Initial Child Protection Conference Result in a Child Protection Plan": YES_NO
    | {None},
}
LIST_7_CODES = {
    "Gender": GENDERS,
    "Ethnicity": ETHNICITIES,
    "Does the Child have a Disability": YES_NO_UNKNOWN,
    "Initial Category of Abuse": CATEGORIES,
    "Latest Category of Abuse": CATEGORIES,
    "Was the Child Seen Alone?": YES_NO_UNKNOWN | {None},
    LIST_7_TEMPLATE[13]: YES_NO,
}
DATE_COLUMNS = {
    5: {
        "Date of Birth",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference",
    },
    7: {
        "Date of Birth",
        "Child Protection Plan Start Date",
        "Date of the Last Statutory Visit",
        "Date of latest review conference",
        "Child Protection Plan End Date",
    },
}
NUMBER_COLUMNS = {
    5: {
        "Age",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
    },
    7: {"Age", "Number of Previous Child Protection Plans"},
}


def _download(client, number):
    response = client.get(f"/returns/annex-a/{number}.xlsx?on=2026-03-31&months=12")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def more_codes(year, worker):
    """Codes the `year` children do not use: another ethnicity, sex not known, no disability
    recorded at all."""
    ben = year["ben"]
    ben.ethnicity, ben.sex, ben.disabilities = Ethnicity.NOBT, Sex.UNKNOWN, []
    ben.save()
    year["amelia"].ethnicity, year["amelia"].sex = Ethnicity.BAFR, Sex.FEMALE
    year["amelia"].save()
    return year


@pytest.mark.parametrize(
    ("number", "template", "codes"),
    [(5, LIST_5_TEMPLATE, LIST_5_CODES), (7, LIST_7_TEMPLATE, LIST_7_CODES)],
)
def test_the_list_is_ofsteds_template_exactly(
    client, qa_manager, more_codes, number, template, codes
):
    login(client, qa_manager)
    workbook = _download(client, number)
    sheet = workbook.worksheets[0]
    assert sheet.title == f"List {number}"
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == template
    assert len(rows) > 2
    for row in rows[1:]:
        by_heading = dict(zip(template, row, strict=True))
        assert by_heading["Child Unique ID"].value.isalnum()
        for heading, allowed in codes.items():
            assert by_heading[heading].value in allowed, (heading, by_heading[heading].value)
        for heading in DATE_COLUMNS[number]:
            cell = by_heading[heading]
            if cell.value is not None:
                assert cell.is_date and isinstance(cell.value, datetime.datetime), heading
                assert cell.number_format == "DD/MM/YYYY"
        for heading in NUMBER_COLUMNS[number]:
            value = by_heading[heading].value
            assert value is None or (isinstance(value, int) and value >= 0), heading
    # What the service knows beyond the template is on its own sheet, keyed by the child.
    assert len(workbook.worksheets) == 2
    extra = workbook.worksheets[1]
    assert extra.title == "Not in the template"
    assert extra.cell(1, 1).value == "Child Unique ID"
    assert [row[0] for row in extra.iter_rows(min_row=2, values_only=True)] == [
        row[0].value for row in rows[1:]
    ]


def test_the_codes_follow_each_childs_record(client, qa_manager, more_codes):
    login(client, qa_manager)
    sheet = _download(client, 5).worksheets[0]
    rows = {
        row[0]: dict(zip(LIST_5_TEMPLATE, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    amelia, ben, cara = rows["CH0001"], rows["CH0002"], rows["CH0003"]
    assert (amelia["Gender"], amelia["Ethnicity"]) == ("b) Female", "o) BAFR")
    assert amelia["Date of Birth"] == datetime.datetime(2017, 3, 14)
    assert amelia["Does the Child have a Disability"] == "b) No"
    assert (ben["Gender"], ben["Ethnicity"]) == ("c) Not stated/recorded", "t) NOBT")
    assert ben["Does the Child have a Disability"] == "c) Unknown"
    assert ben["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert cara["Does the Child have a Disability"] == "a) Yes"
    assert cara["Ethnicity"] == "a) WBRI"


def test_an_unborn_child_has_the_expected_date_and_no_age(client, qa_manager, year, worker):
    from tests.factories.census import s47_enquiry

    unborn = census_child(
        worker,
        is_unborn=True,
        legal_forename="",
        date_of_birth=None,
        expected_date_of_delivery=D(2026, 5, 1),
        sex=Sex.UNKNOWN,
        local_child_id="CH0004",
        disabilities=[Disability.NONE],
    )
    s47_enquiry(child=unborn, by=worker, started_on=D(2026, 2, 2), outcome="")
    login(client, qa_manager)
    workbook = _download(client, 5)
    row = next(
        dict(zip(LIST_5_TEMPLATE, row, strict=True))
        for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
        if row[0] == "CH0004"
    )
    assert row["Date of Birth"] == datetime.datetime(2026, 5, 1)
    assert row["Age"] is None
    assert row["Was an Initial Child Protection Conference deemed unnecessary?"] is None
    extra = [
        row
        for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
        if row[0] == "CH0004"
    ]
    assert extra[0][2] == "Ongoing" and extra[0][4] == "a) Yes"
