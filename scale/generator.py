"""A large authority's ten years of history, generated in bulk for the benchmark (issue 10).

Why not the services: they write one case at a time with row locks and history, which is right
for users and far too slow for 100,000 children. The generator builds the same rows the services
would (plans starting on the day of their initial conference, one live deadline per rule and
subject, a breach QAN for every breached deadline that raises one, no chair or room in two
conferences at once) batch by batch with `bulk_create`, then copies every new row into its
history table with one INSERT ... SELECT per model. Names and places come from Faker en_GB,
seeded, so a run is reproducible for the same seed, size and day.
"""

from __future__ import annotations

import datetime
import functools
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from accounts.models import Agency, AgencyKind, Role, RoleCode, Team, User
from children.models import (
    Child,
    ChildSearchToken,
    Ethnicity,
    FamilyLink,
    Household,
    Person,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
    S47Enquiry,
    S47Outcome,
    SearchTokenKind,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from children.search import name_tokens, phonetic_key
from children.validators import nhs_check_digit
from conferences.models import (
    ChildDecision,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceStatus,
    ConferenceType,
    DangerStatement,
    DecisionOutcome,
    DecisionStatus,
    Invitation,
    InvitationMethod,
    InvitationReply,
    InviteeKind,
    RequestStatus,
    SafetyGoal,
    SignsOfSafetyRecord,
    Venue,
)
from coreGroups.models import CoreGroupMeeting, MeetingStatus, Visit
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanCategory,
    PlanDangerStatement,
    PlanEndReason,
    PlanStatus,
    SecondaryFactor,
    Source,
    StepDown,
)
from timescales import calendar
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QanStatus,
    QualityAssuranceNotification,
    RuleCode,
    TimescalePolicy,
)
from timescales.policy_defaults import ensure_rule
from timescales.services import compute_due

YEARS = 10
CONFERENCE_MINUTES = 90
SLOT_MINUTES = 105  # a conference and a quarter of an hour before the next in the same room
SLOTS_PER_DAY = 4
SCALE_DOMAIN = "scale.example"

# The order rows are written in: every foreign key points to a model earlier in the list.
WRITE_ORDER = [
    Household,
    Person,
    Child,
    ChildSearchToken,
    FamilyLink,
    ProfessionalInvolvement,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
    S47Enquiry,
    ConferenceRequest,
    ConferenceRequestChild,
    Conference,
    ConferenceChild,
    Invitation,
    SignsOfSafetyRecord,
    DangerStatement,
    SafetyGoal,
    ChildProtectionPlan,
    ChildInNeedPlan,
    ChildDecision,
    PlanDangerStatement,
    PlanAction,
    CoreGroupMember,
    CoreGroupMeeting,
    Visit,
    Deadline,
    QualityAssuranceNotification,
]

# When each kind of row happened, for its first history row (else the moment of the run).
HISTORY_DATES = {
    Household: "m.created_at",
    Person: "m.created_at",
    Child: "m.created_at",
    FamilyLink: "m.started_at",
    StrategyDiscussion: "m.recorded_at",
    ConferenceRequest: "m.sent_at",
    Conference: "COALESCE(m.booked_at, m.starts_at)",
    ChildProtectionPlan: "m.created_at",
    ChildInNeedPlan: "m.created_at",
    ChildDecision: "COALESCE(m.finalised_at, m.decided_at)",
    CoreGroupMeeting: "m.held_at",
    Visit: "m.recorded_at",
    Deadline: "m.starts_at",
    QualityAssuranceNotification: "m.raised_at",
}

CONCERNS = [
    "Bruising seen by nursery staff on the child's arm, with no clear explanation.",
    "Police called to the home twice this month after arguments between the parents.",
    "The child often arrives at school hungry and in unwashed clothes.",
    "A neighbour reported the children left alone in the flat overnight.",
    "The child disclosed to a teacher that an adult at home hurts them.",
]
DANGERS = [
    (
        "Social workers are worried the children will be hurt when the adults argue and fight.",
        "The parents will show they can keep the children safe when they disagree.",
    ),
    (
        "The children may go without food and clean clothes when their mother is unwell.",
        "The children will have meals and clean clothes every day, checked by the network.",
    ),
    (
        "The children may be left alone with adults who are not safe.",
        "The children will only be cared for by adults the safety network has agreed.",
    ),
]
ACTIONS = [
    ("Refer the parents to the domestic abuse programme", "Social worker"),
    ("Check the children's weight and health every month", "Health visitor"),
    ("Agree who is in the safety network", "Mother"),
    ("Tell the school of any missed days the same morning", "School"),
]


@dataclass
class Staff:
    social_workers: list
    team_managers: list
    service_managers: list
    head: User
    chairs: list
    minute_takers: list
    venues: list
    coordinators: list
    qa_managers: list
    agencies: dict
    professionals: list


@dataclass
class Summary:
    children: int = 0
    rows: dict = field(default_factory=lambda: defaultdict(int))


