"""The pre-birth window: the weeks of pregnancy in which a pre-birth initial conference is held
(001 §15: not normally before week 24, by week 30 at the latest), read from the timescale policy.

Two policy rows hold it: PREBIRTH (the latest, 10 weeks before the expected date of delivery) and
PREBIRTH_EARLIEST (the earliest, 16 weeks before it). A value counted "before" is weeks before the
expected date of delivery (a full-term pregnancy is 40 weeks); one counted "after" is the week of
pregnancy itself. Booking a pre-birth conference outside the window needs a reason. ADR 54.
"""

from dataclasses import dataclass

from .models import Direction, RuleCode, TimescalePolicy, Unit
from .policy_defaults import ensure_rule

FULL_TERM_WEEKS = 40

# Days in each unit, to read a policy an authority set in other units as whole weeks.
_DAYS_PER_UNIT = {
    Unit.WEEKS: 7,
    Unit.CALENDAR_DAYS: 1,
    Unit.WORKING_DAYS: 7 / 5,
    Unit.MONTHS: 365.25 / 12,
    Unit.HOURS: 1 / 24,
}


@dataclass(frozen=True)
class PrebirthWindow:
    first_week: int
    last_week: int

    def holds(self, weeks_pregnant: int) -> bool:
        return self.first_week <= weeks_pregnant <= self.last_week

    @property
    def describe(self) -> str:
        return f"between weeks {self.first_week} and {self.last_week} of pregnancy"


def _week_of_pregnancy(policy: TimescalePolicy) -> int:
    weeks = int(policy.value * _DAYS_PER_UNIT.get(policy.unit, 7) // 7)
    if policy.direction == Direction.BEFORE:
        return FULL_TERM_WEEKS - weeks
    return weeks


def prebirth_window() -> PrebirthWindow:
    """The window as the authority's policy sets it now."""
    rules = (RuleCode.PREBIRTH, RuleCode.PREBIRTH_EARLIEST)
    # Both rows in one query; a missing one is created with its default, as ensure_rule does.
    found = {
        policy.rule: policy
        for policy in TimescalePolicy.objects.filter(rule__in=rules).only(
            "rule", "value", "unit", "direction"
        )
    }
    latest = found.get(RuleCode.PREBIRTH) or ensure_rule(TimescalePolicy, RuleCode.PREBIRTH)
    earliest = found.get(RuleCode.PREBIRTH_EARLIEST) or ensure_rule(
        TimescalePolicy, RuleCode.PREBIRTH_EARLIEST
    )
    return PrebirthWindow(
        first_week=_week_of_pregnancy(earliest), last_week=_week_of_pregnancy(latest)
    )
