"""The plan fixtures of tests/plans (a social worker with a team manager, Amelia Jones, her
initial conference started today and the plan it started), reused for
core groups and visits. The staff they share come from tests/conftest.py."""

from tests.plans.conftest import (  # noqa: F401
    child,
    conference,
    manager,
    plan,
    worker,
)
