"""A demo family taken, through the services, from the strategy discussion to a booked
conference with its invitations sent: the start of every stage of the journey."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from accounts.models import Agency, User
from children import services as children_services
from children.demo import DEMO_ID_PREFIX, synthetic_nhs_number
from children.models import (
    Child,
    Ethnicity,
    FamilyLink,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
    S47Outcome,
    Sex,
    StrategyDecision,
)
from conferences import services as conference_services
from conferences.models import ChildAttendance, Venue

from .clock import at, on

BASE_URL = "http://127.0.0.1:8000"


@dataclass
class People:
    social_worker: User
    team_manager: User
    service_manager: User
    coordinator: User
    chair: User
    minute_taker: User
    qa_manager: User
    health_visitor: User
    enquirer: User
    council: Agency
    health: Agency
    police: Agency
    school: Agency


def people() -> People:
    users = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith="@demo.example")
    }
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    return People(
        social_worker=users["social.worker"],
        team_manager=users["team.manager"],
        service_manager=users["service.manager"],
        coordinator=users["coordinator"],
        chair=users["chair"],
        minute_taker=users["minute.taker"],
        qa_manager=users["qa.manager"],
        health_visitor=users["health.visitor"],
        enquirer=users["enquirer"],
        council=agencies["Demo Borough Council Children's Services"],
        health=agencies["Demo Community Health NHS Trust"],
        police=agencies["Demo Constabulary"],
        school=agencies["Oakfield Primary School"],
    )


@dataclass
class Family:
    children: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)
    request: object = None
    conference: object = None


def demo_id(number: int) -> str:
    return f"{DEMO_ID_PREFIX}{number:04d}"


def exists(number: int) -> bool:
    """A stage is built once: its first child's demo ID marks it as there."""
    return Child.objects.filter(local_child_id=demo_id(number)).exists()


def make_family(
    fake: Faker,
    who: People,
    *,
    number: int,
    ages: tuple,
    unborn_weeks: int | None = None,
    school_age_school: bool = True,
) -> Family:
    """Children (aged `ages` years, or one unborn due in `unborn_weeks` weeks) in one household,
    their mother, the demo health visitor and a police officer involved, recorded today."""
    surname = fake.last_name()
    address = {
        "address_line_1": fake.street_address(),
        "town": fake.city(),
        "postcode": fake.postcode(),
    }
    common = {
        "ethnicity": Ethnicity.WBRI,
        "first_language": "English",
        "lead_social_worker": who.social_worker,
        **address,
    }
    today = timezone.localdate()
    family = Family()
    for index, age in enumerate(ages):
        female = index % 2 == 0
        kwargs = {
            "legal_forename": fake.first_name_female() if female else fake.first_name_male(),
            "legal_surname": surname,
            "date_of_birth": today - datetime.timedelta(days=int(age * 365.25) + 20),
            "sex": Sex.FEMALE if female else Sex.MALE,
            "nhs_number": synthetic_nhs_number(number + index),
            "local_child_id": demo_id(number + index),
            "school": who.school.name if age >= 5 and school_age_school else "",
            **common,
        }
        if family.children:
            child = children_services.add_child_to_household(
                by=who.social_worker, sibling=family.children[0], **kwargs
            )
        else:
            child = children_services.create_child(by=who.social_worker, **kwargs)
        family.children.append(child)
    if unborn_weeks is not None:
        kwargs = {
            "is_unborn": True,
            "legal_surname": surname,
            "expected_date_of_delivery": today + datetime.timedelta(weeks=unborn_weeks),
            "sex": Sex.UNKNOWN,
            "local_child_id": demo_id(number + len(ages)),
            **common,
        }
        if family.children:
            child = children_services.add_child_to_household(
                by=who.social_worker, sibling=family.children[0], **kwargs
            )
        else:
            child = children_services.create_child(by=who.social_worker, **kwargs)
        family.children.append(child)
    children_services.add_family_member(
        by=who.social_worker,
        children=family.children,
        relationship=Relationship.MOTHER,
        has_parental_responsibility=True,
        lives_with_child=True,
        forename=fake.first_name_female(),
        surname=surname,
        phone=fake.phone_number(),
        email=fake.free_email(),
        **address,
    )
    children_services.add_professional(
        by=who.social_worker,
        child=family.children[-1],
        role=ProfessionalRole.HEALTH_VISITOR,
        user=who.health_visitor,
    )
    children_services.add_professional(
        by=who.social_worker,
        child=family.children[0],
        role=ProfessionalRole.POLICE,
        name=fake.name(),
        job_title="Detective constable",
        agency=who.police,
        email="public.protection@police.demo.example",
    )
    return family


def to_conference_needed(fake: Faker, who: People, family: Family, *, on_day, concerns: str):
    """The strategy discussion on `on_day` decides on Section 47 enquiries; they conclude that
    a conference is needed the next working day. Run under the clock of `on_day`."""
    with on(on_day, 9):
        discussion = children_services.record_strategy_discussion(
            by=who.social_worker,
            children=family.children,
            held_at=at(on_day, 9),
            participants=[
                {
                    "name": who.social_worker.full_name,
                    "role": "Social worker",
                    "agency": who.council,
                },
                {"name": fake.name(), "role": "Detective sergeant", "agency": who.police},
                {
                    "name": who.health_visitor.full_name,
                    "role": "Health visitor",
                    "agency": who.health,
                },
            ],
            concerns=concerns,
            decision=StrategyDecision.S47,
        )
        children_services.sign_off_strategy_discussion(discussion=discussion, by=who.team_manager)
        family.enquiries = list(discussion.s47_enquiries.all())
        for enquiry in family.enquiries:
            children_services.record_s47_outcome(
                enquiry=enquiry,
                by=who.social_worker,
                outcome=S47Outcome.CONFERENCE_NEEDED,
                concluded_on=on_day,
            )
    return family


def send_request(who: People, family: Family, *, on_day, **needs):
    with on(on_day, 15):
        children = family.children
        people_linked = {
            link.person
            for link in FamilyLink.objects.filter(
                child__in=children, ended_at__isnull=True
            ).select_related("person")
        }
        needs.setdefault("child_attending", ChildAttendance.NOT_DECIDED)
        family.request = conference_services.send_conference_request(
            by=who.social_worker,
            enquiries=family.enquiries,
            family_members=sorted(people_linked, key=lambda person: person.pk),
            professionals=list(
                ProfessionalInvolvement.objects.filter(child__in=children, ended_on__isnull=True)
            ),
            **needs,
        )
    return family


def book(who: People, family: Family, *, on_day, starts_at: datetime.datetime, room: int = 0):
    """The coordinator allocates the chair, books the conference and sends the invitations on
    `on_day` (the emails go through the outbox after the demo's transaction commits)."""
    with on(on_day, 11):
        conference = conference_services.allocate_chair(
            request=family.request, chair=who.chair, by=who.coordinator
        )
        conference = conference_services.book_conference(
            conference=conference,
            starts_at=starts_at,
            venue=Venue.objects.order_by("pk")[room],
            minute_taker=who.minute_taker,
            by=who.coordinator,
        )
        conference_services.send_invitations(
            conference=conference, by=who.coordinator, base_url=BASE_URL
        )
    conference.refresh_from_db()
    family.conference = conference
    return family
