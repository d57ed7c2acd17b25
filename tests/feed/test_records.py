"""The daily feed's records (ADR 67): every record holds what the service knows in the DfE CSC
API's published shape, and passes its schema (checked with jsonschema)."""

import datetime

import pytest
from jsonschema import Draft4Validator

from feed.records import build_records
from feed.schema import csc_schema, payload_errors, record_errors
from returns.census import build_census

D = datetime.date
pytestmark = pytest.mark.django_db


def _by_id(records):
    return {record.la_child_id: record.record for record in records}


def test_the_published_schema_is_itself_a_valid_schema():
    Draft4Validator.check_schema(csc_schema())


def test_every_record_passes_the_published_schema(held):
    records = build_records()
    assert len(records) == 4
    for record in records:
        assert record_errors(record.record) == [], record.la_child_id
    assert payload_errors([record.record for record in records]) == []


def test_a_record_holds_the_childs_details_and_episode_with_s47_and_plans(held):
    amelia = _by_id(build_records())["CH0001"]
    enquiry_id = held["amelia"].s47_enquiries.get().pk
    assert amelia == {
        "la_child_id": "CH0001",
        "mis_child_id": f"CH-{held['amelia'].pk:06d}",
        "child_details": {
            "unique_pupil_number": "A123456789012",
            "first_name": "Amelia",
            "surname": "Jones",
            "date_of_birth": "2017-03-14",
            "sex": held["amelia"].sex,
            "ethnicity": "WBRI",
            "postcode": "AB1 2CD",
        },
        "social_care_episodes": [
            {
                "social_care_episode_id": f"EP-{held['amelia'].pk}",
                "referral_date": "2025-05-28",
                "referral_source": "2A",
                "referral_no_further_action_flag": False,
                "section_47_assessments": [
                    {
                        "section_47_assessment_id": f"S47-{enquiry_id}",
                        "start_date": "2025-06-02",
                        "icpc_required_flag": True,
                        "icpc_date": "2025-06-20",
                        "end_date": "2025-06-09",
                    }
                ],
                "child_protection_plans": [
                    {
                        "child_protection_plan_id": f"CPP-{held['amelias_plan'].pk}",
                        "start_date": "2025-06-20",
                    }
                ],
            }
        ],
    }


def test_an_enquiry_that_needed_no_conference_says_so(held):
    [s47] = _by_id(build_records())["CH0002"]["social_care_episodes"][0]["section_47_assessments"]
    assert s47 == {
        "section_47_assessment_id": f"S47-{held['bens_enquiry'].pk}",
        "start_date": "2025-10-01",
        "icpc_required_flag": False,
        "end_date": "2025-10-10",
    }


def test_child_in_need_plans_and_looked_after_periods_are_in_the_episode(held):
    dev = next(record for record in build_records() if record.child_id == held["dev"].pk)
    assert dev.la_child_id == f"C{held['dev'].pk:07d}"  # the census's ID when none is recorded
    [episode] = dev.record["social_care_episodes"]
    assert episode["referral_date"] == "2025-12-01"
    assert episode["child_in_need_plans"] == [
        {"child_in_need_plan_id": f"CIN-{held['devs_cin_plan'].pk}", "start_date": "2026-01-05"}
    ]
    assert episode["child_looked_after_placements"] == [
        {
            "child_looked_after_placement_id": f"LAC-{held['devs_period'].pk}",
            "start_date": "2026-02-02",
        }
    ]
    assert "section_47_assessments" not in episode and "child_protection_plans" not in episode
    assert dev.ids["child_in_need_plan"] == [f"CIN-{held['devs_cin_plan'].pk}"]


def test_an_unborn_child_has_the_expected_date_and_no_date_of_birth(held):
    details = _by_id(build_records())["CH0004"]["child_details"]
    assert details["expected_date_of_birth"] == "2026-06-01"
    assert "date_of_birth" not in details and "first_name" not in details
    assert details["unique_pupil_number_unknown_reason"] == "UN1"


def test_a_hidden_address_is_not_sent(held):
    held["amelia"].address_do_not_disclose = True
    held["amelia"].save()
    assert "postcode" not in _by_id(build_records())["CH0001"]["child_details"]


def test_the_feed_holds_every_year_not_only_this_collection_year(held, chair, worker):
    """A plan that ended before 1 April 2025 is outside this year's census but in the feed."""
    from tests.factories.census import plan_with_history

    old = held["ben"]
    plan = plan_with_history(
        child=old,
        by=worker,
        chair=chair,
        s47_on=D(2023, 1, 9),
        icpc_on=D(2023, 1, 25),
        ended_on=D(2024, 2, 1),
    )
    census_plans = [
        entry.cin.plans
        for entry in build_census(D(2026, 3, 31)).children
        if entry.child_id == old.pk
    ]
    assert census_plans == [[]]
    plans = _by_id(build_records())["CH0002"]["social_care_episodes"][0]["child_protection_plans"]
    assert plans == [
        {
            "child_protection_plan_id": f"CPP-{plan.pk}",
            "start_date": "2023-01-25",
            "end_date": "2024-02-01",
        }
    ]


def test_the_validator_refuses_what_the_schema_refuses():
    """The check is real: a hyphen in the child ID, an impossible date, an unknown field."""
    errors = record_errors(
        {
            "la_child_id": "CH-0001",
            "child_details": {"date_of_birth": "2026-02-30", "nickname": "Mel"},
        }
    )
    assert any(error.startswith("la_child_id:") for error in errors)
    assert any("2026-02-30" in error for error in errors)
    assert any("nickname" in error for error in errors)
    assert payload_errors([{"la_child_id": f"C{n}"} for n in range(101)]) != []


def test_records_take_a_fixed_number_of_queries(held, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        build_records()
