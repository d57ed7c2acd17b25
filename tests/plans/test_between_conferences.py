"""Between conferences (issue 7 part 5): the chair of the plan's last conference (or a QA manager)
writes the mid-way review note; a drift flag is raised before the third review conference (issue
17: when it is booked, or 6 weeks before it is due; more in test_drift_review.py), and the child's
team manager's review clears it; both are on the plan page and in history.
And the safety scale history on the plan page: an SVG chart with the same numbers in a table."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from conferences import scaling
from conferences import services as conference_services
from conferences.models import Conference, ConferenceStatus
from plans import page_selectors, services
from plans.models import DriftFlag, MidwayReviewNote
from plans.services import PlanError
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.coreGroups import held_meeting
from tests.factories.plans import review_conference

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _note(plan, by, **overrides):
    kwargs = {
        "plan": plan,
        "by": by,
        "is_progressing": True,
        "review_date_right": True,
        "note": "The parents have started the programme; the network meets weekly.",
        "escalation": "",
    }
    kwargs.update(overrides)
    return services.write_midway_note(**kwargs)


def _later_review(child, chair, minutes_ahead=100):
    """A review held after the plan's conference (which runs until 90 minutes from now)."""
    return review_conference(
        child=child,
        chair=chair,
        starts_at=timezone.now() + datetime.timedelta(minutes=minutes_ahead),
    )


# --- The mid-way review note ---------------------------------------------------------------------


def test_the_chair_of_the_plans_conference_writes_the_midway_note(plan, chair, conference):
    note = _note(plan, chair)
    assert note.conference_id == conference.pk
    assert note.written_by == chair
    assert note.history.count() == 1


def test_after_a_review_only_that_reviews_chair_writes_the_note(plan, child, chair):
    review_chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rhea Review")
    review = _later_review(child, review_chair)
    services.continue_plan_at_review(plan=plan, conference=review, held_on=TODAY(), by=review_chair)
    with pytest.raises(PlanError, match="Only the chair of the plan's last conference"):
        _note(plan, chair)
    assert _note(plan, review_chair).conference_id == review.pk


def test_a_qa_manager_writes_the_note_and_others_may_not(plan, worker, manager):
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    assert _note(plan, qa).written_by == qa
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    for user in (worker, manager, other_chair):
        with pytest.raises(PlanError):
            _note(plan, user)
    assert MidwayReviewNote.objects.count() == 1


def test_a_wrong_review_date_needs_the_escalation(plan, chair):
    with pytest.raises(PlanError) as refused:
        _note(plan, chair, review_date_right=False)
    assert refused.value.field == "escalation"
    with pytest.raises(PlanError) as refused:
        _note(plan, chair, note="  ")
    assert refused.value.field == "note"
    note = _note(
        plan,
        chair,
        review_date_right=False,
        escalation="Asked the coordinator to bring it forward.",
    )
    assert note.escalation.startswith("Asked")


