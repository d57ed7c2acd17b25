"""Pre-birth, then after the birth (issue 22 item 3, 001 §15): the pre-birth window comes from the
timescale policy when booking (and shows on the dashboard); recording the birth of a baby who was
at a pre-birth conference (or on a plan before birth) opens BIRTH_RECONVENE with the policy's
working days from the birth, and holding a conference for the child after the birth meets it."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from children import services as child_services
from children.models import Child, Relationship, Sex
from conferences import services
from conferences.models import ConferenceKind, ConferenceStatus
from plans.models import ChildProtectionPlan, PlanStatus
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    FamilyLinkFactory,
    PersonFactory,
    UnbornChildFactory,
    enquiries_needing_conference,
)
from tests.factories.clock import PINNED
from tests.factories.conferences import (
    add_danger_statements,
    decide_every_child,
    make_quorate,
    send_request,
    started_conference,
    started_review,
    venue,
    working_day_at,
)
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode, TimescalePolicy

pytestmark = pytest.mark.django_db


def _unborn(worker, weeks_pregnant_today: int):
    unborn = UnbornChildFactory(
        legal_surname="Jones",
        lead_social_worker=worker,
        expected_date_of_delivery=PINNED.date()
        + datetime.timedelta(weeks=40 - weeks_pregnant_today),
    )
    FamilyLinkFactory(child=unborn, person=PersonFactory(), relationship=Relationship.MOTHER)
    return unborn


def _request(worker, unborn):
    return send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[unborn])
    )


def _reconvene(child):
    return Deadline.objects.filter(
        rule=RuleCode.BIRTH_RECONVENE,
        subject_type=ContentType.objects.get_for_model(Child),
        subject_id=child.pk,
    ).first()


def _set_policy(rule, value):
    TimescalePolicy.objects.filter(rule=rule).update(value=value)


@shareable
def pre_birth_plan(worker, coordinator, chair, minute_taker):
    """An unborn baby (27 weeks) at a pre-birth conference held today that decided a plan."""
    unborn = _unborn(worker, 27)
    conference = started_conference(
        request=_request(worker, unborn),
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )
    assert conference.kind == ConferenceKind.PRE_BIRTH
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=minute_taker, count=1)
    decide_every_child(conference, chair=chair)
    return ChildProtectionPlan.objects.get(child=unborn, status=PlanStatus.ACTIVE)


def _born(child, by, *, on=None, **overrides):
    details = {
        "legal_forename": "Oliver",
        "legal_surname": "Jones",
        "sex": Sex.MALE,
        "date_of_birth": on or timezone.localdate(),
        "birth_date_note": "",
    }
    details.update(overrides)
    return child_services.record_birth(child=child, by=by, **details)


# --- The pre-birth window is the policy's --------------------------------------------------------


def _book(request, coordinator, chair, **kwargs):
    conference = services.allocate_chair(request=request, chair=chair, by=coordinator)
    return services.book_conference(
        conference=conference, starts_at=working_day_at(3), venue=venue(), by=coordinator, **kwargs
    )


def test_booking_a_pre_birth_conference_reads_the_window_from_the_policy(
    worker, coordinator, chair
):
    # At 22 weeks: outside the default window (24 to 30) a reason is needed...
    early = _request(worker, _unborn(worker, 22))
    with pytest.raises(services.ConferenceBookingError, match="between weeks 24 and 30") as error:
        _book(early, coordinator, chair)
    assert error.value.field == "prebirth_reason"
    # ...until the authority's policy lets a conference be held from week 20 (20 weeks before).
    _set_policy(RuleCode.PREBIRTH_EARLIEST, 20)
    assert _book(early, coordinator, chair).prebirth_reason == ""


def test_the_latest_week_is_the_policys_too(worker, coordinator, chair):
    _set_policy(RuleCode.PREBIRTH, 12)  # held by week 28
    late = _request(worker, _unborn(worker, 29))
    with pytest.raises(services.ConferenceBookingError, match="between weeks 24 and 28"):
        _book(late, coordinator, chair)
    booked = _book(late, coordinator, chair, prebirth_reason="The pregnancy was found late.")
    assert booked.prebirth_reason == "The pregnancy was found late."


def test_the_booking_form_names_the_policys_weeks(client, worker, coordinator, chair):
    _set_policy(RuleCode.PREBIRTH_EARLIEST, 18)
    request = _request(worker, _unborn(worker, 27))
    conference = services.allocate_chair(request=request, chair=chair, by=coordinator)
    login(client, coordinator)
    response = client.get(f"/conferences/{conference.pk}/book/")
    assert response.status_code == 200
    assert "outside weeks 22 to 30 of pregnancy" in response.content.decode()


def test_the_dashboard_shows_the_pre_birth_window_from_the_policy(client, manager):
    login(client, manager)
    page = client.get("/timescales/dashboard/").content.decode()
    assert "booked between weeks 24 and 30 of pregnancy" in page
    _set_policy(RuleCode.PREBIRTH, 11)
    page = client.get("/timescales/dashboard/").content.decode()
    assert "booked between weeks 24 and 29 of pregnancy" in page


# --- The birth -----------------------------------------------------------------------------------


def test_the_birth_opens_the_reconvene_deadline_with_the_policys_working_days(
    pre_birth_plan, worker
):
    baby = pre_birth_plan.child
    born_on = timezone.localdate()
    _born(baby, worker, on=born_on, birth_date_note="Born early, at 27 weeks.")
    deadline = _reconvene(baby)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.due_on == calendar.add_working_days(born_on, 10)
    assert (deadline.policy_value, deadline.policy_unit) == (10, "working_days")
    assert deadline.responsible == worker and deadline.child == baby


def test_a_changed_policy_sets_the_reconvene_deadline(pre_birth_plan, worker):
    _set_policy(RuleCode.BIRTH_RECONVENE, 5)
    baby = pre_birth_plan.child
    _born(baby, worker, birth_date_note="Born early.")
    assert _reconvene(baby).due_on == calendar.add_working_days(timezone.localdate(), 5)


def test_a_baby_never_at_a_pre_birth_conference_or_on_a_plan_opens_no_deadline(worker):
    baby = _unborn(worker, 39)
    _born(baby, worker)
    baby.refresh_from_db()
    assert not baby.is_unborn
    assert _reconvene(baby) is None


def test_the_reconvene_deadline_shows_on_the_child_plan_and_work_list(
    client, pre_birth_plan, worker
):
    baby = pre_birth_plan.child
    _born(baby, worker, birth_date_note="Born early.")
    login(client, worker)
    for url in (f"/children/{baby.pk}/", f"/plans/{pre_birth_plan.pk}/", "/"):
        assert "Conference reconvened after the birth" in client.get(url).content.decode(), url


def test_holding_the_reconvened_conference_meets_the_deadline(
    pre_birth_plan, worker, coordinator, minute_taker, clock
):
    baby = pre_birth_plan.child
    clock.shift(datetime.timedelta(weeks=12))  # the baby arrives a week before the due date
    born_on = timezone.localdate() - datetime.timedelta(days=1)
    _born(baby, worker, on=born_on)
    assert _reconvene(baby).status == DeadlineStatus.OPEN

    review_chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rhiannon Review")
    review = started_review(
        plan=pre_birth_plan, coordinator=coordinator, chair=review_chair, minute_taker=minute_taker
    )
    assert review.kind == ConferenceKind.REVIEW  # the baby is born: a review, not a pre-birth one
    make_quorate(review, by=minute_taker)
    decide_every_child(review, chair=review_chair)
    review.refresh_from_db()
    assert review.status == ConferenceStatus.HELD
    deadline = _reconvene(baby)
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert timezone.localdate(deadline.met_at) == timezone.localdate(review.starts_at)


def test_a_conference_held_before_the_birth_was_recorded_does_not_meet_a_later_one(
    pre_birth_plan, worker
):
    """The pre-birth conference itself was held before the birth: the deadline stays open."""
    baby = pre_birth_plan.child
    _born(baby, worker, birth_date_note="Born early.")
    assert _reconvene(baby).status == DeadlineStatus.OPEN
