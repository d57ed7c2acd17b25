"""The Children in Need census: what it holds, that it matches the schema, the DfE validation
rules for the child protection items, and the command."""

import copy
import datetime
from xml.etree import ElementTree as ET  # our own documents, never untrusted input

import pytest
from django.core.management import CommandError, call_command

from returns.census import (
    Census,
    CensusChild,
    CinDetails,
    ProtectionPlan,
    Section47,
    build_census,
    collection_year,
)
from returns.validation import validate_census
from returns.xml import census_xml, schema_errors
from tests.factories.census import held_conference_on, plan_on
from timescales import calendar

from .conftest import REFERENCE_DATE

D = datetime.date
pytestmark = pytest.mark.django_db


def _child(census, la_child_id):
    return next(child for child in census.children if child.la_child_id == la_child_id)


def test_the_collection_year_runs_from_1_april_to_the_reference_date():
    assert collection_year(D(2026, 3, 31)) == (D(2025, 4, 1), D(2026, 3, 31))
    assert collection_year(D(2026, 4, 1)) == (D(2026, 4, 1), D(2026, 4, 1))


def test_the_census_holds_each_childs_s47s_conferences_plans_and_reviews(year):
    census = build_census(REFERENCE_DATE)
    assert [child.la_child_id for child in census.children] == ["CH0001", "CH0002", "CH0003"]

    amelia = _child(census, "CH0001")
    assert (amelia.upn, amelia.upn_unknown) == ("A123456789012", "")
    assert (amelia.cin.referral_date, amelia.cin.referral_source, amelia.cin.primary_need) == (
        D(2025, 5, 28),
        "2A",
        "N1",
    )
    [s47] = amelia.cin.section47s
    assert (s47.start, s47.icpc_date, s47.icpc_not_required) == (
        D(2025, 6, 2),
        D(2025, 6, 20),
        False,
    )
    assert s47.icpc_target == calendar.add_working_days(D(2025, 6, 2), 15)
    [plan] = amelia.cin.plans
    assert (plan.start, plan.end, plan.initial_category, plan.latest_category) == (
        D(2025, 6, 20),
        None,
        "NEG",
        "EMO",
    )
    assert plan.reviews == [D(2025, 9, 15), D(2026, 3, 9)]
    assert plan.previous_plans == 0

    ben = _child(census, "CH0002")
    assert ben.upn_unknown == "UN2"
    assert ben.cin.section47s[0].icpc_not_required is True
    assert ben.cin.plans == []

    cara = _child(census, "CH0003")
    first, second = cara.cin.plans
    assert (first.start, first.end, first.latest_category, first.previous_plans) == (
        D(2024, 11, 20),
        D(2025, 7, 1),
        "PHY",
        0,
    )
    assert (second.start, second.end, second.previous_plans) == (D(2025, 11, 4), None, 1)
    assert cara.disabilities == ["COMM", "LD"]


def test_the_census_of_the_year_is_schema_valid_and_breaks_no_dfe_rule(year):
    census = build_census(REFERENCE_DATE)
    document = census_xml(census)
    assert schema_errors(document) == []
    assert validate_census(census) == []
    root = ET.fromstring(document)  # noqa: S314
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    [amelia] = [
        child
        for child in root.iter("Child")
        if child.findtext("ChildIdentifiers/LAchildID") == "CH0001"
    ]
    reviews = amelia.findall(".//CPPreviewDate")
    assert [review.text for review in reviews] == ["2025-09-15", "2026-03-09"]


def test_a_plan_outside_the_year_and_children_without_work_in_it_are_left_out(year):
    census = build_census(D(2025, 3, 31))  # the year before: only Cara's first plan
    assert [child.la_child_id for child in census.children] == ["CH0003"]
    [plan] = _child(census, "CH0003").cin.plans
    assert plan.start == D(2024, 11, 20) and plan.end is None  # ended after that reference date


def test_the_schema_refuses_a_category_that_is_not_neg_phy_sab_emo_or_mul(year):
    census = build_census(REFERENCE_DATE)
    _child(census, "CH0001").cin.plans[0].latest_category = "DOM"
    errors = schema_errors(census_xml(census))
    assert errors and "LatestCategoryOfAbuse" in " ".join(errors)


def test_a_plan_started_on_a_day_with_no_initial_conference_breaks_rule_2885(year, chair):
    ben = year["ben"]
    review = held_conference_on(child=ben, on=D(2025, 12, 1), chair=chair, kind="review")
    plan_on(child=ben, conference=review, started_on=D(2025, 12, 2))
    problems = validate_census(build_census(REFERENCE_DATE))
    assert [(problem.rule, problem.la_child_id) for problem in problems] == [("2885", "CH0002")]


