"""The pages of the conference being held: attendance with quoracy, and the Signs of Safety
record. Only the chair and the minute taker record; the conference service reads; others are
refused."""

import pytest

from accounts.models import RoleCode
from conferences.models import Attendance, AttendanceStatus, DangerStatement, SafetyScaleScore
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    bulk_attendance,
    move_to_today,
    started_conference,
)
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    return started_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )


def _statuses(conference, **override):
    data = {
        f"status_{row.pk}": override.get(row.name, row.status)
        for row in Attendance.objects.filter(conference=conference)
    }
    data["parents_met_chair_beforehand"] = "yes"
    for link in conference.conference_children.all():
        data[f"participation_{link.child_id}"] = "did_not_take_part"
        data[f"participation_reason_{link.child_id}"] = "Too young to take part"
    return data


def _record_url(conference):
    return f"/conferences/{conference.pk}/record/"


def test_the_chair_starts_the_conference_from_the_attendance_page(
    client, conference_request, coordinator, chair, minute_taker
):
    conference = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    move_to_today(conference)
    login(client, chair)
    page = client.get(f"/conferences/{conference.pk}/attendance/")
    assert "Start the conference" in page.content.decode()
    response = client.post(f"/conferences/{conference.pk}/attendance/", {"action": "start"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.started_by == chair
    page = client.get(f"/conferences/{conference.pk}/attendance/").content.decode()
    assert "Not quorate" in page and "Carol Chair" in page


def test_the_minute_taker_records_attendance_and_sees_quoracy(
    client, conference, minute_taker, worker
):
    login(client, minute_taker)
    data = _statuses(conference, **{worker.full_name: "attended", "Hannah Visitor": "attended"})
    data["action"] = "save"
    assert client.post(f"/conferences/{conference.pk}/attendance/", data).status_code == 302
    conference.refresh_from_db()
    assert conference.parents_met_chair_beforehand == "yes"
    page = client.get(f"/conferences/{conference.pk}/attendance/").content.decode()
    assert "only one agency other than children&#x27;s social care attended" in page
    # The minute taker does not see the chair's reason form.
    assert "Record the reason" not in page


def test_adding_someone_with_an_error_keeps_the_attendance_typed(client, conference, chair, worker):
    login(client, chair)
    data = _statuses(conference, **{worker.full_name: "attended"})
    data.update(
        {"action": "add", "add-name": "", "add-kind": "professional", "add-status": "attended"}
    )
    response = client.post(f"/conferences/{conference.pk}/attendance/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the person&#x27;s name" in page
    # The statuses typed were saved before the add failed.
    assert Attendance.objects.get(user=worker).status == AttendanceStatus.ATTENDED


def test_the_chair_records_why_an_inquorate_conference_proceeds(client, conference, chair):
    login(client, chair)
    url = f"/conferences/{conference.pk}/attendance/"
    assert "Record the reason" in client.get(url).content.decode()
    data = _statuses(conference)
    data.update({"action": "reason", "quorate-reason": "A baby known only to the health visitor"})
    assert client.post(url, data).status_code == 302
    conference.refresh_from_db()
    assert conference.quorate_reason == "A baby known only to the health visitor"


def test_the_minute_taker_cannot_record_the_chairs_reason(client, conference, minute_taker):
    login(client, minute_taker)
    data = _statuses(conference)
    data.update({"action": "reason", "quorate-reason": "Because"})
    assert client.post(f"/conferences/{conference.pk}/attendance/", data).status_code == 403


def test_a_fifth_danger_statement_is_refused_on_the_page_and_nothing_is_lost(
    client, conference, minute_taker
):
    login(client, minute_taker)
    for n in range(1, 5):
        response = client.post(
            _record_url(conference),
            {
                "action": "add_danger",
                "danger-statement": f"Danger {n}",
                "danger-safety_goal": f"Goal {n}",
            },
        )
        assert response.status_code == 302
    page = client.get(_record_url(conference)).content.decode()
    assert "All 4 danger statements are set" in page
    response = client.post(
        _record_url(conference),
        {
            "action": "add_danger",
            "worried_about_harm": "Typed during the meeting",
            "danger-statement": "A fifth danger",
            "danger-safety_goal": "A fifth goal",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_danger-statement"' in page
    assert 'id="id_danger-statement-error"' in page
    assert "A conference can set at most 4 danger statements" in page
    # Nothing typed is lost: the fifth is still in its box, the text was saved.
    assert "A fifth danger" in page and "A fifth goal" in page
    assert "Typed during the meeting" in page
    assert (
        conference.signs_of_safety.__class__.objects.get(conference=conference).worried_about_harm
        == "Typed during the meeting"
    )
    assert DangerStatement.objects.count() == 4


def _score_box(conference, child, position):
    """The form name of a child's score against a danger statement (issue 17 item 11)."""
    danger = DangerStatement.objects.get(record__conference=conference, position=position)
    return f"score-score_{child.pk}_{danger.pk}"


def test_a_score_outside_0_to_10_is_refused_on_the_page(client, conference, chair, household):
    from tests.factories.conferences import add_danger_statements

    add_danger_statements(conference, by=chair, count=2)
    amelia, noah = household["amelia"], household["noah"]
    login(client, chair)
    response = client.post(
        _record_url(conference),
        {
            "action": "add_score",
            "score-participant": "Sarah Jones",
            _score_box(conference, amelia, 1): "11",
        },
    )
    page = response.content.decode()
    box = _score_box(conference, amelia, 1).replace("score-", "", 1)
    assert "There is a problem" in page
    assert f'href="#id_score-{box}"' in page and f'id="id_score-{box}-error"' in page
    assert "Enter a score from 0 to 10" in page and 'value="Sarah Jones"' in page
    assert not SafetyScaleScore.objects.exists()
    # No score at all: the first box says so.
    response = client.post(
        _record_url(conference), {"action": "add_score", "score-participant": "Sarah Jones"}
    )
    assert "Enter a score for at least one danger statement" in response.content.decode()
    response = client.post(
        _record_url(conference),
        {
            "action": "add_score",
            "score-participant": "Sarah Jones",
            "score-role": "Mother",
            _score_box(conference, amelia, 1): "6",
            _score_box(conference, amelia, 2): "4",
            _score_box(conference, noah, 1): "8",
        },
    )
    assert response.status_code == 302
    assert SafetyScaleScore.objects.count() == 3
    page = client.get(_record_url(conference)).content.decode()
    assert "Safety scale for Amelia Jones, danger statement 1: Sarah Jones 6" in page
    assert "Safety scale for Noah Jones, danger statement 1: Sarah Jones 8" in page
    assert '<rect x="0" y="0.15" width="60"' in page


def test_the_chair_corrects_a_score_on_the_page_and_the_minute_taker_cannot(
    client, conference, chair, minute_taker, household
):
    from tests.factories.conferences import add_danger_statements

    add_danger_statements(conference, by=chair, count=1)
    amelia = household["amelia"]
    box = _score_box(conference, amelia, 1)
    login(client, minute_taker)
    scores = {"action": "add_score", "score-participant": "Pat Police", box: "3"}
    assert client.post(_record_url(conference), scores).status_code == 302
    page = client.get(_record_url(conference)).content.decode()
    assert "?correct=" not in page  # only the chair corrects
    response = client.post(_record_url(conference), {**scores, box: "7"})
    assert "Only the chair can correct it" in response.content.decode()
    assert SafetyScaleScore.objects.get().score == 3

    login(client, chair)
    page = client.get(_record_url(conference)).content.decode()
    assert 'href="?correct=Pat%20Police#record-scores"' in page
    page = client.get(_record_url(conference) + "?correct=Pat%20Police").content.decode()
    assert 'value="Pat Police"' in page and 'value="3"' in page
    assert client.post(_record_url(conference), {**scores, box: "5"}).status_code == 302
    row = SafetyScaleScore.objects.get()
    assert row.score == 5 and row.corrected_by == chair
    assert [h.score for h in row.history.order_by("history_id")] == [3, 5]
    assert "(corrected)" in client.get(_record_url(conference)).content.decode()


def test_a_childs_scores_are_locked_on_the_page_once_their_decision_is_finalised(
    client, conference, chair, household
):
    from conferences import scaling
    from tests.factories.conferences import (
        add_danger_statements,
        decide,
        give_views,
        make_quorate,
    )

    (danger,) = add_danger_statements(conference, by=chair, count=1)
    amelia, noah = household["amelia"], household["noah"]
    scaling.record_scale_score(
        conference=conference,
        by=chair,
        participant="Pat Police",
        score=3,
        danger_statement=danger,
        child=amelia,
    )
    make_quorate(conference, by=chair)
    from conferences import services

    decision = next(
        d
        for d in services.open_decisions(conference=conference, by=chair)
        if d.child_id == amelia.pk
    )
    give_views(decision, by=chair, views=["cp_plan"] * 3)
    decide(decision, by=chair)
    services.finalise_decision(decision=decision, by=chair)
    login(client, chair)
    page = client.get(_record_url(conference)).content.decode()
    assert "The decision for Amelia Jones is finalised" in page
    assert f'name="{_score_box(conference, amelia, 1)}"' not in page
    assert f'name="{_score_box(conference, noah, 1)}"' in page
    response = client.post(
        _record_url(conference),
        {
            "action": "add_score",
            "score-participant": "Pat Police",
            _score_box(conference, amelia, 1): "9",
        },
    )
    assert response.status_code == 200
    assert SafetyScaleScore.objects.get().score == 3


def test_a_danger_statement_is_changed_on_its_page(client, conference, chair):
    login(client, chair)
    client.post(
        _record_url(conference),
        {"action": "add_danger", "danger-statement": "Old", "danger-safety_goal": "Old goal"},
    )
    url = f"/conferences/{conference.pk}/record/danger-statements/1/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"statement": "New", "safety_goal": "New goal"})
    assert response.status_code == 302
    assert DangerStatement.objects.get().statement == "New"


def test_the_coordinator_reads_but_does_not_record(client, conference, coordinator):
    login(client, coordinator)
    assert client.get(_record_url(conference)).status_code == 200
    assert client.get(f"/conferences/{conference.pk}/attendance/").status_code == 200
    assert client.post(_record_url(conference), {"action": "save"}).status_code == 403
    page = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "Signs of Safety record" in page


def test_others_are_refused(client, conference, worker, household):
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    invited, _ = agency_professional_for(child=household["amelia"])
    from conferences.models import Invitation

    Invitation.objects.create(
        conference=conference,
        kind="professional",
        user=invited,
        name="Invited",
        connection="Health visitor",
        method="email",
    )
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    for user, status in ((other_chair, 403), (worker, 403), (invited, 403), (stranger, 404)):
        login(client, user)
        for url in (_record_url(conference), f"/conferences/{conference.pk}/attendance/"):
            assert client.get(url).status_code == status, (user, url)
            assert client.post(url, {"action": "save"}).status_code == status, (user, url)


def test_the_minute_taker_opens_the_conference_page(client, conference, minute_taker):
    login(client, minute_taker)
    page = client.get(f"/conferences/{conference.pk}/")
    assert page.status_code == 200
    assert "Attendance and quoracy" in page.content.decode()


def test_the_pages_take_a_bounded_number_of_queries_with_30_attendees(
    client, conference, chair, django_assert_max_num_queries
):
    from conferences import services

    bulk_attendance(conference=conference, count=30)
    for n in range(4):
        services.add_danger_statement(
            conference=conference, by=chair, statement=f"D{n}", safety_goal=f"G{n}"
        )
    from conferences.scaling import record_scale_scores

    dangers = list(DangerStatement.objects.filter(record__conference=conference))
    children = [link.child for link in conference.conference_children.all()]
    for n in range(30):
        record_scale_scores(
            conference=conference,
            by=chair,
            participant=f"P{n}",
            role="R",
            scores=[
                {"danger_statement": danger, "child": child, "score": n % 11}
                for danger in dangers
                for child in children
            ],
        )
    login(client, chair)
    with django_assert_max_num_queries(25):
        page = client.get(f"/conferences/{conference.pk}/attendance/")
    assert page.content.decode().count('name="status_') == Attendance.objects.count()
    with django_assert_max_num_queries(25):
        page = client.get(_record_url(conference))
    assert page.content.decode().count("<rect") == 30 * len(dangers) * len(children)
