"""A large authority's ten years of history, generated in bulk for the benchmark (issue 10).

Why not the services: they write one case at a time with row locks and history, which is right
for users and far too slow for 100,000 children. The generator builds the same rows the services
would (plans starting on the day of their initial conference, one live deadline per rule and
subject, a breach QAN for every breached deadline that raises one, no chair or room in two
conferences at once) batch by batch with `bulk_create`, then copies every new row into its
history table with one INSERT ... SELECT per model. Names and places come from Faker en_GB,
seeded, so a run is reproducible for the same seed, size and day.

The package has one module per area of the history, layered one way (no module imports one
above it): `constants` (sizes, the order tables are written in, stock phrases) at the bottom; the
area mixins above it, each importing only `constants` and the models: `writer` (queueing, COPY
and history), `staff`, `diary` (dates and booking), `deadlines` (and breach QANs), `coregroups`
(meetings and visits), `decisions`, `plans`, `conferences` (the initial conference),
`enquiries` (an episode) and `families` (a household); then `runner`, the one module that puts
the mixins together as `Generator`; and this module, which re-exports what callers use
(`from scale.generator import Generator, WRITE_ORDER`).
"""

from scale.generator.constants import HISTORY_DATES, WRITE_ORDER, YEARS
from scale.generator.runner import Generator
from scale.generator.staff import Staff
from scale.generator.writer import Summary

__all__ = ["HISTORY_DATES", "WRITE_ORDER", "YEARS", "Generator", "Staff", "Summary"]