def test_a_child_without_a_recorded_referral_date_uses_the_earliest_start_with_a_note(year):
    ben = year["ben"]
    ben.cin_referral_date = None
    ben.referral_source = ""
    ben.save()
    census = build_census(REFERENCE_DATE)
    assert _child(census, "CH0002").cin.referral_date == D(2025, 10, 1)
    assert _child(census, "CH0002").cin.referral_source == "10"
    assert any("CH0002" in note for note in census.notes)


# --- The DfE rules, one by one, on a census that passes them all --------------------------------------


def _valid() -> Census:
    start = D(2025, 6, 2)
    return Census(
        reference_date=REFERENCE_DATE,
        period_start=D(2025, 4, 1),
        la_code="999",
        children=[
            CensusChild(
                la_child_id="C1",
                upn="",
                upn_unknown="UN1",
                birth_date=D(2022, 1, 1),
                expected_birth_date=None,
                sex="F",
                ethnicity="WBRI",
                disabilities=["NONE"],
                cin=CinDetails(
                    referral_date=D(2025, 5, 28),
                    referral_source="6",
                    primary_need="N1",
                    date_of_initial_cpc=None,
                    section47s=[
                        Section47(
                            start=start,
                            icpc_target=calendar.add_working_days(start, 15),
                            icpc_date=D(2025, 6, 20),
                            icpc_not_required=False,
                        )
                    ],
                    plans=[
                        ProtectionPlan(
                            start=D(2025, 6, 20),
                            end=None,
                            initial_category="NEG",
                            latest_category="MUL",
                            previous_plans=0,
                            reviews=[D(2025, 9, 15)],
                        )
                    ],
                ),
            )
        ],
    )


def test_the_valid_census_breaks_no_rule_and_matches_the_schema():
    census = _valid()
    assert validate_census(census) == []
    assert schema_errors(census_xml(census)) == []


def _second_plan(cin, **fields):
    plan = copy.deepcopy(cin.plans[0])
    for name, value in fields.items():
        setattr(plan, name, value)
    cin.plans.append(plan)