def test_the_note_page_shows_errors_and_saves_to_the_plan_page(client, plan, chair, worker):
    url = reverse("plans:midway-note", args=[plan.pk])
    login(client, chair)
    response = client.post(
        url, {"is_progressing": "yes", "review_date_right": "no", "note": "Slow."}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Say what you have escalated about the review date" in html
    assert "Slow.</textarea>" in html
    response = client.post(
        url,
        {
            "is_progressing": "no",
            "review_date_right": "no",
            "note": "Little change since the conference.",
            "escalation": "Asked for an earlier review.",
        },
    )
    assert response.status_code == 302
    html = unescape(
        login(client, worker).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    assert "Little change since the conference." in html
    assert "Asked for an earlier review." in html
    assert reverse("plans:midway-note", args=[plan.pk]) not in html  # the worker may not write


def test_only_the_chair_opens_the_note_page(client, plan, worker):
    assert (
        login(client, worker).get(reverse("plans:midway-note", args=[plan.pk])).status_code == 403
    )


# --- The drift flag before the third review ---------------------------------------------------


def _continue(plan, child, times):
    """Reviews held that continue the plan (concluded: no longer waiting to be held)."""
    reviews = []
    for _ in range(times):
        chair = UserFactory(roles=[RoleCode.CHAIR])
        review = _later_review(
            child, chair, minutes_ahead=100 + 5 * (len(reviews) + plan.reviews_held)
        )
        services.continue_plan_at_review(plan=plan, conference=review, held_on=TODAY(), by=chair)
        Conference.objects.filter(pk=review.pk).update(status=ConferenceStatus.HELD)
        plan.refresh_from_db()
        reviews.append(review)
    return reviews


def _third_review_scheduled(plan, child, coordinator):
    """Two reviews held, and the third review conference scheduled: the drift flag is raised."""
    _continue(plan, child, 2)
    return conference_services.schedule_review_conference(plan=plan, by=coordinator)


def test_holding_the_third_review_raises_no_flag_it_was_raised_when_scheduled(
    plan, child, coordinator
):
    """Issue 17 changed the rule: the flag is raised before the third review (when scheduled or
    booked), not when it is held."""
    _continue(plan, child, 2)
    assert plan.reviews_held == 2
    assert not DriftFlag.objects.filter(plan=plan).exists()
    third = conference_services.schedule_review_conference(plan=plan, by=coordinator)
    flag = DriftFlag.objects.get(plan=plan)
    assert flag.is_open
    assert flag.raised_by_conference == third
    assert flag.raised_on == TODAY()
    _continue(plan, child, 2)
    assert DriftFlag.objects.filter(plan=plan).count() == 1


def test_a_plan_held_to_its_third_review_without_scheduling_it_has_no_flag(plan, child):
    """The old rule (raised when the third review was held) no longer holds."""
    _continue(plan, child, 3)
    assert not DriftFlag.objects.filter(plan=plan).exists()


def test_the_team_manager_review_clears_the_flag_and_is_in_history(
    plan, child, manager, worker, coordinator
):
    _third_review_scheduled(plan, child, coordinator)
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    for user in (worker, other_manager):
        with pytest.raises(PlanError, match="Only the child's team manager"):
            services.record_drift_review(plan=plan, by=user, note="Fine.")
    with pytest.raises(PlanError) as refused:
        services.record_drift_review(plan=plan, by=manager, note=" ")
    assert refused.value.field == "note"
    flag = services.record_drift_review(
        plan=plan, by=manager, note="Not drifting: the parents engage."
    )
    assert not flag.is_open
    assert flag.reviewed_by == manager
    history = list(flag.history.order_by("history_date"))
    assert [row.reviewed_by_id for row in history] == [None, manager.pk]
    assert history[-1].history_user == manager
    with pytest.raises(PlanError, match="no drift flag waiting"):
        services.record_drift_review(plan=plan, by=manager, note="Again.")


def test_a_plan_without_a_flag_has_nothing_to_review(plan, manager):
    with pytest.raises(PlanError, match="no drift flag waiting"):
        services.record_drift_review(plan=plan, by=manager, note="Nothing.")


def test_the_plan_page_shows_the_flag_and_the_team_managers_review(
    client, plan, child, manager, worker, coordinator
):
    _third_review_scheduled(plan, child, coordinator)
    url = reverse("plans:detail", args=[plan.pk])
    html = unescape(login(client, worker).get(url).content.decode())
    assert (
        "Drift review: the team manager must review the plan in supervision before its third"
        in html
    )
    assert reverse("plans:drift-review", args=[plan.pk]) not in html
    assert (
        login(client, worker).get(reverse("plans:drift-review", args=[plan.pk])).status_code == 403
    )
    login(client, manager)
    assert reverse("plans:drift-review", args=[plan.pk]) in client.get(url).content.decode()
    response = client.post(reverse("plans:drift-review", args=[plan.pk]), {"note": ""})
    assert "Enter your review of the plan" in unescape(response.content.decode())
    response = client.post(reverse("plans:drift-review", args=[plan.pk]), {"note": "No drift."})
    assert response.status_code == 302
    html = unescape(client.get(url).content.decode())
    assert "Drift review: the team manager must" not in html
    assert f"Reviewed by {manager.full_name}" in html
    assert "No drift." in html


# --- The safety scale chart -------------------------------------------------------------------------


def _conference_dangers(conference, chair):
    """The conference's own danger statements, worded as the plan's (it started the plan)."""
    from tests.factories.plans import DANGER_STATEMENTS

    return [
        conference_services.add_danger_statement(
            conference=conference, by=chair, statement=statement, safety_goal=goal
        )
        for statement, goal in DANGER_STATEMENTS
    ]


def test_the_scale_history_has_a_line_for_each_danger_statement(
    plan, child, conference, chair, worker
):
    """Issue 17 item 11 changed this rule: a conference's scores are averaged per danger
    statement, and the chart has a line per danger statement (before, one line of averages)."""
    dangers = _conference_dangers(conference, chair)
    for participant, first, second in (("Sarah Jones", 3, 6), ("Hannah Visitor", 4, 8)):
        scaling.record_scale_scores(
            conference=conference,
            by=chair,
            participant=participant,
            scores=[
                {"danger_statement": dangers[0], "child": child, "score": first},
                {"danger_statement": dangers[1], "child": child, "score": second},
            ],
        )
    statements = list(plan.danger_statements.order_by("position"))
    held_meeting(
        plan=plan,
        by=worker,
        held_at=timezone.now() - datetime.timedelta(minutes=5),
        scaling=[
            {"danger_statement": statements[0], "score": 6},
            {"danger_statement": statements[1], "score": 7},
        ],
    )
    points = page_selectors.scale_history(plan)
    assert sorted((point.kind, point.series, point.value) for point in points) == sorted(
        [
            ("conference", statements[0].pk, 3.5),
            ("conference", statements[1].pk, 7.0),
            ("core_group", statements[0].pk, 6),
            ("core_group", statements[1].pk, 7),
        ]
    )
    chart = page_selectors.plan_page(worker, plan.pk).scale
    assert [line.label for line in chart.series] == ["Danger statement 1", "Danger statement 2"]
    assert [[point.value for point in line.points] for line in chart.series] == [[3.5, 6], [7, 7]]
    assert all(line.path.startswith("M") for line in chart.series)
    assert len({(line.colour, line.dash) for line in chart.series}) == 2
    assert [[cell.detail for cell in event.cells] for event in chart.events] == [
        ["3.5", "7"],
        ["6", "7"],
    ]


def test_scores_from_before_per_danger_scaling_are_a_line_of_their_own(
    plan, child, conference, chair, worker
):
    from conferences.models import SafetyScaleScore, SignsOfSafetyRecord

    record = SignsOfSafetyRecord.objects.get(conference=conference)
    SafetyScaleScore.objects.create(record=record, participant="Sarah Jones", score=2)
    chart = page_selectors.plan_page(worker, plan.pk).scale
    assert [(line.label, [p.value for p in line.points]) for line in chart.series] == [
        ("Overall score (recorded before per-danger scaling)", [2])
    ]


def test_the_plan_page_draws_one_line_per_danger_statement_with_a_table_of_the_same_numbers(
    client, plan, child, conference, chair, worker
):
    dangers = _conference_dangers(conference, chair)
    scaling.record_scale_score(
        conference=conference,
        by=chair,
        participant="Sarah Jones",
        score=2,
        danger_statement=dangers[0],
        child=child,
    )
    held_meeting(plan=plan, by=worker, held_at=timezone.now() - datetime.timedelta(minutes=20))
    html = unescape(
        login(client, worker).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    assert '<svg class="app-scale-chart"' in html
    assert 'role="img" aria-labelledby="scale-chart-title scale-chart-desc"' in html
    assert "2 lines, one for each danger statement, over 2 conferences" in html
    assert html.count('class="app-scale-chart__line"') == 2
    assert ">Danger statement 1</th>" in html and ">Danger statement 2</th>" in html
    assert "<script" not in html.split('id="safety-scale"')[1].split("</table>")[0]


def test_the_plan_page_reads_the_same_queries_with_a_long_scale_history(
    client, plan, worker, django_assert_max_num_queries
):
    url = reverse("plans:detail", args=[plan.pk])
    login(client, worker)
    held_meeting(plan=plan, by=worker, held_at=timezone.now() - datetime.timedelta(minutes=20))
    # 30: issue 22 adds the specialist assessments, the Family Group Conference, the open
    # early-review prompts and the early reviews (one query each).
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for n in range(2, 8):
        held_meeting(
            plan=plan, by=worker, held_at=timezone.now() - datetime.timedelta(minutes=20 - n)
        )
    with django_assert_max_num_queries(30) as large:
        html = client.get(url).content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
    # Issue 17 item 11: a point for each danger statement (2) at each of 7 meetings, and the key.
    assert html.count("<rect ") == 15
