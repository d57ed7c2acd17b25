"""A Contextual Safeguarding Conference in the demo (issue 22 item 5; 002): a boy of 15 at risk
of criminal exploitation, asked for eight working days ago and held two working days ago, with
the professionals', his mother's and his own views, and a plan with measurable outcomes. Built
through the contextual services on the days it happened (ADR 46)."""

from faker import Faker

from contextual import services as csc_services
from contextual.models import CscDecision, HarmOutsideFamily, ViewKind
from timescales import calendar

from .clock import at, on, working_days_ago
from .families import People, exists, make_family


def contextual_safeguarding(fake: Faker, who: People) -> None:
    if exists(181):
        return
    family = make_family(fake, who, number=181, ages=(15,))
    young_person = family.children[0]
    held_on = working_days_ago(2)
    with on(working_days_ago(8), 10):
        conference = csc_services.request_conference(
            child=young_person,
            harms=[HarmOutsideFamily.CRIMINAL_EXPLOITATION],
            concerns=(
                "Missing overnight three times this month; found in another town with cash and "
                "two phones; older young people collect him from school."
            ),
            by=who.social_worker,
        )
    with on(working_days_ago(6), 11):
        conference = csc_services.book_conference(
            conference=conference,
            chair=who.chair,
            starts_at=at(held_on, 14),
            venue="Room 2, County Hall",
            professionals=[who.health_visitor],
            by=who.coordinator,
        )
    with on(held_on, 15):
        csc_services.record_view(
            conference=conference,
            kind=ViewKind.PROFESSIONAL,
            name=fake.name(),
            role="Police, Child Exploitation Team",
            view="Linked to a county lines group operating from the station.",
            recommendation="plan",
            by=who.chair,
        )
        csc_services.record_view(
            conference=conference,
            kind=ViewKind.PARENT,
            name=fake.name_female(),
            role="Mother",
            view="Frightened for him; wants help keeping him home at night.",
            by=who.chair,
        )
        csc_services.record_view(
            conference=conference,
            kind=ViewKind.YOUNG_PERSON,
            name=young_person.legal_forename,
            view="Says the older boys look out for him; will meet a youth worker.",
            by=who.chair,
        )
        conference = csc_services.record_decision(
            conference=conference,
            decision=CscDecision.PLAN,
            rationale="Significant risk of criminal exploitation; the family and agencies agree.",
            by=who.chair,
        )
        for outcome, measure, whom, weeks in (
            (
                "He is home every night by 9pm",
                "No missing episodes recorded for four weeks",
                "Mother, with the social worker",
                4,
            ),
            (
                "He meets the youth worker each week",
                "Six sessions attended out of six",
                "Youth worker",
                6,
            ),
        ):
            csc_services.add_outcome(
                plan=conference.plan,
                outcome=outcome,
                measure=measure,
                who=whom,
                due_on=calendar.add_working_days(held_on, weeks * 5),
                by=who.social_worker,
            )


STAGES = [contextual_safeguarding]