BREAKS = {
    # no CP plan start without an initial conference on the same date
    "2885": lambda cin: setattr(cin.plans[0], "start", D(2025, 6, 23)),
    # no overlapping plans
    "8940": lambda cin: (
        setattr(cin.plans[0], "end", D(2025, 12, 1)),
        _second_plan(cin, start=D(2025, 11, 3), end=None, reviews=[]),
        setattr(cin, "date_of_initial_cpc", D(2025, 11, 3)),
    ),
    # more than one open plan
    "8935": lambda cin: (
        _second_plan(cin, start=D(2025, 11, 3), reviews=[]),
        setattr(cin, "date_of_initial_cpc", D(2025, 11, 3)),
    ),
    # categories NEG, PHY, SAB, EMO, MUL only
    "8905": lambda cin: setattr(cin.plans[0], "initial_category", "DOM"),
    # review dates after the plan start
    "8841": lambda cin: setattr(cin.plans[0], "reviews", [D(2025, 6, 20)]),
    # review dates not after the plan's end
    "CPP-REVIEW-AFTER-END": lambda cin: (setattr(cin.plans[0], "end", D(2025, 9, 1)),),
    # a plan does not start and end on the same day
    "8840": lambda cin: setattr(cin.plans[0], "end", D(2025, 6, 20)),
    # a plan does not end before it starts
    "8925": lambda cin: (
        setattr(cin.plans[0], "end", D(2025, 6, 1)),
        setattr(cin.plans[0], "reviews", []),
    ),
    # initial conferences not on a weekend
    "8875": lambda cin: (
        setattr(cin.section47s[0], "icpc_date", D(2025, 6, 21)),
        setattr(cin.plans[0], "start", D(2025, 6, 21)),
    ),
    # the S47's conference is not before the S47 started
    "8615": lambda cin: (
        setattr(cin.section47s[0], "icpc_date", D(2025, 5, 30)),
        setattr(cin.plans[0], "start", D(2025, 5, 30)),
        setattr(cin, "referral_date", D(2025, 5, 1)),
    ),
    # the S47 does not start before the referral
    "2889": lambda cin: setattr(cin, "referral_date", D(2025, 6, 3)),
    # the initial conference target is 15 working days after the S47 start
    "S47-TARGET": lambda cin: setattr(cin.section47s[0], "icpc_target", D(2025, 6, 30)),
    # no conference date for an S47 that found no conference was needed
    "S47-NOT-REQUIRED": lambda cin: setattr(cin.section47s[0], "icpc_not_required", True),
    # at most one open S47 (no conference, no outcome)
    "8839": lambda cin: cin.section47s.extend(
        [
            Section47(D(2025, 8, 4), calendar.add_working_days(D(2025, 8, 4), 15), None, False),
            Section47(D(2025, 8, 5), calendar.add_working_days(D(2025, 8, 5), 15), None, False),
        ]
    ),
    # the initial conference is recorded once, not for the episode and the S47 both
    "2884": lambda cin: setattr(cin, "date_of_initial_cpc", D(2025, 6, 20)),
    # a plan does not start before the referral
    "1105": lambda cin: (
        setattr(cin, "referral_date", D(2025, 6, 2)),
        setattr(cin.plans[0], "start", D(2025, 6, 1)),
        setattr(cin, "date_of_initial_cpc", D(2025, 6, 1)),
    ),
    # nothing after the reference date
    "CPP-REVIEW-REFERENCE": lambda cin: setattr(cin.plans[0], "reviews", [D(2026, 4, 7)]),
    # initial conferences on working days: not on a bank holiday either
    "ICPC-WORKING-DAY": lambda cin: (
        setattr(cin.section47s[0], "icpc_date", D(2025, 8, 25)),
        setattr(cin.plans[0], "start", D(2025, 8, 25)),
        setattr(cin.plans[0], "reviews", []),
    ),
    # the latest category is a census code too
    "8910": lambda cin: setattr(cin.plans[0], "latest_category", "DOM"),
    # no initial conference before the referral
    "1104": lambda cin: setattr(cin, "referral_date", D(2025, 6, 21)),
    # the S47's initial conference is in the census year
    "8715": lambda cin: setattr(cin.section47s[0], "icpc_date", D(2025, 3, 28)),
    # no S47 starts while another is going on
    "8890": lambda cin: cin.section47s.append(
        Section47(D(2025, 6, 9), calendar.add_working_days(D(2025, 6, 9), 15), None, True)
    ),
    # an S47 with no conference and no outcome by the year's end started in the year
    "8740": lambda cin: (
        setattr(cin.section47s[0], "start", D(2025, 3, 3)),
        setattr(cin.section47s[0], "icpc_date", None),
    ),
    # no plan starts after the reference date
    "8720": lambda cin: setattr(cin.plans[0], "start", D(2026, 4, 1)),
    # a plan's end is in the census year
    "8930": lambda cin: setattr(cin.plans[0], "end", D(2026, 4, 1)),
    # the number of previous plans is there
    "8730": lambda cin: setattr(cin.plans[0], "previous_plans", None),
    # the referral is on or before the reference date
    "8600": lambda cin: setattr(cin, "referral_date", D(2026, 4, 1)),
    # the referral source is a census code
    "8866": lambda cin: setattr(cin, "referral_source", ""),
    # a referral that led to further action has a primary need
    "8610": lambda cin: setattr(cin, "primary_need", ""),
    # the primary need is a census code
    "8650": lambda cin: setattr(cin, "primary_need", "N0"),
}

CHILD_BREAKS = {
    # the child ID is there, letters and digits, at most 20 of them, used once
    "1580": lambda child, census: setattr(child, "la_child_id", "CH-0001"),
    "1570": lambda child, census: setattr(child, "la_child_id", "C" * 21),
    "8510": lambda child, census: census.children.append(copy.deepcopy(child)),
    # a Unique Pupil Number is well formed, right and used once
    "1510": lambda child, census: setattr(child, "upn", "B123456789012"),
    "1540": lambda child, census: setattr(child, "upn", "A1234567890X2"),
    "1520": lambda child, census: (
        setattr(child, "upn", "A123456789012"),
        census.children.append(_twin(child)),
    ),
    # sex, ethnicity and disability codes
    "4180": lambda child, census: setattr(child, "sex", "X"),
    "8750": lambda child, census: (
        setattr(child, "birth_date", None),
        setattr(child, "expected_birth_date", D(2025, 12, 1)),
    ),
    "8520": lambda child, census: setattr(child, "birth_date", D(2026, 4, 2)),
    "4220": lambda child, census: setattr(child, "ethnicity", "WXYZ"),
    "8540": lambda child, census: setattr(child, "disabilities", []),
    "8790": lambda child, census: setattr(child, "disabilities", ["NONE", "HEAR"]),
    "8794": lambda child, census: setattr(child, "disabilities", ["HEAR", "HEAR"]),
    # the referral is not more than 40 weeks before the birth
    "8606": lambda child, census: setattr(child, "birth_date", D(2026, 3, 20)),
    # UN7 (no further action) is not the reason for a child whose referral led to action
    "8772": lambda child, census: (
        setattr(child, "upn", ""),
        setattr(child, "upn_unknown", "UN7"),
    ),
    # the reference date is 31 March
    "100": lambda child, census: setattr(census, "reference_date", D(2026, 3, 30)),
    # no more plans start in the year than initial conferences are held in it
    "2883": lambda child, census: (
        setattr(child.cin.section47s[0], "icpc_date", None),
        setattr(child.cin.section47s[0], "icpc_not_required", True),
    ),
}


