"""The Generator: the state of one run and the loop that writes households batch by batch,
then their history. Each area of the history is a mixin in its own module; this module is
the top of the package and the only one that puts them together.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Agency, Team, User
from children.models import (
    Child,
    S47Enquiry,
    StrategyDiscussion,
)
from conferences.models import (
    Conference,
    ConferenceRequest,
)
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
)
from scale.generator.conferences import InitialConferences
from scale.generator.constants import WRITE_ORDER, YEARS
from scale.generator.coregroups import CoreGroupsAndVisits
from scale.generator.deadlines import Deadlines
from scale.generator.decisions import Decisions
from scale.generator.diary import Diary
from scale.generator.enquiries import Episodes
from scale.generator.families import Families
from scale.generator.plans import Plans
from scale.generator.staff import StaffMaker
from scale.generator.writer import RowWriter, Summary
from timescales.models import (
    RuleCode,
    TimescalePolicy,
)
from timescales.policy_defaults import ensure_rule


class Generator(
    Families,
    Episodes,
    InitialConferences,
    Plans,
    Decisions,
    CoreGroupsAndVisits,
    Deadlines,
    Diary,
    StaffMaker,
    RowWriter,
):
    """Write `children` children's histories, in batches of about `batch` children."""

    def __init__(self, *, children: int, seed: int = 20261123, batch: int = 2000, stdout=None):
        self.target = children
        self.batch = batch
        self.rng = random.Random(seed)
        Faker.seed(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.stdout = stdout
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.first_day = self.today - datetime.timedelta(days=365 * YEARS)
        self.pending: dict = defaultdict(list)
        self.summary = Summary()
        self.started = time.monotonic()
        self.slots: dict = defaultdict(int)
        self.next_chair = 0

    def run(self) -> Summary:
        self._load_reference()
        before = {model: self._max_id(model) for model in WRITE_ORDER}
        before[User] = self._max_id(User)
        self.staff = self._make_staff()
        made = 0
        while made < self.target:
            with transaction.atomic():
                while made < self.target and self._pending_children() < self.batch:
                    made += self._household(limit=self.target - made)
                self._flush()
            self._say(f"{made} children written")
        self._say("Copying the new rows into their history tables")
        for model in [*WRITE_ORDER, User, Agency, Team]:
            if hasattr(model, "history"):
                self._copy_history(model, after_id=before.get(model, 0))
        self._say("History written")
        self._analyse()
        self._say("Statistics updated")
        self.summary.children = made
        return self.summary

    def _say(self, text):
        if self.stdout is not None:
            self.stdout.write(f"{time.monotonic() - self.started:7.1f} s  {text}")

    def _load_reference(self):
        for rule in RuleCode.values:
            try:
                ensure_rule(TimescalePolicy, rule)
            except KeyError:
                continue
        self.policy = {p.rule: p for p in TimescalePolicy.objects.all()}
        self.content_types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (
                StrategyDiscussion,
                S47Enquiry,
                ConferenceRequest,
                Conference,
                ChildProtectionPlan,
                ChildInNeedPlan,
            )
        }
        self.child_counter = self._max_id(Child) + 1
        # A superuser may skip the foreign-key triggers while loading (rows are written parents
        # first, so they hold anyway); check and exclusion constraints still apply.
        self.skip_triggers = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                self.skip_triggers = bool(cursor.fetchone()[0])
