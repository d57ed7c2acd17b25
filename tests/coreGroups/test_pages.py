"""The core group and visit pages: planning and recording a meeting, the meeting's record and
sharing it, visits; who may open them (page not found outside the plan's scope, forbidden for
someone who may see the plan but not act); the plan page's section; a fixed number of queries."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.models import ChildRecordView
from coreGroups import services
from coreGroups.models import CoreGroupMeeting, MeetingAddition, MeetingStatus, Visit
from plans.models import CoreGroupMember, Source
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.clock import PINNED
from tests.factories.conferences import agency_professional_for
from tests.factories.coreGroups import held_meeting
from tests.factories.plans import bulk_actions_and_members
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


def _date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _planned(plan, worker):
    return services.plan_meeting(
        plan=plan, held_at=PINNED - datetime.timedelta(minutes=10), by=worker
    )


def test_the_plan_page_links_to_core_groups_and_visits(client, plan, worker):
    html = unescape(
        login(client, worker).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    assert "Core group meetings" in html
    assert reverse("coreGroups:plan_meeting", args=[plan.pk]) in html
    assert reverse("coreGroups:record_visit", args=[plan.pk]) in html


def test_planning_a_meeting_defaults_the_first_chair_to_the_team_manager(
    client, plan, worker, manager
):
    url = reverse("coreGroups:plan_meeting", args=[plan.pk])
    response = login(client, worker).get(url)
    assert response.status_code == 200
    assert f'<option value="{manager.pk}" selected>' in response.content.decode()
    day = timezone.localdate()
    response = client.post(
        url, {**_date_fields("date", day), "time": "9am", "chaired_by": worker.pk, "venue": ""}
    )
    assert response.status_code == 200
    assert "chaired by a social work team manager" in unescape(response.content.decode())
    response = client.post(
        url, {**_date_fields("date", day), "time": "9am", "chaired_by": manager.pk, "venue": "Home"}
    )
    meeting = CoreGroupMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("coreGroups:meeting", args=[meeting.pk])
    assert meeting.chaired_by == manager and meeting.venue == "Home"


def test_recording_a_meeting_through_the_page(client, plan, worker, manager):
    meeting = _planned(plan, worker)
    url = reverse("coreGroups:record", args=[meeting.pk])
    response = login(client, worker).get(url)
    assert response.status_code == 200
    members = list(CoreGroupMember.objects.filter(plan=plan))
    actions = list(plan.actions.all())
    statements = list(plan.danger_statements.all())
    local = timezone.localtime(meeting.held_at)
    data = {
        **_date_fields("date", local.date()),
        "time": local.strftime("%H:%M"),
        "decisions": "Meet again in six weeks.",
        "other_name": "Gran Jones",
        "other_role": "Grandmother",
    }
    # Nothing typed is lost when a field is wrong.
    bad = {**data, f"score_{statements[0].pk}": "11"}
    response = client.post(url, bad)
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert "Select whether" in html
    assert "Meet again in six weeks." in html and "Gran Jones" in html
    data.update({f"attendance_{m.pk}": "attended" for m in members})
    data.update({f"progress_{a.pk}": "in_progress" for a in actions})
    data[f"score_{statements[0].pk}"] = "7"
    response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendance.count() == len(members) + 1
    assert meeting.scaling.get().score == 7
    assert meeting.progress.count() == len(actions)
    first = Deadline.objects.get(rule=RuleCode.CG_FIRST, subject_id=plan.pk)
    assert first.status == DeadlineStatus.MET_ON_TIME
    html = unescape(client.get(reverse("coreGroups:meeting", args=[meeting.pk])).content.decode())
    assert "Meet again in six weeks." in html and "Gran Jones" in html


def test_adding_a_danger_statement_and_an_action_at_a_meeting(client, plan, worker):
    meeting = _planned(plan, worker)
    login(client, worker)
    response = client.post(
        reverse("coreGroups:add_danger_statement", args=[meeting.pk]),
        {"text": "Amelia may miss school.", "safety_goal": ""},
    )
    assert "Enter the safety goal" in response.content.decode()
    response = client.post(
        reverse("coreGroups:add_danger_statement", args=[meeting.pk]),
        {"text": "Amelia may miss school.", "safety_goal": "Amelia goes every day."},
    )
    assert response.url == reverse("coreGroups:record", args=[meeting.pk])
    statement = plan.danger_statements.get(source=Source.CORE_GROUP)
    response = client.post(
        reverse("coreGroups:add_action", args=[meeting.pk]),
        {"what": "Walk Amelia to school", "who": "Gran", "danger_statement": statement.pk},
    )
    assert response.status_code == 302
    assert MeetingAddition.objects.filter(meeting=meeting).count() == 2
    html = unescape(client.get(reverse("coreGroups:meeting", args=[meeting.pk])).content.decode())
    assert "Walk Amelia to school" in html and "Amelia may miss school." in html


def test_sharing_from_the_meeting_page(
    client, plan, worker, child, django_capture_on_commit_callbacks
):
    professional, _ = agency_professional_for(child=child, email="hv@test.example")
    CoreGroupMember.objects.create(plan=plan, name="Hannah Prof", user=professional)
    meeting = held_meeting(plan=plan, by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, worker).post(reverse("coreGroups:share", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.shared_at is not None
    assert "Share with members again" in client.get(response.url).content.decode()


def test_recording_a_visit_through_the_page(client, plan, worker):
    url = reverse("coreGroups:record_visit", args=[plan.pk])
    login(client, worker)
    today = timezone.localdate()
    response = client.post(
        url, {**_date_fields("visited_on", today), "child_seen": "no", "notes": "Door"}
    )
    html = unescape(response.content.decode())
    assert "Enter why the child was not seen" in html and "Door" in html
    response = client.post(
        url, {**_date_fields("visited_on", today), "child_seen": "yes", "seen_alone": "yes"}
    )
    assert response.url == reverse("coreGroups:visits", args=[plan.pk])
    visit = Visit.objects.get()
    assert visit.child_seen and visit.seen_alone and visit.visited_by == worker
    html = client.get(response.url).content.decode()
    assert "Yes, alone" in html
    assert ChildRecordView.objects.filter(user=worker, what="Social work visits").exists()


# --- Access ----------------------------------------------------------------------------------------


def test_an_agency_member_reads_the_meeting_record_but_not_the_visits(client, plan, worker, child):
    professional, _ = agency_professional_for(child=child)
    CoreGroupMember.objects.create(plan=plan, name="Prof", user=professional)
    meeting = held_meeting(plan=plan, by=worker, decisions="Keep the plan")
    login(client, professional)
    response = client.get(reverse("coreGroups:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep the plan" in html
    assert "Share with members" not in html
    assert ChildRecordView.objects.filter(user=professional, what="Core group meeting").exists()
    assert client.get(reverse("coreGroups:record", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("coreGroups:share", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("coreGroups:visits", args=[plan.pk])).status_code == 403
    assert client.get(reverse("coreGroups:plan_meeting", args=[plan.pk])).status_code == 403
    plan_html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Core group meetings" in plan_html and "Record a visit" not in plan_html
    assert reverse("coreGroups:visits", args=[plan.pk]) not in plan_html


def test_an_agency_professional_outside_the_core_group_gets_page_not_found(
    client, plan, worker, child
):
    professional, _ = agency_professional_for(child=child)
    meeting = held_meeting(plan=plan, by=worker)
    login(client, professional)
    for url in (
        reverse("coreGroups:meeting", args=[meeting.pk]),
        reverse("coreGroups:record", args=[meeting.pk]),
        reverse("coreGroups:visits", args=[plan.pk]),
        reverse("coreGroups:record_visit", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("coreGroups:meeting", args=[987654])).status_code == 404


def test_another_social_worker_may_read_but_not_act(client, plan, worker):
    other = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    meeting = _planned(plan, worker)
    login(client, other)
    assert client.get(reverse("coreGroups:meeting", args=[meeting.pk])).status_code == 200
    for url in (
        reverse("coreGroups:record", args=[meeting.pk]),
        reverse("coreGroups:add_action", args=[meeting.pk]),
        reverse("coreGroups:plan_meeting", args=[plan.pk]),
        reverse("coreGroups:record_visit", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 403


def test_the_team_manager_records_visits_and_meetings(client, plan, manager):
    login(client, manager)
    assert client.get(reverse("coreGroups:record_visit", args=[plan.pk])).status_code == 200
    assert client.get(reverse("coreGroups:plan_meeting", args=[plan.pk])).status_code == 200


# --- Queries ---------------------------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_meeting_page_reads_a_fixed_number_of_queries(
    client, plan, worker, django_assert_max_num_queries
):
    login(client, worker)
    small_meeting = held_meeting(
        plan=plan, by=worker, held_at=PINNED - datetime.timedelta(minutes=180)
    )
    small = _queries(
        client,
        django_assert_max_num_queries,
        reverse("coreGroups:meeting", args=[small_meeting.pk]),
        20,
    )
    bulk_actions_and_members(plan=plan, actions=17, members=8)  # 20 actions, 10 members
    assert plan.actions.count() == 20
    assert CoreGroupMember.objects.filter(plan=plan, is_active=True).count() == 10
    large_meeting = held_meeting(plan=plan, by=worker)
    url = reverse("coreGroups:meeting", args=[large_meeting.pk])
    large = _queries(client, django_assert_max_num_queries, url, 20)
    assert large == small
    html = client.get(url).content.decode()
    assert "Action 16" in html
    record_url = reverse("coreGroups:record", args=[_planned(plan, worker).pk])
    _queries(client, django_assert_max_num_queries, record_url, 20)
    plan_url = reverse("plans:detail", args=[plan.pk])
    # As the plan page test: the child's views (21), the duties and the early reviews (22).
    _queries(client, django_assert_max_num_queries, plan_url, 30)