def _twin(child):
    twin = copy.deepcopy(child)
    twin.la_child_id = "CH0002"
    return twin


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_dfe_rule_catches_its_mistake(rule):
    census = _valid()
    BREAKS[rule](census.children[0].cin)
    rules = {problem.rule for problem in validate_census(census)}
    assert rule in rules


@pytest.mark.parametrize("rule", sorted(CHILD_BREAKS))
def test_each_dfe_rule_on_the_child_and_the_return_catches_its_mistake(rule):
    census = _valid()
    CHILD_BREAKS[rule](census.children[0], census)
    rules = {problem.rule for problem in validate_census(census)}
    assert rule in rules


def test_a_child_with_neither_upn_nor_reason_is_reported():
    census = _valid()
    census.children[0].upn_unknown = ""
    assert [problem.rule for problem in validate_census(census)] == ["UPN"]


# --- The command ------------------------------------------------------------------------------


def test_the_command_writes_a_schema_valid_file(year, tmp_path):
    output = tmp_path / "cin.xml"
    call_command("export_cin_census", "--reference-date", "2026-03-31", "--output", str(output))
    document = output.read_bytes()
    assert schema_errors(document) == []
    assert len(ET.fromstring(document).findall("Children/Child")) == 3  # noqa: S314


def test_the_command_reports_broken_rules_and_fails_when_strict(year, chair, tmp_path, capsys):
    ben = year["ben"]
    review = held_conference_on(child=ben, on=D(2025, 12, 1), chair=chair, kind="review")
    plan_on(child=ben, conference=review, started_on=D(2025, 12, 2))
    output = tmp_path / "cin.xml"
    with pytest.raises(CommandError, match="1 DfE validation rules are broken"):
        call_command(
            "export_cin_census",
            "--reference-date",
            "2026-03-31",
            "--output",
            str(output),
            "--strict",
        )
    assert "2885 (CH0002)" in capsys.readouterr().err


def test_the_command_refuses_a_bad_date_and_an_empty_year(db, tmp_path):
    with pytest.raises(CommandError, match="must be a date"):
        call_command("export_cin_census", "--reference-date", "31/03/2026", "--output", "x.xml")
    with pytest.raises(CommandError, match="nothing to return"):
        call_command(
            "export_cin_census", "--reference-date", "2026-03-31", "--output", str(tmp_path / "x")
        )


def test_the_census_still_passes_with_looked_after_children(year):
    """Issue 22: looked-after periods (and the prompts and combined reviews they bring) change
    nothing the census holds: it stays schema-valid and breaks no DfE rule."""
    from children.models import LegalBasis
    from plans import services as plan_services

    worker = year["amelia"].lead_social_worker
    period = plan_services.record_looked_after_period(
        child=year["amelia"],
        started_on=datetime.date(2025, 12, 1),
        legal_basis=LegalBasis.EMERGENCY_PROTECTION_ORDER,
        independent_reviewing_officer="Imogen Reeve",
        by=worker,
    )
    plan_services.end_looked_after_period(
        period=period, ended_on=datetime.date(2025, 12, 3), by=worker
    )
    plan_services.record_looked_after_period(
        child=year["cara"],
        started_on=datetime.date(2026, 1, 10),
        legal_basis=LegalBasis.CARE_ORDER,
        by=worker,
    )
    census = build_census(REFERENCE_DATE)
    assert schema_errors(census_xml(census)) == []
    assert validate_census(census) == []
    assert {child.la_child_id for child in census.children} >= {"CH0001", "CH0003"}
