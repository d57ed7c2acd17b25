"""Issue 17 item 11, scaling as the procedure asks (004 chairs' item 8, social workers' item 6): a
safety scale for each danger statement and its safety goal, for each child. Every participant's
score is against a danger statement for a child of the conference; a second score is the chair's
correction, kept in history; once the child's decision is finalised, their scores are locked."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.sites import site
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from conferences import scaling, services
from conferences.models import DangerStatement, SafetyScaleScore, SignsOfSafetyRecord
from tests.factories.conferences import (
    add_danger_statements,
    decide,
    give_views,
    make_quorate,
    started_conference,
)
from tests.shared_world import shareable

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    """Amelia and Noah's initial conference, started, with two danger statements."""
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    add_danger_statements(conference, by=chair, count=2)
    return conference


@shareable
def dangers(conference):
    return list(
        SignsOfSafetyRecord.objects.get(conference=conference).danger_statements.order_by(
            "position"
        )
    )


def _score(conference, by, danger, child, score, participant="Sarah Jones", **kwargs):
    return scaling.record_scale_score(
        conference=conference,
        by=by,
        participant=participant,
        role="Mother",
        score=score,
        danger_statement=danger,
        child=child,
        **kwargs,
    )


def test_each_score_is_against_a_danger_statement_for_a_child(
    conference, dangers, household, minute_taker
):
    amelia, noah = household["amelia"], household["noah"]
    rows = scaling.record_scale_scores(
        conference=conference,
        by=minute_taker,
        participant="Hannah Visitor",
        role="Health visitor",
        scores=[
            {"danger_statement": dangers[0], "child": amelia, "score": 4},
            {"danger_statement": dangers[1], "child": amelia, "score": "6"},
            {"danger_statement": dangers[0], "child": noah, "score": 7},
        ],
        comment="Needs to see the parents apart",
    )
    assert [(row.danger_statement, row.child, row.score) for row in rows] == [
        (dangers[0], amelia, 4),
        (dangers[1], amelia, 6),
        (dangers[0], noah, 7),
    ]
    assert all(row.history.latest().history_user == minute_taker for row in rows)
    scales = scaling.conference_scales(
        SignsOfSafetyRecord.objects.get(conference=conference), [amelia, noah], dangers
    )
    assert [[len(s.scores) for s in entry.scales] for entry in scales.children] == [[1, 1], [1, 0]]


def test_a_score_needs_a_danger_statement_and_a_child_of_this_conference(
    conference, dangers, household, chair, conference_request, coordinator, worker
):
    amelia = household["amelia"]
    with pytest.raises(services.HoldingError) as error:
        _score(conference, chair, None, amelia, 5)
    assert error.value.field == "danger_statement"
    with pytest.raises(services.HoldingError) as error:
        _score(conference, chair, dangers[0], None, 5)
    assert error.value.field == "child"
    # Another conference's danger statement, and a child this conference is not about.
    from tests.factories.children import ChildFactory

    stranger = ChildFactory(lead_social_worker=worker)
    other = DangerStatement(record=dangers[0].record)  # a pk of no statement of this record
    other.pk = 10**6
    with pytest.raises(services.HoldingError, match="danger statement of this conference"):
        _score(conference, chair, other, amelia, 5)
    with pytest.raises(services.HoldingError, match="child of this conference") as error:
        _score(conference, chair, dangers[0], stranger, 5)
    assert error.value.field == "child"
    assert not SafetyScaleScore.objects.exists()


def test_the_chair_corrects_a_score_and_history_keeps_the_first(
    conference, dangers, household, chair, minute_taker
):
    amelia, noah = household["amelia"], household["noah"]
    first = _score(conference, minute_taker, dangers[0], amelia, 3)
    _score(conference, minute_taker, dangers[0], noah, 3)  # another child: its own score
    _score(conference, minute_taker, dangers[1], amelia, 3)  # another danger: its own score
    corrected = _score(conference, chair, dangers[0], amelia, 5, participant="sarah jones ")
    assert corrected.pk == first.pk
    first.refresh_from_db()
    assert (first.score, first.corrected_by, first.participant) == (5, chair, "Sarah Jones")
    history = list(first.history.order_by("history_id"))
    assert [row.score for row in history] == [3, 5]
    assert history[-1].history_user == chair
    assert history[-1].history_change_reason == scaling.CORRECTED_REASON
    assert SafetyScaleScore.objects.count() == 3


def test_only_the_chair_corrects_a_score(conference, dangers, household, minute_taker):
    amelia = household["amelia"]
    _score(conference, minute_taker, dangers[0], amelia, 3)
    with pytest.raises(services.HoldingError, match="Only the chair can correct it") as error:
        _score(conference, minute_taker, dangers[0], amelia, 8)
    assert error.value.field == scaling.score_field_name(amelia.pk, dangers[0].pk)
    # Saying the same score again changes nothing.
    _score(conference, minute_taker, dangers[0], amelia, 3)
    row = SafetyScaleScore.objects.get()
    assert row.score == 3 and row.history.count() == 1


