"""Strategy discussions and Section 47 enquiries: the deadlines they open and meet, sign-off, the
outcome, the bad inputs of issue 4 item 7 (a discussion in the future, an outcome before the
discussion) shown next to their fields with nothing saved, history and the access log."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children import services
from children.models import (
    ChildRecordView,
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from core.templatetags.govuk import govuk_date
from tests.auth import login
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import ChildFactory, held_at, strategy_discussion
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode
from timescales.selectors import deadlines_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    team = TeamFactory()
    return UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team)


@pytest.fixture
def worker(manager):
    return UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=manager.team, line_manager=manager)


@pytest.fixture
def siblings(worker):
    amelia = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    noah = ChildFactory(legal_forename="Noah", legal_surname="Jones", household=amelia.household)
    return amelia, noah


@pytest.fixture
def police():
    return AgencyFactory(name="Test Constabulary")


def by_rule(subject) -> dict:
    return {deadline.rule: deadline for deadline in deadlines_for(subject)}


def saved() -> tuple:
    return (
        StrategyDiscussion.objects.count(),
        StrategyDiscussionChild.objects.count(),
        StrategyDiscussionParticipant.objects.count(),
        S47Enquiry.objects.count(),
        Deadline.objects.count(),
        StrategyDiscussion.history.count(),
    )


def error_next_to(body: str, field: str) -> str:
    marker = f'id="id_{field}-error"'
    assert marker in body, f"no error message next to {field}"
    return body.split(marker, 1)[1].split("</p>", 1)[0]


def discussion_post(children, police, *, day: datetime.date, time="10:30am", **overrides):
    data = {
        "held_on_day": str(day.day),
        "held_on_month": str(day.month),
        "held_on_year": str(day.year),
        "held_at_time": time,
        "children": [str(child.pk) for child in children],
        "concerns": "Bruising seen at school.",
        "decision": StrategyDecision.S47,
        "reason_for_decision": "",
        "participants-TOTAL_FORMS": "5",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "20",
        "participants-0-name": "DC Amy Ward",
        "participants-0-role": "Detective constable",
        "participants-0-agency": str(police.pk),
    }
    for n in range(1, 5):
        data.update({f"participants-{n}-name": "", f"participants-{n}-role": ""})
        data[f"participants-{n}-agency"] = ""
    data.update(overrides)
    return data


# --- Recording a strategy discussion ---------------------------------------------------------------------


def test_a_decision_for_s47_opens_an_enquiry_and_the_conference_deadlines_for_each_child(
    worker, manager, siblings
):
    when = held_at(2, hour=9)
    discussion = strategy_discussion(by=worker, children=list(siblings), when=when)
    held_on = timezone.localdate(when)

    record = by_rule(discussion)
    # Recording it here is the record becoming available: met at once, on time.
    assert record[RuleCode.STRAT_RECORD].status == DeadlineStatus.MET_ON_TIME
    assert record[RuleCode.STRAT_RECORD].due_at == when + datetime.timedelta(hours=72)
    sign_off = record[RuleCode.STRAT_SIGNOFF]
    assert sign_off.status == DeadlineStatus.OPEN
    assert sign_off.due_at == when + datetime.timedelta(hours=72)
    assert sign_off.responsible == manager

    enquiries = list(discussion.s47_enquiries.order_by("child_id"))
    assert [e.child for e in enquiries] == sorted(siblings, key=lambda c: c.pk)
    for enquiry in enquiries:
        assert enquiry.started_on == held_on and enquiry.is_open
        deadlines = by_rule(enquiry)
        assert deadlines[RuleCode.ICPC_DUE].due_on == calendar.add_working_days(held_on, 15)
        assert deadlines[RuleCode.ICPC_REQUEST].due_on == calendar.add_working_days(held_on, 5)
        assert deadlines[RuleCode.ICPC_DUE].child == enquiry.child
        assert deadlines[RuleCode.ICPC_DUE].status == DeadlineStatus.OPEN


def test_a_decision_against_s47_needs_a_reason_and_opens_no_enquiry(worker, siblings):
    before = saved()
    with pytest.raises(services.ChildRecordError) as error:
        strategy_discussion(
            by=worker,
            children=list(siblings),
            decision=StrategyDecision.NO_S47,
            reason_for_decision=" ",
        )
    assert error.value.field == "reason_for_decision"
    assert saved() == before
    discussion = strategy_discussion(
        by=worker, children=list(siblings), decision=StrategyDecision.NO_S47
    )
    assert not discussion.s47_enquiries.exists()
    assert set(by_rule(discussion)) == {RuleCode.STRAT_RECORD, RuleCode.STRAT_SIGNOFF}
    assert not Deadline.objects.filter(rule=RuleCode.ICPC_DUE).exists()


def test_a_second_s47_while_one_is_open_is_refused(worker, siblings):
    amelia, _ = siblings
    strategy_discussion(by=worker, children=[amelia])
    before = saved()
    with pytest.raises(services.ChildRecordError, match="already has a Section 47 enquiry"):
        strategy_discussion(by=worker, children=list(siblings))
    assert saved() == before


def test_a_strategy_discussion_in_the_future_is_refused_by_the_service(worker, siblings):
    before = saved()
    with pytest.raises(services.ChildRecordError) as error:
        strategy_discussion(
            by=worker,
            children=list(siblings),
            when=timezone.now() + datetime.timedelta(hours=1),
        )
    assert error.value.field == "held_on"
    assert "must be in the past" in error.value.message
    assert saved() == before


def test_the_discussion_its_children_and_participants_are_in_history(worker, siblings):
    discussion = strategy_discussion(by=worker, children=list(siblings))
    assert discussion.history.count() == 1
    for link in StrategyDiscussionChild.objects.filter(discussion=discussion):
        assert link.history.get().history_user == worker
    for participant in discussion.participants.all():
        assert participant.history.get().history_user == worker
    for enquiry in discussion.s47_enquiries.all():
        assert enquiry.history.count() == 1


# --- The strategy discussion pages -------------------------------------------------------------------


def test_a_social_worker_records_a_strategy_discussion_on_the_page(
    client, worker, siblings, police
):
    amelia, noah = siblings
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    login(client, worker)
    assert client.get(f"/children/{amelia.pk}/strategy-discussions/new/").status_code == 200
    response = client.post(
        f"/children/{amelia.pk}/strategy-discussions/new/",
        discussion_post([amelia, noah], police, day=yesterday, time="2:15pm"),
    )
    discussion = StrategyDiscussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/children/strategy-discussions/{discussion.pk}/"
    assert timezone.localtime(discussion.held_at).time() == datetime.time(14, 15)
    assert discussion.history.get().history_user == worker
    assert discussion.participants.get().agency == police
    assert discussion.s47_enquiries.count() == 2

    body = client.get(response["Location"]).content.decode()
    assert "The strategy discussion has been recorded" in body
    assert "DC Amy Ward" in body
    assert "Strategy discussion record signed off" in body
    assert set(
        ChildRecordView.objects.filter(what="Strategy discussion record").values_list(
            "child_id", flat=True
        )
    ) == {amelia.pk, noah.pk}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param(
            {"day": 1},
            "held_on",
            "Date of the strategy discussion must be today or in the past",
            id="discussion-tomorrow",
        ),
        pytest.param(
            {"time": "half ten"},
            "held_at_time",
            "Enter the time in the correct format",
            id="time-not-understood",
        ),
        pytest.param(
            {"decision": StrategyDecision.NO_S47},
            "reason_for_decision",
            "Enter why a Section 47 enquiry is not needed",
            id="no-s47-without-reason",
        ),
        pytest.param(
            {"participants-0-agency": ""},
            "participants-0-agency",
            "Choose the agency they were from",
            id="participant-without-agency",
        ),
    ],
)
def test_bad_strategy_discussion_input_is_explained_next_to_the_field_and_not_saved(
    client, worker, siblings, police, change, field, message
):
    amelia, _ = siblings
    change = dict(change)
    day = timezone.localdate() + datetime.timedelta(days=change.pop("day", -1))
    time = change.pop("time", "10:30am")
    login(client, worker)
    before = saved()
    response = client.post(
        f"/children/{amelia.pk}/strategy-discussions/new/",
        discussion_post([amelia], police, day=day, time=time, **change),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in error_next_to(body, field)
    assert "There is a problem" in body
    assert saved() == before


def test_a_discussion_later_today_is_refused(client, worker, siblings, police):
    amelia, _ = siblings
    login(client, worker)
    before = saved()
    now = timezone.localtime()
    later = now + datetime.timedelta(hours=1)
    if later.date() == now.date():
        response = client.post(
            f"/children/{amelia.pk}/strategy-discussions/new/",
            discussion_post([amelia], police, day=later.date(), time=f"{later:%H:%M}"),
        )
    else:
        # In the last hour of the day there is no later hour today: pin "now" to 10am (earlier
        # than the sign-in, so the inactivity timeout does not sign the worker out).
        ten_am = timezone.make_aware(datetime.datetime.combine(now.date(), datetime.time(10)))
        with mock.patch("django.utils.timezone.now", return_value=ten_am):
            response = client.post(
                f"/children/{amelia.pk}/strategy-discussions/new/",
                discussion_post([amelia], police, day=ten_am.date(), time="11:00"),
            )
    assert "Time it started must be in the past" in error_next_to(
        response.content.decode(), "held_at_time"
    )
    assert saved() == before


def test_a_second_s47_is_refused_on_the_page(client, worker, siblings, police):
    amelia, noah = siblings
    strategy_discussion(by=worker, children=[amelia])
    before = saved()
    login(client, worker)
    response = client.post(
        f"/children/{amelia.pk}/strategy-discussions/new/",
        # Yesterday, so the time is in the past whenever the suite runs.
        discussion_post(
            [amelia, noah], police, day=timezone.localdate() - datetime.timedelta(days=1)
        ),
    )
    assert "Amelia Jones already has a Section 47 enquiry" in error_next_to(
        response.content.decode(), "children"
    )
    assert saved() == before


# --- Sign-off ------------------------------------------------------------------------------------------


def test_the_team_manager_signs_off_and_meets_the_deadline(client, worker, manager, siblings):
    discussion = strategy_discussion(by=worker, children=list(siblings))
    login(client, manager)
    body = client.get("/children/strategy-discussions/to-sign-off/").content.decode()
    assert f"/children/strategy-discussions/{discussion.pk}/" in body
    response = client.post(f"/children/strategy-discussions/{discussion.pk}/sign-off/")
    assert response.status_code == 302
    discussion.refresh_from_db()
    assert discussion.signed_off_by == manager
    assert by_rule(discussion)[RuleCode.STRAT_SIGNOFF].status == DeadlineStatus.MET_ON_TIME
    assert discussion.history.first().history_user == manager


def test_nobody_signs_off_their_own_record_and_only_team_managers_sign_off(make_user, siblings):
    recorder = make_user(RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER)
    discussion = strategy_discussion(by=recorder, children=list(siblings))
    with pytest.raises(services.ChildRecordError, match="other than the person who recorded"):
        services.sign_off_strategy_discussion(discussion=discussion, by=recorder)
    with pytest.raises(services.ChildRecordError, match="Only a team manager"):
        services.sign_off_strategy_discussion(
            discussion=discussion, by=make_user(RoleCode.SOCIAL_WORKER)
        )
    discussion.refresh_from_db()
    assert not discussion.is_signed_off
    assert by_rule(discussion)[RuleCode.STRAT_SIGNOFF].status == DeadlineStatus.OPEN


# --- The S47 outcome -------------------------------------------------------------------------------------


def test_an_outcome_before_the_strategy_discussion_is_refused_by_the_service(worker, siblings):
    amelia, _ = siblings
    enquiry = strategy_discussion(by=worker, children=[amelia], when=held_at(3)).s47_enquiries.get()
    with pytest.raises(services.ChildRecordError) as error:
        services.record_s47_outcome(
            enquiry=enquiry,
            by=worker,
            outcome=S47Outcome.CONFERENCE_NEEDED,
            concluded_on=enquiry.started_on - datetime.timedelta(days=1),
        )
    assert error.value.field == "concluded_on"
    assert "on or after the strategy discussion" in error.value.message
    enquiry.refresh_from_db()
    assert enquiry.is_open and enquiry.history.count() == 1


@pytest.mark.parametrize(
    ("days_after_discussion", "outcome", "reason", "field", "message"),
    [
        pytest.param(
            -1,
            S47Outcome.CONFERENCE_NEEDED,
            "",
            "concluded_on",
            "Date the enquiry concluded must be on or after the strategy discussion",
            id="outcome-before-the-discussion",
        ),
        pytest.param(
            10,
            S47Outcome.CONFERENCE_NEEDED,
            "",
            "concluded_on",
            "Date the enquiry concluded must be today or in the past",
            id="outcome-in-the-future",
        ),
        pytest.param(
            0,
            S47Outcome.NO_CONFERENCE,
            "",
            "reason",
            "Enter why no conference is needed",
            id="no-conference-without-reason",
        ),
    ],
)
def test_bad_outcome_input_is_explained_next_to_the_field_and_not_saved(
    client, worker, siblings, days_after_discussion, outcome, reason, field, message
):
    amelia, _ = siblings
    enquiry = strategy_discussion(by=worker, children=[amelia], when=held_at(3)).s47_enquiries.get()
    day = enquiry.started_on + datetime.timedelta(days=days_after_discussion)
    login(client, worker)
    response = client.post(
        f"/children/s47-enquiries/{enquiry.pk}/outcome/",
        {
            "outcome": outcome,
            "concluded_on_day": str(day.day),
            "concluded_on_month": str(day.month),
            "concluded_on_year": str(day.year),
            "reason": reason,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in error_next_to(body, field)
    assert "There is a problem" in body
    enquiry.refresh_from_db()
    assert enquiry.is_open and enquiry.history.count() == 1
    assert all(d.status == DeadlineStatus.OPEN for d in deadlines_for(enquiry))


def test_conference_needed_is_recorded_on_the_page_and_leaves_the_deadlines_open(
    client, worker, siblings
):
    amelia, _ = siblings
    enquiry = strategy_discussion(by=worker, children=[amelia]).s47_enquiries.get()
    today = timezone.localdate()
    login(client, worker)
    assert client.get(f"/children/s47-enquiries/{enquiry.pk}/outcome/").status_code == 200
    response = client.post(
        f"/children/s47-enquiries/{enquiry.pk}/outcome/",
        {
            "outcome": S47Outcome.CONFERENCE_NEEDED,
            "concluded_on_day": str(today.day),
            "concluded_on_month": str(today.month),
            "concluded_on_year": str(today.year),
            "reason": "",
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.needs_conference and enquiry.outcome_recorded_by == worker
    assert enquiry.history.first().history_user == worker
    assert {d.status for d in deadlines_for(enquiry)} == {DeadlineStatus.OPEN}
    assert ChildRecordView.objects.filter(child=amelia, what="Section 47 enquiry").exists()
    body = client.get(f"/children/{amelia.pk}/").content.decode()
    assert "Request a conference" in body


def test_no_conference_needed_withdraws_the_conference_deadlines_with_the_reason(worker, siblings):
    amelia, _ = siblings
    enquiry = strategy_discussion(by=worker, children=[amelia]).s47_enquiries.get()
    services.record_s47_outcome(
        enquiry=enquiry,
        by=worker,
        outcome=S47Outcome.NO_CONFERENCE,
        concluded_on=timezone.localdate(),
        reason="Concerns not substantiated; Early Help offered.",
    )
    deadlines = by_rule(enquiry)
    for rule in (RuleCode.ICPC_DUE, RuleCode.ICPC_REQUEST):
        assert deadlines[rule].status == DeadlineStatus.NOT_APPLICABLE
        assert "Early Help offered" in deadlines[rule].not_applicable_reason
    # The child may now have a new enquiry.
    strategy_discussion(by=worker, children=[amelia])


def test_only_record_keepers_record_an_outcome_and_are_logged_only_when_allowed(
    client, make_user, worker, siblings
):
    amelia, _ = siblings
    enquiry = strategy_discussion(by=worker, children=[amelia]).s47_enquiries.get()
    login(client, make_user(RoleCode.CONFERENCE_COORDINATOR))
    assert client.get(f"/children/s47-enquiries/{enquiry.pk}/outcome/").status_code == 403
    login(client, make_user(RoleCode.AGENCY_PROFESSIONAL))
    assert client.get(f"/children/s47-enquiries/{enquiry.pk}/outcome/").status_code == 404
    assert not ChildRecordView.objects.exists()


# --- The child's page shows open deadlines -------------------------------------------------------------


def test_the_childs_page_shows_its_open_deadlines(client, worker, siblings):
    amelia, _ = siblings
    when = held_at(1)
    strategy_discussion(by=worker, children=[amelia], when=when)
    held_on = timezone.localdate(when)
    login(client, worker)
    response = client.get(f"/children/{amelia.pk}/")
    body = response.content.decode()
    deadlines_section = body.split('id="deadlines"', 1)[1].split('id="enquiries"', 1)[0]
    assert "Initial conference held" in deadlines_section
    assert "Conference service told an initial conference is needed" in deadlines_section
    assert govuk_date(calendar.add_working_days(held_on, 15)) in deadlines_section
    assert {d.rule for d in response.context["page"].open_deadlines} == {
        RuleCode.ICPC_DUE,
        RuleCode.ICPC_REQUEST,
    }
