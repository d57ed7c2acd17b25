"""The decision per child: views and the tally, the chair's decision (overruling needs a reason,
a plan needs a category), finalising (the chair alone, only when the conference may reach a
decision, never on a 50% split), adjourning, and what finalising creates: the plan, the
conference held, ICPC_DUE met on time or late, DECISION_RECORDED, OUTLINE_PLAN and MINUTES."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from conferences import services
from conferences.models import (
    ChildDecision,
    ConferenceStatus,
    DecisionOutcome,
    DecisionStatus,
    OutlinePlanAction,
    ProfessionalView,
)
from conferences.services import DecisionError
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanCategory, SecondaryFactor
from tests.factories.children import enquiries_needing_conference, held_working_days_ago
from tests.factories.conferences import (
    add_danger_statements,
    decide,
    decide_every_child,
    give_views,
    make_quorate,
    ready_to_decide,
    send_request,
    started_conference,
)
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)

pytestmark = pytest.mark.django_db

CP, CIN, NFA = (
    DecisionOutcome.CHILD_PROTECTION_PLAN,
    DecisionOutcome.CHILD_IN_NEED_PLAN,
    DecisionOutcome.NO_FURTHER_ACTION,
)


def _deadline(rule, subject):
    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    )


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    return make_quorate(conference, by=minute_taker)


@shareable
def decisions(conference, chair):
    return services.open_decisions(conference=conference, by=chair)


@shareable
def amelias(decisions, household):
    return next(d for d in decisions if d.child == household["amelia"])


# --- Views and the tally ------------------------------------------------------------------------


def test_one_decision_per_child_made_once(conference, chair, minute_taker, household):
    first = services.open_decisions(conference=conference, by=chair)
    again = services.open_decisions(conference=conference, by=minute_taker)
    assert [d.pk for d in first] == [d.pk for d in again]
    assert {d.child for d in first} == {household["amelia"], household["noah"]}
    assert {d.status for d in first} == {DecisionStatus.DRAFT}


def test_views_are_tallied_and_dissent_needs_its_reason(amelias, minute_taker):
    give_views(amelias, by=minute_taker, views=[CP, CP, CIN, (NFA, "The family are engaging.")])
    counts = services.tally(amelias)
    assert (counts.child_protection_plan, counts.child_in_need_plan) == (2, 1)
    assert (counts.no_further_action, counts.dissenting, counts.total) == (1, 1, 4)
    assert counts.is_split and counts.majority is None
    dissent = ProfessionalView.objects.get(decision=amelias, dissent=True)
    assert dissent.dissent_reason == "The family are engaging."

    with pytest.raises(DecisionError) as error:
        services.record_professional_view(
            decision=amelias, by=minute_taker, name="GP", role="Health", view=NFA, dissent=True
        )
    assert error.value.field == "dissent_reason"


def test_giving_a_view_again_replaces_it(amelias, chair):
    services.record_professional_view(
        decision=amelias, by=chair, name="Hannah Visitor", role="Health visitor", view=CIN
    )
    services.record_professional_view(
        decision=amelias, by=chair, name="hannah visitor", role="Health Visitor", view=CP
    )
    view = ProfessionalView.objects.get(decision=amelias)
    assert view.view == CP
    assert view.history.count() == 2


def test_the_social_workers_recommendation(amelias, minute_taker):
    services.record_recommendation(decision=amelias, by=minute_taker, recommendation=CP)
    amelias.refresh_from_db()
    assert amelias.recommendation == CP and amelias.recommendation_by == minute_taker
    with pytest.raises(DecisionError):
        services.record_recommendation(decision=amelias, by=minute_taker, recommendation="maybe")


def test_only_the_chair_or_minute_taker_records(amelias, worker, coordinator):
    for user in (worker, coordinator):
        with pytest.raises(services.HoldingError):
            give_views(amelias, by=user, views=[CP])


# --- The chair's decision ------------------------------------------------------------------------


def test_overruling_the_majority_needs_a_reason(amelias, chair):
    give_views(amelias, by=chair, views=[CP, CP, CP, NFA])
    with pytest.raises(DecisionError) as error:
        decide(amelias, by=chair, outcome=NFA)
    assert error.value.field == "overrule_reason"
    assert "3 for a child protection plan" in error.value.message

    decided = decide(
        amelias, by=chair, outcome=NFA, overrule_reason="The risk was removed this week."
    )
    assert decided.overrode_majority
    assert decided.overrule_reason == "The risk was removed this week."


def test_deciding_with_the_majority_is_not_overruling(amelias, chair):
    give_views(amelias, by=chair, views=[CP, CP, NFA])
    decided = decide(amelias, by=chair, outcome=CP, overrule_reason="ignored")
    assert not decided.overrode_majority and decided.overrule_reason == ""


def test_a_plan_needs_a_category_and_the_decision_a_rationale(amelias, chair):
    with pytest.raises(DecisionError) as error:
        decide(amelias, by=chair, outcome=CP, category="")
    assert error.value.field == "category"
    with pytest.raises(DecisionError) as error:
        decide(amelias, by=chair, outcome=NFA, rationale="  ")
    assert error.value.field == "rationale"
    with pytest.raises(DecisionError) as error:
        decide(amelias, by=chair, secondary_factors=["astrology"])
    assert error.value.field == "secondary_factors"
    with pytest.raises(DecisionError) as error:
        decide(amelias, by=chair, actions=[{"what": "Attend parenting course", "who": ""}])
    assert error.value.field == "actions"


# --- Finalising ----------------------------------------------------------------------------------


def test_only_the_chair_can_finalise(amelias, chair, minute_taker, coordinator, worker):
    give_views(amelias, by=minute_taker, views=[CP, CP])
    decide(amelias, by=minute_taker)  # the minute taker types the chair's decision as it is made
    for user in (minute_taker, coordinator, worker):
        with pytest.raises(DecisionError) as error:
            services.finalise_decision(decision=amelias, by=user)
        assert "Only the conference's chair" in error.value.message
    amelias.refresh_from_db()
    assert amelias.status == DecisionStatus.DRAFT

    final = services.finalise_decision(decision=amelias, by=chair)
    assert final.status == DecisionStatus.FINALISED and final.finalised_by == chair
    with pytest.raises(DecisionError):
        decide(amelias, by=chair)  # a final decision is not changed


def test_a_decision_must_be_recorded_before_finalising(amelias, chair):
    with pytest.raises(DecisionError) as error:
        services.finalise_decision(decision=amelias, by=chair)
    assert "Record the decision" in error.value.message


def test_an_inquorate_conference_cannot_finalise_without_the_chairs_reason(
    conference_request, coordinator, chair, minute_taker
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )  # nobody but the chair and minute taker attended
    decision = services.open_decisions(conference=conference, by=chair)[0]
    give_views(decision, by=chair, views=[CP])
    decide(decision, by=chair)
    with pytest.raises(DecisionError) as error:
        services.finalise_decision(decision=decision, by=chair)
    assert "Not quorate" in error.value.message
    assert "must record why" in error.value.message

    services.record_quorate_reason(
        conference=conference, by=chair, reason="A baby known only to the health visitor."
    )
    assert services.finalise_decision(decision=decision, by=chair).is_final


def test_a_two_two_split_adjourns_with_an_interim_plan_and_a_qan(
    conference, decisions, amelias, chair, worker, manager
):
    give_views(amelias, by=chair, views=[CP, CP, CIN, NFA])
    decide(amelias, by=chair)
    with pytest.raises(DecisionError) as error:
        services.finalise_decision(decision=amelias, by=chair)
    assert "split 2-2" in error.value.message and "adjourn" in error.value.message

    adjourned = services.adjourn_conference(
        conference=conference, by=chair, reason="The views are split 2-2."
    )

    today = timezone.localdate()
    assert adjourned.adjourned_at is not None and adjourned.adjourned_by == chair
    assert adjourned.reconvene_by == calendar.add_working_days(today, 5)
    assert adjourned.status == ConferenceStatus.BOOKED  # it reconvenes
    deadline = _deadline(RuleCode.ADJOURN, conference)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.due_on == calendar.add_working_days(today, 5)
    for decision in ChildDecision.objects.filter(conference=conference):
        assert decision.status == DecisionStatus.ADJOURNED and decision.interim_plan
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.ADJOURNED)
    assert qan.deadline == deadline and qan.rule == RuleCode.ADJOURN
    assert qan.responsible == worker and qan.addressed_to == manager
    assert "interim plan" in qan.description and "split 2-2" in qan.description
    # Issue 17: each child is on an interim plan (a real plan record), none is active yet.
    assert sorted(ChildProtectionPlan.objects.values_list("status", flat=True)) == [
        "interim",
        "interim",
    ]

    with pytest.raises(DecisionError):
        services.adjourn_conference(conference=conference, by=chair, reason="Again")


def test_reconvening_after_an_adjournment_meets_adjourn(conference, chair):
    services.adjourn_conference(
        conference=conference, by=chair, reason="The police report is missing."
    )
    decide_every_child(conference, chair=chair)
    deadline = _deadline(RuleCode.ADJOURN, conference)
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert set(ChildDecision.objects.values_list("interim_plan", flat=True)) == {False}


def test_only_the_chair_adjourns_and_says_why(conference, minute_taker, chair):
    with pytest.raises(DecisionError):
        services.adjourn_conference(conference=conference, by=minute_taker, reason="Split")
    with pytest.raises(DecisionError) as error:
        services.adjourn_conference(conference=conference, by=chair, reason=" ")
    assert error.value.field == "reason"


# --- What finalising creates ---------------------------------------------------------------------


def test_finalising_a_cp_decision_creates_the_plan_from_the_conference(
    conference, amelias, chair, minute_taker, household
):
    dangers = add_danger_statements(conference, by=minute_taker, count=2)
    give_views(amelias, by=chair, views=[CP, CP, (NFA, "Mother is engaging well.")])
    decide(
        amelias,
        by=chair,
        category=PlanCategory.NEGLECT,
        secondary_factors=[SecondaryFactor.DOMESTIC_ABUSE],
        contingency_plan="If the parents fight again, the children stay with their grandmother.",
        visit_frequency_working_days=5,
        actions=[
            {
                "what": "Attend a parenting course",
                "who": "Sarah Jones",
                "danger_statement_position": 2,
            },
            {"what": "Weigh Amelia monthly", "who": "Health visitor"},
            {"what": "", "who": ""},  # an empty row of the form
        ],
    )
    assert OutlinePlanAction.objects.filter(decision=amelias).count() == 2

    final = services.finalise_decision(decision=amelias, by=chair)

    plan = ChildProtectionPlan.objects.get(child=household["amelia"])
    assert final.child_protection_plan == plan
    assert plan.started_by_conference == conference
    assert plan.category == PlanCategory.NEGLECT
    assert plan.secondary_factors == [SecondaryFactor.DOMESTIC_ABUSE]
    assert plan.visit_frequency_working_days == 5
    assert plan.contingency_plan.startswith("If the parents fight again")
    statements = list(plan.danger_statements.order_by("position"))
    assert [(s.text, s.safety_goal) for s in statements] == [
        (d.statement, d.safety_goal.goal) for d in dangers
    ]
    actions = {a.what: a for a in plan.actions.all()}
    assert actions["Attend a parenting course"].danger_statement == statements[1]
    assert actions["Weigh Amelia monthly"].danger_statement is None
    members = set(plan.core_group_members.values_list("name", flat=True))
    assert {"Sarah Jones", "Mark Jones", "Hannah Visitor", "Police representative"} <= members
    assert not {"Carol Chair", "Mina Minutes"} & members
    today = timezone.localdate()
    assert _deadline(RuleCode.CG_FIRST, plan).due_on == calendar.add_working_days(today, 10)
    assert _deadline(RuleCode.RCPC_FIRST, plan).due_on == calendar.add_months(today, 3)
    # Noah's decision is not final yet: the conference is still being held.
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.BOOKED


def test_child_in_need_and_no_further_action(conference, decisions, chair, household):
    amelia, noah = sorted(decisions, key=lambda d: d.child.legal_forename)
    give_views(amelia, by=chair, views=[CIN, CIN])
    decide(amelia, by=chair, outcome=CIN)
    services.finalise_decision(decision=amelia, by=chair)
    give_views(noah, by=chair, views=[NFA, NFA])
    decide(noah, by=chair, outcome=NFA)
    services.finalise_decision(decision=noah, by=chair)
    assert ChildInNeedPlan.objects.get().child == household["amelia"]
    assert not ChildProtectionPlan.objects.exists()
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD


def test_holding_the_conference_meets_icpc_due_and_opens_what_follows(
    conference, chair, minute_taker, enquiries
):
    decide_every_child(conference, chair=chair)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    for enquiry in enquiries:
        assert _deadline(RuleCode.ICPC_DUE, enquiry).status == DeadlineStatus.MET_ON_TIME
    today = timezone.localdate()
    recorded = _deadline(RuleCode.DECISION_RECORDED, conference)
    assert recorded.status == DeadlineStatus.MET_ON_TIME
    assert recorded.due_on == calendar.add_working_days(today, 1)
    outline = _deadline(RuleCode.OUTLINE_PLAN, conference)
    assert outline.status == DeadlineStatus.OPEN
    assert outline.due_on == calendar.add_working_days(today, 1)
    minutes = _deadline(RuleCode.MINUTES, conference)
    assert minutes.status == DeadlineStatus.OPEN and minutes.responsible == minute_taker
    assert minutes.due_on == calendar.add_working_days(today, 7)


def test_holding_the_icpc_on_working_day_16_meets_icpc_due_late(
    worker, household, coordinator, chair, minute_taker
):
    enquiries = enquiries_needing_conference(
        by=worker,
        children=[household["amelia"], household["noah"]],
        when=held_working_days_ago(16),
    )
    request = send_request(by=worker, enquiries=enquiries)
    conference = started_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        late_reason="The family were abroad.",
    )
    make_quorate(conference, by=chair)
    decide_every_child(conference, chair=chair)
    for enquiry in enquiries:
        deadline = _deadline(RuleCode.ICPC_DUE, enquiry)
        assert deadline.status == DeadlineStatus.MET_LATE
        assert timezone.localdate(deadline.met_at) == timezone.localdate()


def test_decisions_keep_their_history(amelias, chair):
    give_views(amelias, by=chair, views=[CP])
    decide(amelias, by=chair, rationale="First thoughts.")
    decide(amelias, by=chair, rationale="Second thoughts.")
    services.finalise_decision(decision=amelias, by=chair)
    history = list(amelias.history.order_by("history_date"))
    assert [h.rationale for h in history][-3:] == [
        "First thoughts.",
        "Second thoughts.",
        "Second thoughts.",
    ]
    assert history[-1].status == DecisionStatus.FINALISED
    assert {h.history_user for h in history[1:]} == {chair}


def test_finalising_from_the_page_is_one_action_a_refused_finalise_keeps_the_decision(
    conference, decisions, amelias, chair
):
    """The chair's "Save and finalise" is one call: a decision that cannot be recorded saves
    nothing; one that is recorded but refused finalising (a 2-2 split) stays recorded, not
    final, as the page always left it, for when the conference reconvenes."""
    give_views(amelias, by=chair, views=[CP, CP, CIN, NFA])
    ready_to_decide(conference)
    with pytest.raises(DecisionError, match="rationale"):
        services.decide_and_finalise(decision=amelias, by=chair, outcome=CIN, rationale="")
    amelias.refresh_from_db()
    assert amelias.outcome == "" and not amelias.is_final

    with pytest.raises(DecisionError, match="split 2-2"):
        services.decide_and_finalise(
            decision=amelias, by=chair, outcome=CIN, rationale="Support as a child in need."
        )
    amelias.refresh_from_db()
    assert amelias.outcome == CIN and not amelias.is_final
    assert amelias.finalised_at is None

    give_views(amelias, by=chair, views=[CIN])
    decided = services.decide_and_finalise(
        decision=amelias, by=chair, outcome=CIN, rationale="Support as a child in need."
    )
    assert decided.is_final and decided.outcome == CIN
