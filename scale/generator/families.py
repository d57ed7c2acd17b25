"""Households: the parents, the children (with search tokens, family links and a professional
each) and the episodes of their history over the years.

Uses `add` (writer), `working_day` and `at` (diary) and `_episode` (enquiries).
"""

from __future__ import annotations

import datetime
import random

from children.models import (
    Child,
    ChildSearchToken,
    Disability,
    Ethnicity,
    FamilyLink,
    Household,
    Person,
    PrimaryNeed,
    ProfessionalInvolvement,
    ProfessionalRole,
    ReferralSource,
    Relationship,
    SearchTokenKind,
    UpnUnknownReason,
)
from children.search import name_tokens, phonetic_key
from children.validators import nhs_check_digit
from scale.generator.constants import YEARS


class Families:
    """One household and its children."""

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
                    referred=first,
                )
            )
        if (
            first >= self.today - datetime.timedelta(days=60)
            and rng.random() < 0.2
            and len(children) < limit
        ):
            children.append(
                self._child(household, surname, None, worker, address, parents, referred=first)
            )
        day = first
        while day < self.today:
            ended = self._episode(children, parents, worker, day)
            if ended is None or rng.random() > 0.15:
                break
            day = self.working_day(ended + datetime.timedelta(days=rng.randint(90, 700)))
        return len(children)

    def _child(self, household, surname, born, worker, address, parents, *, referred):
        """A child referred the day before the household's first episode, with what the census
        needs (ADR 63): the referral's source and primary need, a disability code and why there
        is no Unique Pupil Number."""
        rng, fake = self.rng, self.fake
        number = self.child_counter
        # Its own generator, so the census details leave the rest of the history as it was.
        census = random.Random(number)
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
            cin_referral_date=referred - datetime.timedelta(days=1),
            referral_source=census.choice(ReferralSource.values[:-1]),
            primary_need=census.choices(
                [PrimaryNeed.N1, PrimaryNeed.N4, PrimaryNeed.N5, PrimaryNeed.N2],
                weights=[70, 12, 12, 6],
            )[0],
            disabilities=(
                [Disability.NONE]
                if census.random() < 0.9
                else census.sample(Disability.values[1:], census.randint(1, 2))
            ),
            upn_unknown_reason=(
                UpnUnknownReason.UN1
                if born is None or (referred - born).days < 6 * 365
                else census.choice([UpnUnknownReason.UN2, UpnUnknownReason.UN5])
            ),
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
