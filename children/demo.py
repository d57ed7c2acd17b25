"""Demo families for `seed_demo`: synthetic people only (Faker en_GB), NHS numbers from the
999 range NHS England keeps for testing, and everything written through children.services so
the deadlines and history are real.

1. A household of two brothers and sisters and an unborn baby: a strategy discussion three days
   ago decided on Section 47 enquiries, which found a conference is needed (the conferences demo
   then sends the request).
2. A child whose Section 47 enquiry, decided yesterday, is still open.
3. A child on a restricted record, whose strategy discussion decided no enquiry was needed.
4. A brother and sister whose enquiry found a conference is needed a few days ago (the
   conferences demo books their conference and sends the invitations).
"""

import datetime

from django.utils import timezone
from faker import Faker

from accounts.models import Agency, User

from . import services
from .models import (
    Child,
    Disability,
    Ethnicity,
    ProfessionalRole,
    Relationship,
    S47Outcome,
    Sex,
    StrategyDecision,
)
from .validators import nhs_check_digit

# Letters and digits only: the census refuses any other child ID (DfE rule 1580, ADR 63).
DEMO_ID_PREFIX = "DEMO"


def synthetic_nhs_number(seed: int) -> str:
    """A valid NHS number in the 999 test range (never issued to a real person)."""
    candidate = 999_000_000 + seed * 7
    while True:
        first_nine = f"{candidate:09d}"[-9:]
        check = nhs_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        candidate += 1


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _years_ago(today: datetime.date, years: int, days: int = 0) -> datetime.date:
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def seed(fake: Faker) -> dict:
    if Child.objects.filter(local_child_id__startswith=DEMO_ID_PREFIX).exists():
        return {}
    today = timezone.localdate()
    social_worker = User.objects.get(email="social.worker@demo.example")
    team_manager = User.objects.get(email="team.manager@demo.example")
    health_visitor = User.objects.get(email="health.visitor@demo.example")
    council = Agency.objects.get(name="Demo Borough Council Children's Services")
    health = Agency.objects.get(name="Demo Community Health NHS Trust")
    police = Agency.objects.get(name="Demo Constabulary")
    school = Agency.objects.get(name="Oakfield Primary School")

    # --- 1. Two children and an unborn baby in one household, heading for conference ------------
    surname = fake.last_name()
    address = {
        "address_line_1": fake.street_address(),
        "town": fake.city(),
        "postcode": fake.postcode(),
    }
    common = {
        "ethnicity": Ethnicity.WBRI,
        "first_language": "English",
        "lead_social_worker": social_worker,
        "gp_practice": f"{fake.last_name()} Surgery",
        **address,
    }
    elder = services.create_child(
        by=social_worker,
        legal_forename=fake.first_name_female(),
        legal_surname=surname,
        date_of_birth=_years_ago(today, 8, 40),
        sex=Sex.FEMALE,
        disabilities=[Disability.NONE],
        nhs_number=synthetic_nhs_number(1),
        local_child_id=f"{DEMO_ID_PREFIX}0001",
        school=school.name,
        **common,
    )
    younger = services.add_child_to_household(
        by=social_worker,
        sibling=elder,
        legal_forename=fake.first_name_male(),
        legal_surname=surname,
        date_of_birth=_years_ago(today, 3, 100),
        sex=Sex.MALE,
        disabilities=[Disability.COMM],
        nhs_number=synthetic_nhs_number(2),
        local_child_id=f"{DEMO_ID_PREFIX}0002",
        school="Little Acorns Nursery",
        **common,
    )
    unborn = services.add_child_to_household(
        by=social_worker,
        is_unborn=True,
        sibling=elder,
        legal_surname=surname,
        expected_date_of_delivery=today + datetime.timedelta(weeks=12),
        sex=Sex.UNKNOWN,
        local_child_id=f"{DEMO_ID_PREFIX}0003",
        **common,
    )
    family = [elder, younger, unborn]
    services.add_family_member(
        by=social_worker,
        children=family,
        relationship=Relationship.MOTHER,
        has_parental_responsibility=True,
        lives_with_child=True,
        forename=fake.first_name_female(),
        surname=surname,
        phone=fake.phone_number(),
        email=fake.free_email(),
        **address,
    )
    services.add_family_member(
        by=social_worker,
        children=family,
        relationship=Relationship.FATHER,
        has_parental_responsibility=True,
        forename=fake.first_name_male(),
        surname=surname,
        phone=fake.phone_number(),
        address_line_1=fake.street_address(),
        town=fake.city(),
        postcode=fake.postcode(),
        address_withheld_from_family=True,
    )
    services.add_family_member(
        by=social_worker,
        children=family,
        relationship=Relationship.GRANDPARENT,
        in_safety_network=True,
        forename=fake.first_name_female(),
        surname=fake.last_name(),
        phone=fake.phone_number(),
    )
    services.add_professional(
        by=social_worker, child=younger, role=ProfessionalRole.HEALTH_VISITOR, user=health_visitor
    )
    services.add_professional(
        by=social_worker,
        child=unborn,
        role=ProfessionalRole.MIDWIFE,
        name=fake.name_female(),
        job_title="Community midwife",
        agency=health,
        email="midwifery@demo.example",
    )
    services.add_professional(
        by=social_worker,
        child=elder,
        role=ProfessionalRole.SCHOOL,
        name=fake.name(),
        job_title="Designated safeguarding lead",
        agency=school,
        email="safeguarding@oakfield.demo.example",
        phone=fake.phone_number(),
    )
    services.add_professional(
        by=social_worker,
        child=elder,
        role=ProfessionalRole.POLICE,
        name=fake.name(),
        job_title="Detective constable",
        agency=police,
        email="public.protection@police.demo.example",
    )
    held = _at(today - datetime.timedelta(days=3), 10)
    discussion = services.record_strategy_discussion(
        by=social_worker,
        children=[elder, younger],
        held_at=held,
        participants=[
            {"name": social_worker.full_name, "role": "Social worker", "agency": council},
            {"name": fake.name(), "role": "Detective constable", "agency": police},
            {"name": health_visitor.full_name, "role": "Health visitor", "agency": health},
        ],
        concerns=(
            "The school saw bruising on the older child's arm. Police were called to the home "
            "twice this month after arguments between the parents."
        ),
        decision=StrategyDecision.S47,
    )
    services.sign_off_strategy_discussion(discussion=discussion, by=team_manager)
    for enquiry in discussion.s47_enquiries.all():
        services.record_s47_outcome(
            enquiry=enquiry,
            by=social_worker,
            outcome=S47Outcome.CONFERENCE_NEEDED,
            concluded_on=today - datetime.timedelta(days=1),
        )

    # --- 2. An open Section 47 enquiry --------------------------------------------------------------
    second_surname = fake.last_name()
    open_case = services.create_child(
        by=social_worker,
        legal_forename=fake.first_name_male(),
        legal_surname=second_surname,
        known_as="",
        date_of_birth=_years_ago(today, 12, 15),
        sex=Sex.MALE,
        ethnicity=Ethnicity.MWBC,
        nhs_number=synthetic_nhs_number(3),
        local_child_id=f"{DEMO_ID_PREFIX}0004",
        first_language="English",
        lead_social_worker=social_worker,
        address_line_1=fake.street_address(),
        town=fake.city(),
        postcode=fake.postcode(),
    )
    services.add_family_member(
        by=social_worker,
        children=[open_case],
        relationship=Relationship.MOTHER,
        has_parental_responsibility=True,
        lives_with_child=True,
        forename=fake.first_name_female(),
        surname=second_surname,
        phone=fake.phone_number(),
        first_language="Polish",
        interpreter_needed=True,
    )
    services.record_strategy_discussion(
        by=social_worker,
        children=[open_case],
        held_at=_at(today - datetime.timedelta(days=1), 14),
        participants=[
            {"name": social_worker.full_name, "role": "Social worker", "agency": council},
            {"name": fake.name(), "role": "Police sergeant", "agency": police},
        ],
        concerns="He told a teacher he is afraid to go home.",
        decision=StrategyDecision.S47,
    )

    # --- 3. A restricted record: no Section 47 enquiry needed ------------------------------------------
    restricted = services.create_child(
        by=social_worker,
        is_restricted=True,
        legal_forename=fake.first_name_female(),
        legal_surname=fake.last_name(),
        date_of_birth=_years_ago(today, 5, 200),
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.AIND,
        local_child_id=f"{DEMO_ID_PREFIX}0005",
        lead_social_worker=social_worker,
        address_do_not_disclose=True,
        address_line_1="Refuge address held by the team manager",
    )
    services.grant_named_access(
        child=restricted, user=team_manager, by=social_worker, reason="Team manager"
    )
    services.record_strategy_discussion(
        by=social_worker,
        children=[restricted],
        held_at=_at(today - datetime.timedelta(days=8), 11),
        participants=[
            {"name": social_worker.full_name, "role": "Social worker", "agency": council},
            {"name": fake.name(), "role": "GP", "agency": health},
        ],
        concerns="A neighbour reported shouting. The family have moved to a refuge.",
        decision=StrategyDecision.NO_S47,
        reason_for_decision=(
            "The mother has acted to protect her daughter. Support continues under a Child in "
            "Need plan."
        ),
    )

    # --- 4. A brother and sister whose conference is booked (by the conferences demo) ------------
    booked_surname = fake.last_name()
    booked_address = {
        "address_line_1": fake.street_address(),
        "town": fake.city(),
        "postcode": fake.postcode(),
    }
    older_brother = services.create_child(
        by=social_worker,
        legal_forename=fake.first_name_male(),
        legal_surname=booked_surname,
        date_of_birth=_years_ago(today, 11, 30),
        sex=Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        nhs_number=synthetic_nhs_number(6),
        local_child_id=f"{DEMO_ID_PREFIX}0006",
        first_language="English",
        lead_social_worker=social_worker,
        school=school.name,
        **booked_address,
    )
    little_sister = services.add_child_to_household(
        by=social_worker,
        sibling=older_brother,
        legal_forename=fake.first_name_female(),
        legal_surname=booked_surname,
        date_of_birth=_years_ago(today, 2, 60),
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        nhs_number=synthetic_nhs_number(7),
        local_child_id=f"{DEMO_ID_PREFIX}0007",
        first_language="English",
        lead_social_worker=social_worker,
        **booked_address,
    )
    siblings = [older_brother, little_sister]
    services.add_family_member(
        by=social_worker,
        children=siblings,
        relationship=Relationship.MOTHER,
        has_parental_responsibility=True,
        lives_with_child=True,
        forename=fake.first_name_female(),
        surname=booked_surname,
        phone=fake.phone_number(),
        **booked_address,
    )
    services.add_professional(
        by=social_worker,
        child=little_sister,
        role=ProfessionalRole.HEALTH_VISITOR,
        user=health_visitor,
    )
    services.add_professional(
        by=social_worker,
        child=older_brother,
        role=ProfessionalRole.POLICE,
        name=fake.name(),
        job_title="Detective constable",
        agency=police,
        email="public.protection@police.demo.example",
    )
    discussion = services.record_strategy_discussion(
        by=social_worker,
        children=siblings,
        held_at=_at(today - datetime.timedelta(days=6), 9),
        participants=[
            {"name": social_worker.full_name, "role": "Social worker", "agency": council},
            {"name": fake.name(), "role": "Detective sergeant", "agency": police},
            {"name": health_visitor.full_name, "role": "Health visitor", "agency": health},
        ],
        concerns="The older child told his teacher there is often no food at home.",
        decision=StrategyDecision.S47,
    )
    services.sign_off_strategy_discussion(discussion=discussion, by=team_manager)
    for enquiry in discussion.s47_enquiries.all():
        services.record_s47_outcome(
            enquiry=enquiry,
            by=social_worker,
            outcome=S47Outcome.CONFERENCE_NEEDED,
            concluded_on=today - datetime.timedelta(days=2),
        )
    return {"household": elder.household, "open_case": open_case, "restricted": restricted}
