"""The rows the migrations seed (bank holidays, the timescale policy), reloaded after a flush."""

import json
from datetime import date
from pathlib import Path

from timescales import calendar
from timescales.models import NonWorkingDay, TimescalePolicy
from timescales.policy_defaults import DEFAULTS, ensure_rule

HOLIDAYS = (
    Path(calendar.__file__).resolve().parent / "data" / "bank-holidays-england-and-wales.json"
)


def ensure_reference_data() -> None:
    if not NonWorkingDay.objects.exists():
        events = json.loads(HOLIDAYS.read_text(encoding="utf-8"))["events"]
        NonWorkingDay.objects.bulk_create(
            [
                NonWorkingDay(
                    date=date.fromisoformat(event["date"]),
                    name=(
                        f"{event['title']} ({event['notes'].lower()})"
                        if event["notes"]
                        else event["title"]
                    )[:200],
                    kind="bank_holiday",
                )
                for event in events
            ],
            ignore_conflicts=True,
        )
    if TimescalePolicy.objects.count() < len(DEFAULTS):
        for rule, *_ in DEFAULTS:
            ensure_rule(TimescalePolicy, rule)
    calendar.clear_cache()
