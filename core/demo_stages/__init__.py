"""A case at each stage of the journey for `seed_demo` (issue 18 item 9): a conference ready
to hold today, one held with its minutes being drafted, an adjourned one (interim plan), an
active plan with core groups, visits and its review due soon, a plan ended at its first review
with a step-down Child in Need plan, a decision escalated after a split continued, a pre-birth
conference, a transfer-in, a Contextual Safeguarding Conference with its plan, an enquiry, and
Quality Assurance notifications open and closed. Each stage is a module-level builder, built
once (see `families.exists`); ADR 46 says why the past is built by running the services on the
days it happened."""

from faker import Faker

from . import contextual, endings
from .families import people
from .stages import STAGES
from .variants import VARIANTS


def seed(fake: Faker) -> dict:
    who = people()
    for build in (*STAGES, *endings.STAGES, *contextual.STAGES, *VARIANTS):
        build(fake, who)
    return {}
