"""Factories for children, families and professionals (en_GB, synthetic identifiers only).

Strategy discussions and S47 enquiries are made through children.services (see the helpers at
the end), so their deadlines are opened exactly as in the service.
"""

import datetime
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from children import services
from children.models import (
    Child,
    Ethnicity,
    FamilyLink,
    Household,
    Person,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
    S47Outcome,
    Sex,
    StrategyDecision,
)
from children.validators import UPN_LETTERS, nhs_check_digit, upn_check_letter

from .accounts import AgencyFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"

_nhs_sequence = itertools.count(1)


def synthetic_nhs_number(seed: int | None = None) -> str:
    """A valid NHS number in the 999 range kept for testing: never a real person's."""
    seed = next(_nhs_sequence) if seed is None else seed
    candidate = 999_000_000 + seed
    while True:
        first_nine = f"{candidate:09d}"[-9:]
        check = nhs_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        candidate += 1


def synthetic_upn(seed: int = 1, *, la: str = "999", temporary: bool = False) -> str:
    """A valid UPN for a made-up local authority number (999 is not a real authority)."""
    serial = f"{seed % 1000:03d}"
    if temporary:
        serial = serial[:2] + UPN_LETTERS[seed % len(UPN_LETTERS)]
    last_twelve = f"{la}1234" + "26" + serial
    return upn_check_letter(last_twelve) + last_twelve


def flip_check_digit(nhs_number: str) -> str:
    """The same NHS number with a wrong last digit."""
    return nhs_number[:9] + str((int(nhs_number[9]) + 1) % 10)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Faker("last_name")


class ChildFactory(DjangoModelFactory):
    """A born child, with search tokens (as the service would write them)."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    legal_forename = factory.Faker("first_name")
    legal_surname = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_between", start_date="-17y", end_date="-1y")
    sex = factory.Iterator([Sex.FEMALE, Sex.MALE])
    ethnicity = Ethnicity.WBRI
    first_language = "English"

    @factory.post_generation
    def search_tokens(self, create, extracted, **kwargs):
        if create:
            services.refresh_search_tokens([self])


class UnbornChildFactory(ChildFactory):
    is_unborn = True
    legal_forename = ""
    date_of_birth = None
    sex = Sex.UNKNOWN
    expected_date_of_delivery = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(weeks=12)
    )


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    forename = factory.Faker("first_name")
    surname = factory.Faker("last_name")
    address_line_1 = factory.Faker("street_address")
    town = factory.Faker("city")
    postcode = factory.Faker("postcode")
    phone = factory.Faker("phone_number")
    email = factory.Faker("free_email")


class FamilyLinkFactory(DjangoModelFactory):
    class Meta:
        model = FamilyLink

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = Relationship.MOTHER
    has_parental_responsibility = True


class ProfessionalInvolvementFactory(DjangoModelFactory):
    class Meta:
        model = ProfessionalInvolvement

    child = factory.SubFactory(ChildFactory)
    role = ProfessionalRole.HEALTH_VISITOR
    name = factory.Faker("name")
    agency = factory.SubFactory(AgencyFactory)
    email = factory.Faker("email")
    phone = factory.Faker("phone_number")


def held_at(days_ago: int = 1, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def held_working_days_ago(days: int, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on the working day `days` working days before today (for deadlines)."""
    from timescales import calendar

    day = calendar.add_working_days(timezone.localdate(), -days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def strategy_discussion(
    *, by, children, decision=StrategyDecision.S47, when=None, agency=None, **kwargs
):
    """Record a strategy discussion through the service (deadlines and all)."""
    kwargs.setdefault("concerns", "Bruising seen at school.")
    if decision == StrategyDecision.NO_S47:
        kwargs.setdefault("reason_for_decision", "The concerns were explained and resolved.")
    return services.record_strategy_discussion(
        by=by,
        children=children,
        held_at=when or held_at(1),
        participants=[
            {
                "name": "Test Participant",
                "role": "Detective constable",
                "agency": agency or AgencyFactory(),
            }
        ],
        decision=decision,
        **kwargs,
    )


def enquiries_needing_conference(*, by, children, when=None, concluded_on=None):
    """Strategy discussion deciding S47 for these children, each enquiry concluded 'conference
    needed'. Returns the enquiries."""
    discussion = strategy_discussion(by=by, children=children, when=when)
    enquiries = []
    for enquiry in discussion.s47_enquiries.order_by("pk"):
        enquiries.append(
            services.record_s47_outcome(
                enquiry=enquiry,
                by=by,
                outcome=S47Outcome.CONFERENCE_NEEDED,
                concluded_on=concluded_on or timezone.localdate(),
            )
        )
    return enquiries


def bulk_children(count: int, *, surname: str | None = None, household=None) -> list[Child]:
    """`count` born children written set-based, with their search tokens (for query-count tests
    on a large authority). Names are en_GB Faker names; `surname` gives them all one last name."""
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(count)
    today = timezone.localdate()
    children = Child.objects.bulk_create(
        [
            Child(
                household=household,
                legal_forename=fake.first_name(),
                legal_surname=surname or fake.last_name(),
                date_of_birth=today - datetime.timedelta(days=400 + (n * 37) % 5800),
                sex=Sex.FEMALE if n % 2 else Sex.MALE,
                ethnicity=Ethnicity.WBRI,
            )
            for n in range(count)
        ],
        batch_size=500,
    )
    services.refresh_search_tokens(children)
    return children
