"""One short journey through the real services (strategy discussion, conference request, booking,
holding, decision, first core group) run at awkward moments of the day and the week: just after
midnight, just before midnight, a Friday afternoon and the working day before a bank holiday.
Whatever the moment, the due dates are the same working-day arithmetic from the local date:
the initial conference within 15 working days of the strategy discussion, the first core group
within 10 working days of the conference. Just after midnight in summer time it is still the day
before in UTC, so a due date counted from a UTC date would come out a day early."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services as conference_services
from plans.models import ChildProtectionPlan
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.clock import LONDON
from tests.factories.conferences import (
    add_danger_statements,
    booked_conference,
    decide_every_child,
    make_quorate,
    send_invitations,
    send_request,
)
from tests.factories.coreGroups import held_meeting
from tests.factories.voice import children_seen
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db

D = datetime.date


def _moment(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


# (moment, ICPC due: 15 working days on, conference day: 5 working days on, first core group
# due: 10 working days after the conference), each worked out by hand from the calendar.
MOMENTS = {
    # The pinned Wednesday (Greenwich Mean Time: the UTC date is the local date).
    "00:05 on a Wednesday": (
        _moment(D(2026, 3, 11), 0, 5),
        D(2026, 4, 1),
        D(2026, 3, 18),
        D(2026, 4, 1),
    ),
    "23:55 on a Wednesday": (
        _moment(D(2026, 3, 11), 23, 55),
        D(2026, 4, 1),
        D(2026, 3, 18),
        D(2026, 4, 1),
    ),
    # A Wednesday in British Summer Time: at 00:05 it is 23:05 on Tuesday in UTC.
    "00:05 in summer time": (
        _moment(D(2026, 6, 10), 0, 5),
        D(2026, 7, 1),
        D(2026, 6, 17),
        D(2026, 7, 1),
    ),
    "23:55 in summer time": (
        _moment(D(2026, 6, 10), 23, 55),
        D(2026, 7, 1),
        D(2026, 6, 17),
        D(2026, 7, 1),
    ),
    # Friday afternoon; the 15 working days cross Good Friday and Easter Monday (3 and 6 April).
    "16:30 on a Friday": (
        _moment(D(2026, 3, 13), 16, 30),
        D(2026, 4, 7),
        D(2026, 3, 20),
        D(2026, 4, 7),
    ),
    # Friday 1 May, before the early May bank holiday (Monday 4 May); both counts also cross
    # the Spring bank holiday (Monday 25 May).
    "before the early May bank holiday": (
        _moment(D(2026, 5, 1), 15, 0),
        D(2026, 5, 26),
        D(2026, 5, 11),
        D(2026, 5, 26),
    ),
    # Christmas Eve: Christmas Day, Boxing Day's substitute (Monday 28 December) and New Year's
    # Day follow.
    "Christmas Eve": (
        _moment(D(2026, 12, 24), 15, 0),
        D(2027, 1, 19),
        D(2027, 1, 5),
        D(2027, 1, 19),
    ),
}


def _people():
    """A social worker with a team manager, a coordinator, a chair, a minute taker and Amelia
    (8) with her mother and a health visitor, made at the moment the test is at."""
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    team.manager = manager
    team.save()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=D(2018, 2, 1),
        lead_social_worker=worker,
    )
    FamilyLinkFactory(
        child=amelia,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    ProfessionalInvolvementFactory(
        child=amelia, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    return {
        "worker": worker,
        "child": amelia,
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "chair": UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair"),
        "minute_taker": UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes"),
    }


def _deadline(rule, subject):
    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )


@pytest.mark.parametrize(
    ("moment", "icpc_due", "conference_day", "first_core_group_due"),
    list(MOMENTS.values()),
    ids=list(MOMENTS),
)
def test_the_journey_counts_the_same_working_days_at_any_moment(
    clock, moment, icpc_due, conference_day, first_core_group_due
):
    day = moment.date()
    time_of_day = moment.timetz()
    clock.move_to(moment)
    people = _people()
    worker, chair, coordinator = people["worker"], people["chair"], people["coordinator"]

    # The strategy discussion is held now and decides on a section 47 enquiry, which concludes
    # today that a conference is needed; the request goes to the conference service.
    enquiry = enquiries_needing_conference(by=worker, children=[people["child"]], when=moment)[0]
    assert enquiry.started_on == day
    icpc = _deadline(RuleCode.ICPC_DUE, enquiry)
    assert icpc.due_on == icpc_due == calendar.add_working_days(day, 15)
    request = send_request(by=worker, enquiries=[enquiry])

    # Booked now for 10am on the fifth working day, and invited to.
    assert conference_day == calendar.add_working_days(day, 5)
    conference = booked_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=people["minute_taker"],
        starts_at=_moment(conference_day, 10, 0),
    )
    send_invitations(conference=conference, by=coordinator)

    # Held on its day, at the same time of day as the moment: a plan is decided.
    clock.move_to(datetime.datetime.combine(conference_day, time_of_day))
    children_seen(conference)
    conference_services.start_conference(conference=conference, by=chair)
    make_quorate(conference, by=people["minute_taker"])
    add_danger_statements(conference, by=chair, count=1)
    decide_every_child(conference, chair=chair)
    icpc.refresh_from_db()
    assert icpc.status == DeadlineStatus.MET_ON_TIME
    assert timezone.localdate(icpc.met_at) == conference_day
    plan = ChildProtectionPlan.objects.get(child=people["child"])
    assert plan.started_on == conference_day
    first = _deadline(RuleCode.CG_FIRST, plan)
    assert first.due_on == first_core_group_due == calendar.add_working_days(conference_day, 10)

    # The first core group meets on its due day, at the same time of day: on time.
    clock.move_to(datetime.datetime.combine(first_core_group_due, time_of_day))
    held_meeting(plan=plan, by=worker, held_at=timezone.now())
    first.refresh_from_db()
    assert first.status == DeadlineStatus.MET_ON_TIME
