"""The variants and the oversight of the journey: a pre-birth conference, a child who moved in
on another authority's plan, an enquiry to the list of children on a plan, a child on a plan
who became looked after (prompting an early review), and Quality
Assurance notifications open and closed. Built once each, through the services."""

from django.utils import timezone
from faker import Faker

from children import services as children_services
from children.demo import synthetic_nhs_number
from children.models import Child, Ethnicity, LegalBasis, LookedAfterPeriod, Sex
from enquiries import services as enquiry_services
from enquiries.models import PlanEnquiry
from plans import services as plan_services
from plans.models import PlanCategory
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import QanStatus, QualityAssuranceNotification
from timescales.sweep import run_sweep

from .clock import at, on, working_days_ago
from .families import People, book, demo_id, exists, make_family, send_request, to_conference_needed


def pre_birth(fake: Faker, who: People) -> None:
    """An unborn baby due in 12 weeks (week 28 of the pregnancy): the pre-birth conference is
    booked for next week and the health visitor's report is due."""
    if exists(151):
        return
    family = make_family(fake, who, number=151, ages=(), unborn_weeks=12)
    to_conference_needed(
        fake,
        who,
        family,
        on_day=working_days_ago(4),
        concerns="The mother's two older children were adopted; she is using heroin again.",
    )
    send_request(who, family, on_day=working_days_ago(3))
    book(
        who,
        family,
        on_day=working_days_ago(2),
        starts_at=at(calendar.add_working_days(timezone.localdate(), 6), 14),
        room=1,
    )


def transfer_in(fake: Faker, who: People) -> None:
    """A girl who moved here last week on another authority's plan: the coordinator arranges
    her transfer-in conference (within 15 working days of the notice)."""
    if exists(161):
        return
    moved_in = working_days_ago(6)
    with on(working_days_ago(4), 11):
        child = children_services.create_child(
            by=who.social_worker,
            legal_forename=fake.first_name_female(),
            legal_surname=fake.last_name(),
            date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10),
            sex=Sex.FEMALE,
            ethnicity=Ethnicity.WBRI,
            nhs_number=synthetic_nhs_number(161),
            local_child_id=demo_id(161),
            first_language="English",
            lead_social_worker=who.social_worker,
            address_line_1=fake.street_address(),
            town=fake.city(),
            postcode=fake.postcode(),
        )
        plan_services.record_transfer_in(
            child=child,
            by=who.social_worker,
            previous_authority="Northshire County Council",
            previous_plan_started_on=calendar.add_working_days(moved_in, -90),
            previous_plan_category=PlanCategory.EMOTIONAL_ABUSE,
            moved_in_on=moved_in,
            notified_on=working_days_ago(4),
        )


def enquiry(fake: Faker, who: People) -> None:
    """A police officer asked yesterday whether a child is on a plan; the call-back was
    verified and the answer recorded."""
    if PlanEnquiry.objects.filter(recorded_by=who.enquirer).exists():
        return
    child = Child.objects.filter(local_child_id=demo_id(131)).first()
    if child is None:
        return
    with on(working_days_ago(1), 22):
        made = enquiry_services.record_enquiry(
            by=who.enquirer,
            caller_name=fake.name(),
            caller_role="Police constable, response team",
            agency=who.police,
            caller_number=who.police.known_phone_number,
            reason="Called to a disturbance at the child's home overnight.",
            called_back_on=who.police.known_phone_number,
        )
        enquiry_services.answer_enquiry(
            enquiry=made,
            by=who.enquirer,
            forename=child.legal_forename,
            surname=child.legal_surname,
            date_of_birth=child.date_of_birth,
        )


def looked_after(fake: Faker, who: People) -> None:
    """The child on the active plan went into foster care with the parents' agreement three
    working days ago: the plan shows the prompt to consider an early review (001 §10, §13)."""
    child = Child.objects.filter(local_child_id=demo_id(131)).first()
    if child is None or LookedAfterPeriod.objects.filter(child=child).exists():
        return
    with on(working_days_ago(3), 15):
        plan_services.record_looked_after_period(
            child=child,
            started_on=timezone.localdate(),
            legal_basis=LegalBasis.SECTION_20,
            independent_reviewing_officer=fake.name(),
            by=who.social_worker,
        )


def qans(fake: Faker, who: People) -> None:
    """The deadlines already missed become breaches (as the scheduler would), and the QA manager
    has closed one notification after its manager explained it; the rest stay open."""
    run_sweep()
    if QualityAssuranceNotification.objects.filter(status=QanStatus.CLOSED).exists():
        return
    qan = QualityAssuranceNotification.objects.filter(status=QanStatus.OPEN).order_by("pk").first()
    if qan is None:
        return
    timescale_services.explain_qan(
        qan=qan,
        by=who.qa_manager,
        explanation="The conference room was flooded; the service rebooked within the week.",
    )
    timescale_services.close_qan(qan=qan, by=who.qa_manager, note="Explained; no further action.")


VARIANTS = [pre_birth, transfer_in, enquiry, looked_after, qans]
