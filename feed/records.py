"""The DfE children's social care records for every child this service holds (ADR 67), in the
published shape (`feed/schema/`, the DfE CSC API 1.0.1).

The Section 47 enquiries, initial conferences, child protection plans and the referral come from
the census's own reading (`returns.census.build_census`, over the child's whole history rather
than one collection year), so the feed and the census never disagree; Child in Need plans and
looked-after periods are read here. A fixed number of queries, whatever the number of children.

Each child is one record with one social care episode (the service holds one episode of need per
child, as the census does). Ids are the service's own row numbers with a prefix, so they stay the
same from one send to the next whatever else changes.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from children.models import Child, LookedAfterPeriod, S47Enquiry, S47Outcome
from plans.models import ChildInNeedPlan
from returns.census import _upn as census_upn
from returns.census import build_census, la_child_id

# Every record the service holds: the census's window opened back to before any child's history.
FEED_HISTORY_START = datetime.date(1900, 1, 1)
POSTCODE_MAX_LENGTH = 8
DISABILITIES_MAX = 12

# The kinds of item a record holds, each with its id field in the schema.
EPISODE = "social_care_episode"
SECTION_47 = "section_47_assessment"
CIN_PLAN = "child_in_need_plan"
CP_PLAN = "child_protection_plan"
PLACEMENT = "child_looked_after_placement"
ITEM_LISTS = {
    SECTION_47: "section_47_assessments",
    CIN_PLAN: "child_in_need_plans",
    CP_PLAN: "child_protection_plans",
    PLACEMENT: "child_looked_after_placements",
}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(item: dict) -> dict:
    """Leave out what the service does not know: the schema has no nulls."""
    return {key: value for key, value in item.items() if value is not None and value != ""}


def record_hash(record: dict) -> str:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ChildRecord:
    """One child's record as it stands, and the ids of the items in it (for later purges)."""

    child_id: int
    la_child_id: str
    record: dict
    ids: dict[str, list[str]] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return record_hash(self.record)


def child_details(child: Child, today: datetime.date) -> dict:
    upn, upn_unknown = census_upn(child, today)
    disabilities = list(dict.fromkeys(child.disabilities or []))[:DISABILITIES_MAX]
    postcode = " ".join((child.postcode or "").upper().split())
    if child.address_do_not_disclose or len(postcode) > POSTCODE_MAX_LENGTH:
        postcode = ""  # an address kept from the family is kept from the Department too
    return _clean(
        {
            "unique_pupil_number": upn,
            "unique_pupil_number_unknown_reason": upn_unknown,
            "first_name": child.legal_forename.strip(),
            "surname": child.legal_surname.strip(),
            "date_of_birth": None if child.is_unborn else _iso(child.date_of_birth),
            "expected_date_of_birth": (
                _iso(child.expected_date_of_delivery) if child.is_unborn else None
            ),
            "sex": child.sex,
            "ethnicity": child.ethnicity,
            "disabilities": disabilities or None,
            "postcode": postcode,
        }
    )


def build_records(today: datetime.date | None = None) -> list[ChildRecord]:
    """Every child with a Section 47 enquiry, a child protection plan (never an interim one, as
    in the census), a Child in Need plan or a looked-after period, by the service's row order."""
    today = today or timezone.localdate()
    census = build_census(today, period_start=FEED_HISTORY_START)
    census_children = {entry.child_id: entry for entry in census.children}

    cin_plans = defaultdict(list)
    for plan in ChildInNeedPlan.objects.filter(started_on__lte=today).order_by("started_on", "pk"):
        cin_plans[plan.child_id].append(plan)
    periods = defaultdict(list)
    for period in LookedAfterPeriod.objects.filter(started_on__lte=today).order_by(
        "started_on", "pk"
    ):
        periods[period.child_id].append(period)
    enquiry_ids = [s47.enquiry_id for entry in census.children for s47 in entry.cin.section47s]
    enquiries = {
        pk: (outcome, concluded_on)
        for pk, outcome, concluded_on in S47Enquiry.objects.filter(pk__in=enquiry_ids).values_list(
            "pk", "outcome", "concluded_on"
        )
    }

    child_ids = set(census_children) | set(cin_plans) | set(periods)
    records = []
    for child in Child.objects.filter(pk__in=child_ids).order_by("pk"):
        entry = census_children.get(child.pk)
        episode = _episode(child, entry, cin_plans[child.pk], periods[child.pk], enquiries)
        ids = {EPISODE: [episode["social_care_episode_id"]]}
        for kind, list_name in ITEM_LISTS.items():
            ids[kind] = [item[f"{kind}_id"] for item in episode.get(list_name, [])]
        identifier = la_child_id(child)
        records.append(
            ChildRecord(
                child_id=child.pk,
                la_child_id=identifier,
                record={
                    "la_child_id": identifier,
                    "mis_child_id": f"CH-{child.pk:06d}",
                    "child_details": child_details(child, today),
                    "social_care_episodes": [episode],
                },
                ids=ids,
            )
        )
    return records


def _episode(child, entry, cin_plans, periods, enquiries) -> dict:
    if entry is not None:
        referral_date, referral_source = entry.cin.referral_date, entry.cin.referral_source
        section47s, protection_plans = entry.cin.section47s, entry.cin.plans
    else:
        starts = [plan.started_on for plan in cin_plans] + [period.started_on for period in periods]
        referral_date = child.cin_referral_date or min(starts)
        referral_source = child.referral_source
        section47s, protection_plans = [], []

    episode = {
        "social_care_episode_id": f"EP-{child.pk}",
        "referral_date": _iso(referral_date),
        "referral_source": referral_source,
        "referral_no_further_action_flag": False,
    }
    items = {
        "section_47_assessments": [
            _s47(s47, *enquiries.get(s47.enquiry_id, ("", None))) for s47 in section47s
        ],
        "child_in_need_plans": [
            _clean(
                {
                    "child_in_need_plan_id": f"CIN-{plan.pk}",
                    "start_date": _iso(plan.started_on),
                    "end_date": _iso(plan.ended_on),
                }
            )
            for plan in cin_plans
        ],
        "child_protection_plans": [
            _clean(
                {
                    "child_protection_plan_id": f"CPP-{plan.plan_id}",
                    "start_date": _iso(plan.start),
                    "end_date": _iso(plan.end),
                }
            )
            for plan in protection_plans
        ],
        # The service records periods of care, not the placements within them: one per period.
        "child_looked_after_placements": [
            _clean(
                {
                    "child_looked_after_placement_id": f"LAC-{period.pk}",
                    "start_date": _iso(period.started_on),
                    "end_date": _iso(period.ended_on),
                }
            )
            for period in periods
        ],
    }
    episode.update({name: listed for name, listed in items.items() if listed})
    return _clean(episode)


def _s47(s47, outcome: str, concluded_on) -> dict:
    return _clean(
        {
            "section_47_assessment_id": f"S47-{s47.enquiry_id}",
            "start_date": _iso(s47.start),
            # Unknown while the enquiry is open: the flag is left out rather than guessed.
            "icpc_required_flag": (outcome == S47Outcome.CONFERENCE_NEEDED) if outcome else None,
            "icpc_date": _iso(s47.icpc_date),
            "end_date": _iso(concluded_on),
        }
    )