def test_the_database_holds_one_score_per_participant_danger_statement_and_child(
    conference, dangers, household, chair
):
    amelia = household["amelia"]
    row = _score(conference, chair, dangers[0], amelia, 3)
    for kwargs in (
        {"participant": "SARAH JONES", "danger_statement": dangers[0], "child": amelia},
        {"participant": "Sarah Jones", "danger_statement": dangers[1], "child": None},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SafetyScaleScore.objects.create(record=row.record, score=4, **kwargs)
    # An overall score recorded before per-danger scaling still holds, as recorded.
    SafetyScaleScore.objects.create(record=row.record, participant="Sarah Jones", score=4)


def test_scores_are_all_or_nothing(conference, dangers, household, chair):
    amelia = household["amelia"]
    with pytest.raises(services.HoldingError) as error:
        scaling.record_scale_scores(
            conference=conference,
            by=chair,
            participant="Pat Police",
            scores=[
                {"danger_statement": dangers[0], "child": amelia, "score": 4},
                {"danger_statement": dangers[1], "child": amelia, "score": 11},
            ],
        )
    assert error.value.field == scaling.score_field_name(amelia.pk, dangers[1].pk)
    assert not SafetyScaleScore.objects.exists()


def test_scores_are_locked_once_the_childs_decision_is_finalised(
    conference, dangers, household, chair
):
    amelia, noah = household["amelia"], household["noah"]
    _score(conference, chair, dangers[0], amelia, 3)
    make_quorate(conference, by=chair)
    decisions = {d.child_id: d for d in services.open_decisions(conference=conference, by=chair)}
    decision = decisions[amelia.pk]
    give_views(decision, by=chair, views=["cp_plan"] * 3)
    decide(decision, by=chair)
    services.finalise_decision(decision=decision, by=chair)
    with pytest.raises(services.HoldingError, match="Amelia Jones is finalised"):
        _score(conference, chair, dangers[0], amelia, 6)
    with pytest.raises(services.HoldingError, match="finalised"):
        _score(conference, chair, dangers[1], amelia, 6, participant="Pat Police")
    assert SafetyScaleScore.objects.get(child=amelia).score == 3
    # Noah's decision is still open: his scores are still recorded and corrected.
    _score(conference, chair, dangers[0], noah, 4)
    assert _score(conference, chair, dangers[0], noah, 5).score == 5


def test_the_admin_cannot_write_a_score(conference, dangers, household, chair):
    """The admin reads scores; recording and correcting go through conferences.scaling."""
    from accounts.models import User

    row = _score(conference, chair, dangers[0], household["amelia"], 3)
    admin = site._registry[SafetyScaleScore]
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser(email="root@test.example", password="x" * 20)
    assert not admin.has_add_permission(request)
    assert not admin.has_delete_permission(request, row)
    readonly = set(admin.get_readonly_fields(request, row))
    assert {"score", "participant", "danger_statement", "child", "record"} <= readonly


def test_the_minutes_give_the_scores_per_child_and_danger_statement(
    conference, dangers, household, chair, minute_taker
):
    from reports import services as report_services

    amelia, noah = household["amelia"], household["noah"]
    _score(conference, chair, dangers[0], amelia, 3, comment="Needs to see calm at home")
    _score(conference, chair, dangers[1], amelia, 5)
    _score(conference, chair, dangers[0], noah, 6, participant="Pat Police")
    # A score recorded before per-danger scaling keeps its record, shown as an overall score.
    SafetyScaleScore.objects.create(record=dangers[0].record, participant="Gina GP", score=4)
    minutes = report_services.start_minutes(conference=conference, by=minute_taker)
    text = minutes.sections.get(heading="Safety scale").text
    assert text == (
        "Amelia Jones:\n"
        f"Danger statement 1 ({dangers[0].statement}):\n"
        "- Sarah Jones (Mother): 3. Needs to see calm at home\n"
        f"Danger statement 2 ({dangers[1].statement}):\n"
        "- Sarah Jones (Mother): 5\n\n"
        "Noah Jones:\n"
        f"Danger statement 1 ({dangers[0].statement}):\n"
        "- Pat Police (Mother): 6\n\n"
        "Overall score (recorded before per-danger scaling):\n"
        "- Gina GP: 4"
    )


def test_core_group_scaling_is_per_danger_statement_of_the_childs_plan(
    conference, household, worker
):
    """Core group scaling has the same shape: one score against each danger statement of the
    child's own plan at a meeting; another child's danger statement is refused."""
    from coreGroups import services as core_group_services
    from coreGroups.models import DangerStatementScaling
    from tests.factories.plans import plan_from

    amelias, noahs = (
        plan_from(conference=conference, child=household[name]) for name in ("amelia", "noah")
    )
    meeting = core_group_services.plan_meeting(
        plan=amelias, held_at=WEDNESDAY - datetime.timedelta(minutes=10), by=worker
    )
    with pytest.raises(core_group_services.CoreGroupError, match="not on this plan"):
        core_group_services.record_meeting(
            meeting=meeting,
            by=worker,
            scaling=[{"danger_statement": noahs.danger_statements.first(), "score": 5}],
        )
    first = amelias.danger_statements.first()
    with pytest.raises(core_group_services.CoreGroupError, match="scored twice"):
        core_group_services.record_meeting(
            meeting=meeting,
            by=worker,
            scaling=[
                {"danger_statement": first, "score": 5},
                {"danger_statement": first, "score": 6},
            ],
        )
    assert not DangerStatementScaling.objects.exists()
    core_group_services.record_meeting(
        meeting=meeting,
        by=worker,
        scaling=[
            {"danger_statement": row, "score": 5 + n}
            for n, row in enumerate(amelias.danger_statements.order_by("position"))
        ],
    )
    assert [
        (row.danger_statement.plan_id, row.score)
        for row in DangerStatementScaling.objects.order_by("danger_statement__position")
    ] == [(amelias.pk, 5), (amelias.pk, 6)]