class Generator:
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

    # --- set-up -------------------------------------------------------------------------------

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

    @staticmethod
    def _max_id(model) -> int:
        return model.objects.aggregate(top=Max("pk"))["top"] or 0

    def _make_staff(self) -> Staff:
        """People in proportion to the children: caseloads and chairs' diaries as a large
        authority has them (about 100 children over ten years per social worker)."""
        tag = self._max_id(User) + 1
        n = self.target
        password = make_password(None)
        council, _ = Agency.objects.get_or_create(
            name="Scale Borough Council Children's Services",
            defaults={
                "kind": AgencyKind.CHILDRENS_SOCIAL_CARE,
                "known_phone_number": "01632 960500",
            },
        )
        agencies = {"council": council}
        for key, name, kind in [
            ("health", "Scale Community Health NHS Trust", AgencyKind.HEALTH),
            ("police", "Scale Constabulary", AgencyKind.POLICE),
            ("school", "Scale Education Service", AgencyKind.EDUCATION),
        ]:
            agencies[key], _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        roles = {role.code: role for role in Role.objects.all()}
        users: list[User] = []
        user_roles: list[tuple[User, str]] = []

        def person(role, job, team=None, agency=council, manager=None):
            number = len(users)
            user = User(
                email=f"{role.replace('_', '.')}.{tag}.{number}@{SCALE_DOMAIN}",
                full_name=self.fake.name(),
                job_title=job,
                team=team,
                agency=agency,
                line_manager=manager,
                password=password,
            )
            users.append(user)
            user_roles.append((user, role))
            return user

        def team(name):
            team, _ = Team.objects.get_or_create(
                name=f"{name} ({tag})", defaults={"agency": council}
            )
            return team

        qaru = team("Scale Quality Assurance and Review Unit")
        head = person(RoleCode.HEAD_OF_SERVICE, "Head of service")
        User.objects.bulk_create(users)
        qa_managers = [
            person(RoleCode.QA_MANAGER, "QA manager", qaru, manager=head)
            for _ in range(1 + n // 50_000)
        ]
        service_managers = [
            person(RoleCode.SERVICE_MANAGER, "Service manager", manager=head)
            for _ in range(max(1, n // 4000))
        ]
        User.objects.bulk_create(users[1:])
        saved = len(users)
        social_workers, team_managers = [], []
        for number in range(max(1, n // 800)):
            area = team(f"Scale Safeguarding Team {number + 1}")
            manager = person(
                RoleCode.TEAM_MANAGER,
                "Team manager",
                area,
                manager=service_managers[number % len(service_managers)],
            )
            team_managers.append(manager)
        User.objects.bulk_create(users[saved:])
        saved = len(users)
        for number in range(max(4, n // 100)):
            manager = team_managers[number % len(team_managers)]
            social_workers.append(
                person(RoleCode.SOCIAL_WORKER, "Social worker", manager.team, manager=manager)
            )
        chairs = [
            person(RoleCode.CHAIR, "Independent chair", qaru, manager=qa_managers[0])
            for _ in range(max(2, n // 1500))
        ]
        minute_takers = [
            person(RoleCode.MINUTE_TAKER, "Minute taker", qaru, manager=qa_managers[0])
            for _ in chairs
        ]
        coordinators = [
            person(
                RoleCode.CONFERENCE_COORDINATOR,
                "Conference coordinator",
                qaru,
                manager=qa_managers[0],
            )
            for _ in range(1 + n // 20_000)
        ]
        professionals = [
            person(RoleCode.AGENCY_PROFESSIONAL, "Health visitor", None, agencies["health"])
            for _ in range(max(2, n // 500))
        ]
        User.objects.bulk_create(users[saved:])
        for area in {m.team for m in team_managers}:
            Team.objects.filter(pk=area.pk).update(
                manager=next(m for m in team_managers if m.team == area)
            )
        User.roles.through.objects.bulk_create(
            [
                User.roles.through(user_id=user.pk, role_id=roles[code].pk)
                for user, code in user_roles
            ]
        )
        venues = Venue.objects.bulk_create(
            [
                Venue(name=f"Room {number + 1}, Scale Civic Centre ({tag})", address="Civic Centre")
                for number in range(len(chairs))
            ]
        )
        self.summary.rows[User] += len(users)
        return Staff(
            social_workers=social_workers,
            team_managers=team_managers,
            service_managers=service_managers,
            head=head,
            chairs=chairs,
            minute_takers=minute_takers,
            venues=venues,
            coordinators=coordinators,
            qa_managers=qa_managers,
            agencies=agencies,
            professionals=professionals,
        )

    # --- writing ------------------------------------------------------------------------------

    def add(self, obj):
        self.pending[type(obj)].append(obj)
        return obj

    def _pending_children(self) -> int:
        return len(self.pending[Child])

    def _flush(self):
        for model in WRITE_ORDER:
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            if model is Deadline:
                for row in rows:
                    row.subject_id = row._subject.pk
            if connection.vendor == "postgresql":
                self._copy_rows(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=2000)
            self.summary.rows[model] += len(rows)
        self.pending.clear()

    def _copy_rows(self, model, rows):
        """PostgreSQL: take the ids from the table's sequence, then COPY the rows in (several
        times faster than INSERT for the millions of rows of the largest size)."""
        from psycopg.types.json import Jsonb

        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.skip_triggers:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            fields = model._meta.concrete_fields
            relations = [f for f in fields if f.is_relation]
            for obj, pk in zip(rows, ids, strict=True):
                obj.pk = pk
                for relation in relations:
                    if relation.is_cached(obj):
                        related = relation.get_cached_value(obj)
                        setattr(obj, relation.attname, related.pk if related is not None else None)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in fields)
            json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
            file_fields = {f.attname for f in fields if f.get_internal_type() == "FileField"}
            stamped = {
                f.attname
                for f in fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            }
            names = [f.attname for f in fields]
            with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for obj in rows:
                    values = []
                    for name in names:
                        value = getattr(obj, name)
                        if name in json_fields:
                            value = Jsonb(value)
                        elif name in file_fields:
                            value = value.name or ""
                        elif value is None and name in stamped:
                            value = self.now
                        values.append(value)
                    copy.write_row(values)

    def _copy_history(self, model, *, after_id: int):
        historical = model.history.model
        source = {f.column for f in model._meta.concrete_fields}
        columns = [
            f.column
            for f in historical._meta.concrete_fields
            if f.column in source and f.column != "history_id"
        ]
        quote = connection.ops.quote_name
        when = HISTORY_DATES.get(model)
        date_sql = f"COALESCE({when}, %s)" if when else "%s"
        sql = (
            f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(map(quote, columns))}, "  # noqa: S608  # nosec B608
            "history_date, history_type, history_change_reason, history_user_id) "
            f"SELECT {', '.join('m.' + quote(c) for c in columns)}, {date_sql}, '+', %s, NULL "
            f"FROM {quote(model._meta.db_table)} m WHERE m.id > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    connection.ops.adapt_datetimefield_value(self.now),
                    "Generated by seed_scale",
                    after_id,
                ],
            )
            self.summary.rows[historical] += cursor.rowcount

    def _analyse(self):
        """Leave the database as autovacuum would within the hour: statistics for the planner,
        and the visibility map set, without which an index-only scan still reads the table."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (the tests wrap one round each).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    # --- dates --------------------------------------------------------------------------------

    # The three date helpers below are called for nearly every row (tens of millions of times at
    # 100,000 children) with a few thousand distinct arguments, so each remembers its answers.

    @functools.cache  # noqa: B019  # one generator per run; the cache dies with it
    def working_day(self, day: datetime.date, add: int = 0) -> datetime.date:
        return calendar.add_working_days(day, add)

    @functools.cache  # noqa: B019
    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    @functools.cache  # noqa: B019
    def due(self, rule: str, start) -> tuple[datetime.date, datetime.datetime]:
        policy = self.policy[rule]
        return compute_due(
            value=policy.value, unit=policy.unit, direction=policy.direction, start=start
        )

    def book(self, day: datetime.date):
        """A chair, minute taker, room and start time free on `day` (or the next working day
        with a free slot): each chair keeps their own room and minute taker and at most
        SLOTS_PER_DAY back-to-back conferences a day, so no two ever overlap."""
        chairs = len(self.staff.chairs)
        while True:
            for _ in range(chairs):
                index = self.next_chair
                self.next_chair = (self.next_chair + 1) % chairs
                slot = self.slots[(index, day)]
                if slot < SLOTS_PER_DAY:
                    self.slots[(index, day)] = slot + 1
                    starts_at = self.at(day, 9, 30) + datetime.timedelta(
                        minutes=SLOT_MINUTES * slot
                    )
                    return index, starts_at
            day = self.working_day(day, 1)

    # --- deadlines ----------------------------------------------------------------------------

    def deadline(
        self,
        rule,
        subject,
        *,
        start,
        met_at=None,
        live=False,
        child=None,
        responsible=None,
        chair=None,
        not_applicable="",
    ):
        """One deadline row in the state its history gives it: met (on time or late, with a
        breach and its closed QAN when it was late by more than a day), not applicable, or
        still live (open, or breached with an open QAN, or overdue and left for the sweep)."""
        policy = self.policy[rule]
        due_on, due_at = self.due(rule, start)
        starts_at = start if isinstance(start, datetime.datetime) else self.at(start, 9)
        row = Deadline(
            rule=rule,
            subject_type_id=self.content_types[type(subject)],
            child=child,
            starts_at=starts_at,
            due_on=due_on,
            due_at=due_at,
            policy_value=policy.value,
            policy_unit=policy.unit,
            policy_direction=policy.direction,
            responsible=responsible,
            team_id=responsible.team_id if responsible is not None else None,
            chair=chair,
        )
        row._subject = subject
        qan_status = None
        if not_applicable:
            row.status = DeadlineStatus.NOT_APPLICABLE
            row.not_applicable_reason = not_applicable
            row.not_applicable_signed_off_by = getattr(responsible, "line_manager", None)
        elif met_at is not None and not live:
            row.met_at = met_at
            if met_at >= due_at:
                row.status = DeadlineStatus.MET_LATE
                row.delay_reason = "The family were not available earlier."
                if met_at - due_at > datetime.timedelta(days=1):
                    row.breached_at = due_at
                    qan_status = QanStatus.CLOSED
                if self.rng.random() < 0.6 and responsible is not None:
                    row.delay_reason_signed_off_by = responsible.line_manager
                    row.delay_reason_signed_off_at = met_at + datetime.timedelta(days=2)
            else:
                row.status = DeadlineStatus.MET_ON_TIME
        elif due_at <= self.now and self.rng.random() < 0.7:
            row.status = DeadlineStatus.BREACHED
            row.breached_at = due_at
            qan_status = self.rng.choice([QanStatus.OPEN, QanStatus.OPEN, QanStatus.ACKNOWLEDGED])
        else:
            row.status = DeadlineStatus.OPEN  # due later, or overdue and waiting for the sweep
        self.add(row)
        if qan_status is not None and policy.raises_qan:
            self._breach_qan(row, qan_status)
        return row

    def _breach_qan(self, row, status):
        responsible = row.responsible
        manager = getattr(responsible, "line_manager", None) or self.staff.qa_managers[0]
        qan = QualityAssuranceNotification(
            kind=QanKind.BREACH,
            rule=row.rule,
            deadline=row,
            child=row.child,
            responsible=responsible,
            addressed_to=manager,
            agency_id=responsible.agency_id if responsible is not None else None,
            team_id=row.team_id,
            status=status,
            raised_at=row.breached_at,
            emailed_at=row.breached_at + datetime.timedelta(minutes=5),
        )
        if status in (QanStatus.ACKNOWLEDGED, QanStatus.CLOSED):
            qan.acknowledged_at = row.breached_at + datetime.timedelta(days=1)
            qan.acknowledged_by = manager
        if status == QanStatus.CLOSED:
            qan.explanation = "The family asked for a later date."
            qan.explained_at = row.breached_at + datetime.timedelta(days=2)
            qan.explained_by = manager
            qan.closing_note = "Explanation accepted."
            qan.closed_at = row.breached_at + datetime.timedelta(days=3)
            qan.closed_by = self.staff.qa_managers[0]
        self.add(qan)

    # --- one household ------------------------------------------------------------------------

    def _household(self, *, limit: int) -> int:
        rng, fake = self.rng, self.fake
        worker = rng.choice(self.staff.social_workers)
        surname = fake.last_name()
        first = self.working_day(
            self.first_day + datetime.timedelta(days=rng.randint(30, 365 * YEARS - 3))
        )
        household = self.add(Household(name=f"{surname} household"))
        address = {
            "address_line_1": fake.street_address().split("\n")[0][:200],
            "town": fake.city()[:100],
            "postcode": fake.postcode()[:10],
        }
        mother = self.add(
            Person(
                forename=fake.first_name_female(),
                surname=surname,
                date_of_birth=first - datetime.timedelta(days=rng.randint(18 * 365, 40 * 365)),
                **address,
            )
        )
        parents = [(mother, Relationship.MOTHER)]
        if rng.random() < 0.5:
            father = self.add(Person(forename=fake.first_name_male(), surname=surname, **address))
            parents.append((father, Relationship.FATHER))
        count = min(limit, rng.choices([1, 2, 3, 4], weights=[45, 35, 15, 5])[0])
        children = []
        for number in range(count):
            age_days = rng.randint(0, 15 * 365) if number == 0 else rng.randint(0, 12 * 365)
            children.append(
                self._child(
                    household,
                    surname,
                    first - datetime.timedelta(days=age_days),
                    worker,
                    address,
                    parents,
                )
            )
        if (
            first >= self.today - datetime.timedelta(days=60)
            and rng.random() < 0.2
            and len(children) < limit
        ):
            children.append(self._child(household, surname, None, worker, address, parents))
        day = first
        while day < self.today:
            ended = self._episode(children, parents, worker, day)
            if ended is None or rng.random() > 0.15:
                break
            day = self.working_day(ended + datetime.timedelta(days=rng.randint(90, 700)))
        return len(children)

    def _child(self, household, surname, born, worker, address, parents):
        rng, fake = self.rng, self.fake
        number = self.child_counter
        self.child_counter += 1
        sex = rng.choice(["M", "F"])
        forename = fake.first_name_male() if sex == "M" else fake.first_name_female()
        child = Child(
            household=household,
            legal_forename="" if born is None else forename,
            legal_surname=surname,
            sex="U" if born is None else sex,
            is_unborn=born is None,
            date_of_birth=born,
            expected_date_of_delivery=(
                self.today + datetime.timedelta(days=rng.randint(20, 110)) if born is None else None
            ),
            ethnicity=rng.choice(Ethnicity.values[:18]),
            nhs_number=self._nhs_number(number) if born is not None else "",
            local_child_id=f"SC{number:08d}",
            lead_social_worker=worker,
            recorded_by=worker,
            **address,
        )
        self.add(child)
        words = name_tokens(child.legal_forename, child.legal_surname, child.known_as)
        keys = {(SearchTokenKind.NAME, w) for w in words} | {
            (SearchTokenKind.SOUND, phonetic_key(w)) for w in words
        }
        for kind, token in keys:
            if token:
                self.add(ChildSearchToken(child=child, kind=kind, token=token))
        for person, relationship in parents:
            self.add(
                FamilyLink(
                    child=child,
                    person=person,
                    relationship=relationship,
                    has_parental_responsibility=True,
                    lives_with_child=relationship == Relationship.MOTHER,
                    started_at=self.at(self.first_day),
                )
            )
        young = born is None or (self.today - born).days < 5 * 365
        child._involvements = [
            self.add(
                ProfessionalInvolvement(
                    child=child,
                    role=ProfessionalRole.HEALTH_VISITOR if young else ProfessionalRole.SCHOOL,
                    agency=self.staff.agencies["health" if young else "school"],
                    name=fake.name(),
                    organisation="Scale Community Health" if young else "Scale Primary School",
                    started_on=self.first_day,
                )
            )
        ]
        return child

    @staticmethod
    def _nhs_number(number: int) -> str:
        """A valid NHS number in the 999 range kept for testing, one per child id."""
        candidate = 999_000_000 + number * 2
        for step in (0, 1):
            check = nhs_check_digit(f"{candidate + step:09d}")
            if check is not None:
                return f"{candidate + step:09d}{check}"
        return ""

    # --- one episode: strategy discussion to the end of the plan -------------------------------

    def _episode(self, all_children, parents, worker, day):
        """Returns the day the episode closed, or None while it is still going on."""
        rng = self.rng
        children = [
            c
            for c in all_children
            if (c.is_unborn and day >= self.today - datetime.timedelta(days=60))
            or (
                not c.is_unborn
                and c.date_of_birth <= day
                and (day - c.date_of_birth).days < 15 * 365
            )
        ]
        if not children:
            return None
        manager = worker.line_manager
        held_at = self.at(day, 10)
        decision = StrategyDecision.S47 if rng.random() < 0.9 else StrategyDecision.NO_S47
        discussion = self.add(
            StrategyDiscussion(
                held_at=held_at,
                concerns=rng.choice(CONCERNS),
                decision=decision,
                reason_for_decision=""
                if decision == StrategyDecision.S47
                else "Single agency response.",
                recorded_by=worker,
                recorded_at=held_at + datetime.timedelta(hours=3),
                signed_off_by=manager,
                signed_off_at=held_at + datetime.timedelta(days=1),
            )
        )
        recent = day >= self.today - datetime.timedelta(days=2)
        self.deadline(
            RuleCode.STRAT_RECORD,
            discussion,
            start=held_at,
            met_at=discussion.recorded_at,
            responsible=worker,
        )
        self.deadline(
            RuleCode.STRAT_SIGNOFF,
            discussion,
            start=held_at,
            met_at=discussion.signed_off_at,
            live=recent,
            responsible=manager,
        )
        for child in children:
            self.add(StrategyDiscussionChild(discussion=discussion, child=child))
        for role, agency in [("Detective constable", "police"), ("Named nurse", "health")]:
            self.add(
                StrategyDiscussionParticipant(
                    discussion=discussion,
                    name=f"{self.fake.name()}",
                    role=role,
                    agency=self.staff.agencies[agency],
                )
            )
        if decision == StrategyDecision.NO_S47:
            return day
        concluded = self.working_day(day, rng.randint(3, 7))
        open_enquiry = concluded >= self.today
        needed = rng.random() < 0.8
        enquiries = []
        for child in children:
            enquiry = S47Enquiry(child=child, strategy_discussion=discussion, started_on=day)
            if not open_enquiry:
                enquiry.outcome = (
                    S47Outcome.CONFERENCE_NEEDED if needed else S47Outcome.NO_CONFERENCE
                )
                enquiry.outcome_reason = "" if needed else "Concerns not substantiated."
                enquiry.concluded_on = concluded
                enquiry.outcome_recorded_by = worker
                enquiry.outcome_recorded_at = self.at(concluded, 15)
            enquiries.append(self.add(enquiry))
        if open_enquiry:
            for child, enquiry in zip(children, enquiries, strict=True):
                for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                    self.deadline(
                        rule, enquiry, start=held_at, live=True, child=child, responsible=worker
                    )
            return None
        if not needed:
            for child, enquiry in zip(children, enquiries, strict=True):
                for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                    self.deadline(
                        rule,
                        enquiry,
                        start=held_at,
                        child=child,
                        responsible=worker,
                        not_applicable="The enquiry found no conference was needed.",
                    )
            return concluded
        return self._initial_conference(children, enquiries, parents, worker, day, concluded)

    def _initial_conference(self, children, enquiries, parents, worker, day, concluded):
        rng = self.rng
        held_at = self.at(day, 10)
        sent_at = self.at(concluded, 15)
        unborn = any(c.is_unborn for c in children)
        on_time = rng.random() < 0.85
        icpc_day = self.working_day(day, 15 if on_time else 15 + rng.randint(1, 10))
        icpc_day = max(icpc_day, self.working_day(concluded, 4))
        request = self.add(
            ConferenceRequest(
                conference_type=ConferenceType.PRE_BIRTH if unborn else ConferenceType.INITIAL,
                status=RequestStatus.BOOKED,
                requested_by=worker,
                team_id=worker.team_id,
                sent_at=sent_at,
            )
        )
        for child, enquiry in zip(children, enquiries, strict=True):
            self.add(ConferenceRequestChild(request=request, child=child, enquiry=enquiry))
            self.deadline(
                RuleCode.ICPC_REQUEST,
                enquiry,
                start=held_at,
                met_at=sent_at,
                child=child,
                responsible=worker,
            )
        chair_index, starts_at = self.book(icpc_day)
        chair = self.staff.chairs[chair_index]
        coordinator = self.staff.coordinators[chair_index % len(self.staff.coordinators)]
        allocated_at = sent_at + datetime.timedelta(hours=20)
        booked_at = allocated_at + datetime.timedelta(hours=2)
        conference = self.add(
            Conference(
                kind=ConferenceKind.PRE_BIRTH if unborn else ConferenceKind.INITIAL,
                request=request,
                status=ConferenceStatus.BOOKED if starts_at > self.now else ConferenceStatus.HELD,
                chair=chair,
                minute_taker=self.staff.minute_takers[chair_index],
                venue=self.staff.venues[chair_index],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                late_reason="" if on_time else "No chair was free within 15 working days.",
                allocated_at=allocated_at,
                allocated_by=coordinator,
                booked_at=booked_at,
                booked_by=coordinator,
                invitations_sent_at=booked_at + datetime.timedelta(hours=1),
            )
        )
        held = conference.status == ConferenceStatus.HELD
        if held:
            conference.started_at = starts_at
            conference.started_by = chair
            conference.parents_met_chair_beforehand = "yes"
        self.deadline(
            RuleCode.CHAIR_ALLOC,
            request,
            start=sent_at,
            met_at=allocated_at,
            responsible=coordinator,
        )
        self.deadline(
            RuleCode.INVITES,
            conference,
            start=booked_at,
            met_at=conference.invitations_sent_at,
            responsible=coordinator,
            chair=chair,
        )
        for child, enquiry in zip(children, enquiries, strict=True):
            self.add(ConferenceChild(conference=conference, child=child, enquiry=enquiry))
            self.deadline(
                RuleCode.ICPC_DUE,
                enquiry,
                start=held_at,
                met_at=starts_at if held else None,
                live=not held,
                child=child,
                responsible=worker,
                chair=chair,
            )
        for person, relationship in parents:
            self.add(
                Invitation(
                    conference=conference,
                    kind=InviteeKind.FAMILY,
                    person=person,
                    name=person.full_name,
                    connection=relationship.label,
                    method=InvitationMethod.LETTER,
                    sent_at=conference.invitations_sent_at,
                    sent_by=coordinator,
                    reply=InvitationReply.ATTENDING,
                )
            )
        for child in children:
            for involvement in child._involvements:
                self.add(
                    Invitation(
                        conference=conference,
                        kind=InviteeKind.PROFESSIONAL,
                        involvement=involvement,
                        agency_id=involvement.agency_id,
                        name=involvement.name,
                        connection=involvement.get_role_display(),
                        organisation=involvement.organisation,
                        email=f"professional{len(self.pending[Invitation])}@{SCALE_DOMAIN}",
                        method=InvitationMethod.EMAIL,
                        sent_at=conference.invitations_sent_at,
                        sent_by=coordinator,
                        reply=InvitationReply.ATTENDING
                        if rng.random() < 0.8
                        else InvitationReply.APOLOGIES,
                    )
                )
        if not held:
            return None
        dangers = rng.sample(DANGERS, 2)
        self._signs_of_safety(conference, chair, dangers)
        roll = rng.random()
        if roll < 0.8:
            return self._protection_plans(children, conference, chair, worker, icpc_day, dangers)
        outcome = (
            DecisionOutcome.CHILD_IN_NEED_PLAN if roll < 0.9 else DecisionOutcome.NO_FURTHER_ACTION
        )
        ended = icpc_day
        for child in children:
            cin = None
            if outcome == DecisionOutcome.CHILD_IN_NEED_PLAN:
                cin, end = self._child_in_need(child, icpc_day, conference, worker)
                ended = None if end is None or ended is None else max(ended, end)
            self._decision(conference, child, chair, worker, outcome, cin=cin)
        return ended

    def _signs_of_safety(self, conference, chair, dangers):
        record = self.add(
            SignsOfSafetyRecord(
                conference=conference,
                worried_about_harm="The adults argue and fight in front of the children.",
                working_well="The children are at school every day.",
                needs_to_happen="The parents work with the domestic abuse service.",
                contingency_plan="If the parents fight again, the social worker calls a strategy discussion.",
                updated_by=chair,
            )
        )
        for position, (danger, goal) in enumerate(dangers, start=1):
            statement = self.add(
                DangerStatement(
                    record=record, position=position, statement=danger, updated_by=chair
                )
            )
            self.add(SafetyGoal(danger_statement=statement, goal=goal))

    def _decision(
        self, conference, child, chair, worker, outcome, *, plan=None, cin=None, category=""
    ):
        decided_at = conference.starts_at + datetime.timedelta(minutes=80)
        return self.add(
            ChildDecision(
                conference=conference,
                child=child,
                recommendation=outcome,
                recommendation_by=worker,
                outcome=outcome,
                rationale="The chair weighed every view given at the conference.",
                category=category,
                contingency_plan="Strategy discussion if the concerns return.",
                outcomes_for_child=(
                    "The child is safe at home and goes to school every day." if category else ""
                ),
                status=DecisionStatus.FINALISED,
                decided_at=decided_at,
                decided_by=chair,
                finalised_at=decided_at,
                finalised_by=chair,
                child_protection_plan=plan,
                child_in_need_plan=cin,
            )
        )

    def _child_in_need(self, child, start, conference, worker, from_plan=None):
        end = start + datetime.timedelta(days=self.rng.randint(120, 300))
        active = end >= self.today
        cin = self.add(
            ChildInNeedPlan(
                child=child,
                started_on=start,
                started_by_conference=conference,
                from_plan=from_plan,
                status=PlanStatus.ACTIVE if active else PlanStatus.ENDED,
                ended_on=None if active else end,
                created_by=worker,
            )
        )
        # Issue 17 item 9: a conference's Child in Need plan is followed up as a step down is.
        self.deadline(
            RuleCode.CIN_REVIEW,
            cin,
            start=start,
            child=child,
            responsible=worker,
            met_at=self.at(self.working_day(start, self.rng.randint(12, 22)), 11),
            live=self.working_day(start, 22) >= self.today,
        )
        return cin, None if active else end

    # --- plans --------------------------------------------------------------------------------

    def _protection_plans(self, children, icpc, chair, worker, icpc_day, dangers):
        """One plan per child from the initial conference, reviewed together at 3 months and
        then every 6 months until the review that ends them (or today)."""
        rng = self.rng
        reviews_wanted = rng.choices([1, 2, 3, 4, 5], weights=[25, 40, 20, 10, 5])[0]
        review_days = []
        day = icpc_day
        for number in range(reviews_wanted):
            day = self.working_day(
                calendar.add_months(day, 3 if number == 0 else 6), -rng.randint(0, 5)
            )
            review_days.append(day)
        held_days = [d for d in review_days if d < self.today]
        ends = len(held_days) == len(review_days)
        # Children turning 18 leave at the last review before their birthday.
        reviews = []
        for day in held_days:
            index, starts_at = self.book(day)
            conference = self.add(
                Conference(
                    kind=ConferenceKind.REVIEW,
                    status=ConferenceStatus.HELD,
                    chair=self.staff.chairs[index],
                    minute_taker=self.staff.minute_takers[index],
                    venue=self.staff.venues[index],
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                    booked_at=starts_at - datetime.timedelta(days=60),
                    invitations_sent_at=starts_at - datetime.timedelta(days=59),
                    started_at=starts_at,
                    started_by=self.staff.chairs[index],
                )
            )
            for child in children:
                self.add(ConferenceChild(conference=conference, child=child))
            self._signs_of_safety(conference, conference.chair, dangers)
            reviews.append(conference)
        next_conference = None
        if not ends:
            next_day = review_days[len(held_days)]
            if next_day <= self.today + datetime.timedelta(days=56):
                index, starts_at = self.book(max(next_day, self.working_day(self.today, 1)))
                next_conference = self.add(
                    Conference(
                        kind=ConferenceKind.REVIEW,
                        status=ConferenceStatus.BOOKED,
                        chair=self.staff.chairs[index],
                        minute_taker=self.staff.minute_takers[index],
                        venue=self.staff.venues[index],
                        starts_at=starts_at,
                        ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                        booked_at=self.now - datetime.timedelta(days=20),
                        booked_by=self.staff.coordinators[0],
                    )
                )
                for child in children:
                    self.add(ConferenceChild(conference=next_conference, child=child))
        category = rng.choice(PlanCategory.values)
        step_down = rng.choices(
            [StepDown.CHILD_IN_NEED, StepDown.EARLY_HELP, StepDown.NONE], weights=[60, 30, 10]
        )[0]
        ended_on = held_days[-1] if ends else None
        latest = ended_on
        for child in children:
            plan = self._plan(
                child,
                icpc,
                chair,
                worker,
                icpc_day,
                dangers,
                category,
                reviews,
                review_days,
                ended_on,
                next_conference,
                step_down,
            )
            if plan.status == PlanStatus.ENDED and step_down == StepDown.CHILD_IN_NEED:
                cin, end = self._child_in_need(child, ended_on, reviews[-1], worker, from_plan=plan)
                latest = None if end is None or latest is None else max(latest, end)
                self._decision(
                    reviews[-1],
                    child,
                    reviews[-1].chair,
                    worker,
                    DecisionOutcome.CHILD_IN_NEED_PLAN,
                    cin=cin,
                )
            elif plan.status == PlanStatus.ENDED:
                self._decision(
                    reviews[-1], child, reviews[-1].chair, worker, DecisionOutcome.NO_FURTHER_ACTION
                )
        return latest

    def _plan(
        self,
        child,
        icpc,
        chair,
        worker,
        icpc_day,
        dangers,
        category,
        reviews,
        review_days,
        ended_on,
        next_conference,
        step_down,
    ):
        rng = self.rng
        plan = self.add(
            ChildProtectionPlan(
                child=child,
                started_on=icpc_day,
                started_by_conference=icpc,
                category=category,
                secondary_factors=rng.sample(SecondaryFactor.values, rng.randint(0, 2)),
                contingency_plan="If the concerns return, the social worker calls a strategy discussion.",
                visit_frequency_working_days=10,
                status=PlanStatus.ENDED if ended_on else PlanStatus.ACTIVE,
                ended_on=ended_on,
                end_reason=PlanEndReason.NO_LONGER_AT_RISK if ended_on else "",
                ended_by_conference=reviews[-1] if ended_on else None,
                ended_by=reviews[-1].chair if ended_on else None,
                ended_at=reviews[-1].ends_at if ended_on else None,
                step_down=step_down if ended_on else "",
                reviews_held=len(reviews),
                next_review_due=None if ended_on else review_days[len(reviews)],
                next_review_conference=next_conference,
                created_by=chair,
            )
        )
        self._decision(
            icpc,
            child,
            chair,
            worker,
            DecisionOutcome.CHILD_PROTECTION_PLAN,
            plan=plan,
            category=category,
        )
        for review in reviews[:-1] if ended_on else reviews:
            self._decision(
                review,
                child,
                review.chair,
                worker,
                DecisionOutcome.CHILD_PROTECTION_PLAN,
                plan=plan,
                category=category,
            )
        statements = []
        for position, (danger, goal) in enumerate(dangers, start=1):
            statements.append(
                self.add(
                    PlanDangerStatement(
                        plan=plan,
                        text=danger,
                        safety_goal=goal,
                        position=position,
                        source=Source.CONFERENCE,
                        set_by_conference=icpc,
                        added_by=chair,
                    )
                )
            )
        for number, (what, who) in enumerate(rng.sample(ACTIONS, 3)):
            self.add(
                PlanAction(
                    plan=plan,
                    danger_statement=statements[number % len(statements)],
                    what=what,
                    who=who,
                    responsible=worker if who == "Social worker" else None,
                    by_when=icpc_day + datetime.timedelta(days=14 * (number + 1)),
                    source=Source.CONFERENCE if number < 2 else Source.CORE_GROUP,
                    set_by_conference=icpc if number < 2 else None,
                    added_by=chair,
                )
            )
        for name, role, user in [
            (worker.full_name, "Lead social worker", worker),
            (child._involvements[0].name, child._involvements[0].get_role_display(), None),
        ]:
            self.add(
                CoreGroupMember(
                    plan=plan,
                    name=name,
                    role=role,
                    user=user,
                    set_by_conference=icpc,
                    added_by=chair,
                )
            )
        until = ended_on or self.today
        # Reviews: the first counts from the initial conference, each next one from the last held.
        previous = icpc_day
        for number, review in enumerate(reviews):
            rule = RuleCode.RCPC_FIRST if number == 0 else RuleCode.RCPC_NEXT
            self.deadline(
                rule,
                plan,
                start=previous,
                met_at=review.starts_at,
                child=child,
                responsible=worker,
                chair=review.chair,
            )
            previous = timezone.localdate(review.starts_at)
        if not ended_on:
            rule = RuleCode.RCPC_FIRST if not reviews else RuleCode.RCPC_NEXT
            self.deadline(
                rule, plan, start=previous, live=True, child=child, responsible=worker, chair=chair
            )
        two_years = calendar.add_months(icpc_day, 24)
        if two_years <= until:
            # Reached two years: the head of service and the QA manager were told that day.
            plan.long_plan_notified_at = self.at(two_years, 8)
            self.deadline(
                RuleCode.LONG_PLAN,
                plan,
                start=icpc_day,
                child=child,
                responsible=worker,
                met_at=plan.long_plan_notified_at - datetime.timedelta(days=1),
            )
        else:
            self.deadline(
                RuleCode.LONG_PLAN,
                plan,
                start=icpc_day,
                child=child,
                responsible=worker,
                live=not ended_on,
                not_applicable="The plan ended." if ended_on else "",
            )
        # Some live plans have fallen behind: no visit for 3 to 6 weeks, so their visit deadline
        # has passed (breached, or still open for the next sweep to find).
        visits_until = until
        if not ended_on and rng.random() < 0.2:
            visits_until = max(icpc_day, until - datetime.timedelta(days=rng.randint(21, 42)))
        self._core_groups(plan, child, worker, icpc_day, until, bool(ended_on))
        self._visits(plan, child, worker, icpc_day, visits_until, bool(ended_on))
        return plan

    def _core_groups(self, plan, child, worker, start, until, ended):
        rng = self.rng
        day = self.working_day(start, rng.choice([6, 8, 9, 10, 10, 12]))
        first = True
        previous = start
        while day < until:
            held_at = self.at(day, 14)
            self.add(
                CoreGroupMeeting(
                    plan=plan,
                    held_at=held_at,
                    chaired_by=worker.line_manager if first else worker,
                    venue="Family centre",
                    is_first=first,
                    status=MeetingStatus.HELD,
                    notes="Progress against the plan discussed.",
                    decisions="Keep going.",
                    recorded_by=worker,
                    recorded_at=held_at + datetime.timedelta(hours=3),
                    created_by=worker,
                )
            )
            self.deadline(
                RuleCode.CG_FIRST if first else RuleCode.CG_NEXT,
                plan,
                start=previous,
                met_at=held_at,
                child=child,
                responsible=worker,
            )
            first = False
            previous = held_at
            day = self.working_day(day + datetime.timedelta(days=rng.choice([35, 42, 42, 49])))
        if not ended:
            self.deadline(
                RuleCode.CG_FIRST if first else RuleCode.CG_NEXT,
                plan,
                start=previous,
                live=True,
                child=child,
                responsible=worker,
            )
            if day <= self.today + datetime.timedelta(days=42):
                self.add(
                    CoreGroupMeeting(
                        plan=plan,
                        held_at=self.at(max(day, self.today), 14),
                        status=MeetingStatus.PLANNED,
                        is_first=first,
                        venue="Family centre",
                        created_by=worker,
                    )
                )

    def _visits(self, plan, child, worker, start, until, ended):
        rng = self.rng
        previous = start
        day = self.working_day(start, rng.randint(2, 8))
        while day < until:
            seen = rng.random() < 0.93
            self.add(
                Visit(
                    plan=plan,
                    visited_on=day,
                    visited_by=worker,
                    child_seen=seen,
                    seen_alone=seen and rng.random() < 0.5,
                    reason_not_seen="" if seen else "The child was at a relative's house.",
                    recorded_by=worker,
                    recorded_at=self.at(day, 17),
                )
            )
            self.deadline(
                RuleCode.VISIT,
                plan,
                start=previous,
                met_at=self.at(day, 12),
                child=child,
                responsible=worker,
            )
            previous = day
            day = self.working_day(day, rng.choice([7, 8, 9, 9, 10, 10, 11]))
        if not ended:
            self.deadline(
                RuleCode.VISIT, plan, start=previous, live=True, child=child, responsible=worker
            )
