"""The plan fixtures of tests/plans (a social worker with a team manager, Amelia Jones, her
initial conference started today and the plan it started), reused for core groups and visits."""

from tests.plans.conftest import (  # noqa: F401
    chair,
    child,
    conference,
    coordinator,
    manager,
    minute_taker,
    plan,
    team,
    worker,
)
