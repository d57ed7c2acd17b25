"""The home page is each role's work list (ADR 30): what each role sees waiting, that each row
links to where the work is done, that a child or conference outside the user's scope is never
listed, and that the page reads the same number of queries with 10 and with 10,000 children."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Child
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from core import worklists
from plans.models import ChildProtectionPlan, PlanCategory
from reports.models import (
    AgencyReport,
    ConferenceMinutes,
    MinutesStatus,
    SocialWorkReport,
    SocialWorkReportStatus,
)
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory, FamilyLinkFactory, bulk_children
from tests.factories.clock import PINNED
from tests.factories.conferences import booked_conference, conference_request_for
from tests.factories.plans import review_conference
from tests.factories.reports import professional_invitation
from tests.factories.timescales import bulk_deadlines, bulk_qans, open_deadline_due, qan_for
from timescales.indicators import two_years_before
from timescales.models import Deadline, RuleCode

pytestmark = pytest.mark.django_db


def child(forename, surname, **kwargs):
    made = ChildFactory(legal_forename=forename, legal_surname=surname, **kwargs)
    FamilyLinkFactory(child=made)
    return made


@pytest.fixture
def authority():
    return build_authority()


def build_authority():
    """One of everything each role waits for, and the same again about a restricted child
    nobody here is named on (so it must never be listed)."""
    north = TeamFactory(name="North Assessment")
    people = {
        "tm": UserFactory(roles=[RoleCode.TEAM_MANAGER], team=north, full_name="Tara Manager"),
        "sm": UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service"),
        "hos": UserFactory(roles=[RoleCode.HEAD_OF_SERVICE], full_name="Hana Head"),
        "qa": UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn QA"),
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "chair": UserFactory(roles=[RoleCode.CHAIR], full_name="Chris Chair"),
        "minute_taker": UserFactory(roles=[RoleCode.MINUTE_TAKER]),
    }
    sw = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=north, line_manager=people["tm"], full_name="Sal W"
    )
    people["sw"] = sw
    amelia = child("Amelia", "Jones", lead_social_worker=sw)
    ben = child("Ben", "Smith", lead_social_worker=sw)
    zara = child("Zara", "Hidden", lead_social_worker=sw, is_restricted=True)

    # Amelia's request waits in the queue; Ben's conference is booked.
    conference_request_for(by=sw, children=[amelia])
    conference = booked_conference(
        request=conference_request_for(by=sw, children=[ben]),
        coordinator=people["coordinator"],
        chair=people["chair"],
        minute_taker=people["minute_taker"],
    )
    agency_user = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], full_name="Pat Police")
    people["agency"] = agency_user
    professional_invitation(conference, user=agency_user)
    reported = professional_invitation(conference, name="Nora Nurse")
    AgencyReport.objects.create(
        invitation=reported,
        conference=conference,
        may_share_with_family=True,
        submitted_by=people["coordinator"],
        involvement="Monthly home visits.",
        worries="Missed health appointments.",
    )
    SocialWorkReport.objects.create(
        conference=conference,
        author=sw,
        status=SocialWorkReportStatus.AWAITING_SIGN_OFF,
        submitted_at=timezone.now(),
    )
    # A conference about Zara for the same chair and minute taker: out of their scope.
    review_conference(
        child=zara,
        chair=people["chair"],
        minute_taker=people["minute_taker"],
        starts_at=conference.starts_at + datetime.timedelta(days=1),
        started=False,
    )
    # A held review of Amelia with no minutes yet, and one of Ben's with minutes for the chair.
    review_conference(child=amelia, chair=people["chair"], minute_taker=people["minute_taker"])
    review_conference(child=zara, chair=people["chair"], minute_taker=people["minute_taker"])
    with_chair = review_conference(child=ben, chair=people["chair"])
    ConferenceMinutes.objects.create(
        conference=with_chair,
        status=MinutesStatus.WITH_CHAIR,
        drafted_by=people["minute_taker"],
        submitted_to_chair_at=timezone.now(),
    )
    # A postponement the service manager agreed, not re-booked.
    postponed = review_conference(
        child=ben,
        chair=people["chair"],
        starts_at=conference.starts_at + datetime.timedelta(days=7),
        started=False,
    )
    type(postponed).objects.filter(pk=postponed.pk).update(
        status=ConferenceStatus.POSTPONED,
        change_agreed_by=people["sm"],
        change_reason="The family's solicitor could not attend.",
        changed_at=timezone.now(),
    )
    # A late first core group with a reason given; the same for Zara.
    for about in (amelia, zara):
        late = open_deadline_due(-2, rule=RuleCode.CG_FIRST, child=about, responsible=sw)
        Deadline.objects.filter(pk=late.pk).update(delay_reason="The family was away.")
    # QANs about Sal's work, addressed to Tara (Sal's line manager).
    qan_for(responsible=sw, child=amelia)
    qan_for(responsible=sw, child=zara)
    # Plans close to two years.
    for about in (amelia, zara):
        ChildProtectionPlan.objects.create(
            child=about,
            started_on=two_years_before(timezone.localdate()) + datetime.timedelta(days=30),
            started_by_conference=conference,
            category=PlanCategory.NEGLECT,
        )
    return people


def lists(client, user) -> dict[str, list[str]]:
    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    found = {}
    for section in response.context["sections"]:
        for work in section["work_lists"]:
            found[work.slug] = [item.text for item in work.items]
            for item in work.items:
                assert item.href.startswith("/"), "every row links to where the work is done"
    return found


def test_the_social_worker_sees_their_children_with_what_is_next(client, authority):
    found = lists(client, authority["sw"])
    assert sorted(found["your-children"]) == ["Amelia Jones", "Ben Smith"]
    assert "Zara Hidden" not in str(found)
    login(client, authority["sw"])
    response = client.get("/")
    children = {
        item.text: item
        for section in response.context["sections"]
        for work in section["work_lists"]
        if work.slug == "your-children"
        for item in work.items
    }
    # Amelia's overdue core group comes first, and says so.
    assert found["your-children"][0] == "Amelia Jones"
    assert children["Amelia Jones"].overdue
    assert "Next deadline: First core group meeting" in children["Amelia Jones"].details
    assert any(d.startswith("Conference: ") for d in children["Ben Smith"].details)
    booked = Conference.objects.get(
        kind=ConferenceKind.INITIAL, conference_children__child__legal_forename="Ben"
    )
    assert ("Conference", f"/conferences/{booked.pk}/") in children["Ben Smith"].links
    # Sal's own deadlines: the ICPCs of both requests and Amelia's core group (not Zara's).
    assert "First core group meeting" in found["your-deadlines"]
    assert (
        len(found["your-deadlines"])
        == Deadline.objects.filter(responsible=authority["sw"], status__in=["open", "breached"])
        .exclude(child__legal_forename="Zara")
        .count()
    )


def test_the_team_manager_sees_sign_offs_waiting(client, authority):
    found = lists(client, authority["tm"])
    assert len(found["strategy-records"]) == 2  # Amelia's and Ben's, not Zara's
    assert found["reports-to-sign-off"] == [
        "Social work report for initial child protection conference"
    ]
    assert found["delays-to-sign-off"] == ["First core group meeting"]  # not Zara's
    assert len(found["open-qans"]) == 1  # the one about Amelia


def test_the_service_manager_sees_postponements_and_qans(client, authority):
    found = lists(client, authority["sm"])
    assert found["postponements"] == ["Review child protection conference"]
    assert found["open-qans"] == []  # addressed to Tara, not to them


def test_the_qa_manager_sees_every_open_qan_they_may_see_and_long_plans(client, authority):
    found = lists(client, authority["qa"])
    assert len(found["open-qans"]) == 1
    assert found["long-plans"] == ["Amelia Jones"]


def test_the_head_of_service_sees_plans_reaching_two_years(client, authority):
    assert lists(client, authority["hos"])["long-plans"] == ["Amelia Jones"]


def test_the_coordinator_sees_the_queue_and_unbooked_reviews(client, authority):
    found = lists(client, authority["coordinator"])
    assert found["request-queue"] == ["Amelia Jones"]
    assert found["reviews-to-book"] == ["Amelia Jones"]
    assert found["conferences-to-book"] == ["Ben Smith"]  # the postponed review


def test_the_coordinator_sees_transfer_ins_until_their_conference_is_booked(client, authority):
    from conferences.services import arrange_transfer_in_conference, book_conference
    from plans.models import TransferIn
    from plans.services import record_transfer_in
    from tests.factories.conferences import working_day_at

    worker = Child.objects.get(legal_forename="Amelia").lead_social_worker
    moved = {}
    for forename in ("Maya", "Zed"):
        moved[forename] = child(
            forename, "Newcomer", lead_social_worker=worker, is_restricted=forename == "Zed"
        )
        if forename == "Zed":  # the recorder is named on the restricted record, nobody else
            from children.models import NamedAccess

            NamedAccess.objects.create(child=moved[forename], user=worker, granted_by=worker)
        record_transfer_in(
            child=moved[forename],
            by=worker,
            previous_authority="Somerset Council",
            previous_plan_started_on=timezone.localdate() - datetime.timedelta(days=60),
            previous_plan_category=PlanCategory.NEGLECT,
            moved_in_on=timezone.localdate(),
            notified_on=timezone.localdate(),
        )
    coordinator = authority["coordinator"]
    assert lists(client, coordinator)["transfer-ins-to-arrange"] == ["Maya Newcomer"]
    conference = arrange_transfer_in_conference(
        transfer_in=TransferIn.objects.get(child=moved["Maya"]),
        chair=authority["chair"],
        by=coordinator,
    )
    assert lists(client, coordinator)["transfer-ins-to-arrange"] == ["Maya Newcomer"]
    book_conference(
        conference=conference,
        starts_at=working_day_at(9, hour=15),
        online_link="https://meet.example/t",
        by=coordinator,
    )
    assert lists(client, coordinator)["transfer-ins-to-arrange"] == []


def test_the_chair_sees_their_conferences_reports_to_read_and_minutes(client, authority):
    login(client, authority["chair"])
    response = client.get("/")
    by_slug = {w.slug: w for s in response.context["sections"] for w in s["work_lists"]}
    chaired = by_slug["conferences-you-chair"].items
    # Today's two reviews, Ben's initial conference, then the postponed review; never Zara's.
    assert [item.text for item in chaired] == [
        "Ben Smith",
        "Amelia Jones",
        "Ben Smith",
        "Ben Smith",
    ]
    initial = chaired[2]
    assert initial.details[0] == "Initial child protection conference"
    assert initial.links == [
        ("1 report to read", f"/reports/conferences/{initial.href.split('/')[2]}/")
    ]
    assert [i.text for i in by_slug["minutes-to-approve"].items] == [
        "Minutes of the review child protection conference"
    ]
    assert "Zara" not in response.content.decode()


def test_the_minute_taker_sees_minutes_to_draft(client, authority):
    found = lists(client, authority["minute_taker"])
    assert found["minutes-to-draft"] == ["Amelia Jones"]
    assert found["conferences-you-minute"] == ["Ben Smith"]


def test_the_agency_professional_sees_invitations_and_reports_due(client, authority):
    found = lists(client, authority["agency"])
    assert found["your-invitations"] == ["Initial child protection conference"]
    assert found["reports-due"] == ["Report for the initial child protection conference"]


def test_someone_named_on_the_restricted_record_sees_it(client, authority):
    from children.models import NamedAccess

    zara = Child.objects.get(legal_forename="Zara")
    NamedAccess.objects.create(child=zara, user=authority["sw"], granted_by=authority["tm"])
    assert "Zara Hidden" in lists(client, authority["sw"])["your-children"]


def test_a_list_shows_at_most_the_limit_and_says_there_is_more(client, social_worker):
    bulk_deadlines(worklists.LIMIT + 5, responsible=social_worker)
    login(client, social_worker)
    response = client.get("/")
    [deadlines] = [
        w
        for s in response.context["sections"]
        for w in s["work_lists"]
        if w.slug == "your-deadlines"
    ]
    assert len(deadlines.items) == worklists.LIMIT and deadlines.more
    assert f"Your deadlines: the first {worklists.LIMIT}" in response.content.decode()


def test_each_list_is_shown_once_for_someone_with_several_roles(client, make_user):
    user = make_user(RoleCode.TEAM_MANAGER, RoleCode.SOCIAL_WORKER, RoleCode.QA_MANAGER)
    login(client, user)
    response = client.get("/")
    slugs = [w.slug for s in response.context["sections"] for w in s["work_lists"]]
    assert len(slugs) == len(set(slugs))
    assert "your-deadlines" in slugs and "open-qans" in slugs


# --- Query count: the same with 10 and with 10,000 children ----------------------------------------


def _grow(user, children: int):
    """The authority grows to `children` children, all the user's, with deadlines, QANs and plans."""
    made = bulk_children(children - Child.objects.count())
    Child.objects.filter(pk__in=[c.pk for c in made]).update(lead_social_worker=user)
    bulk_deadlines(len(made) // 10, responsible=user)
    bulk_qans(len(made) // 10, addressed_to=user)
    conference = review_conference(child=made[0], chair=user, started=False)
    ChildProtectionPlan.objects.bulk_create(
        [
            ChildProtectionPlan(
                child=c,
                started_on=two_years_before(timezone.localdate()),
                started_by_conference=conference,
                category=PlanCategory.NEGLECT,
            )
            for c in made[: len(made) // 10]
        ]
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


def test_the_work_lists_read_the_same_queries_for_10_and_10000_children(client, make_user):
    everyone = make_user(*RoleCode.values, team=TeamFactory())
    login(client, everyone)
    _grow(everyone, 10)
    client.get("/")  # warm the per-process caches
    small = _queries(client)
    _grow(everyone, 10_000)
    assert Child.objects.count() == 10_000
    large = _queries(client)
    # A list marked rows_when costs no query while it is empty and its own once it has rows
    # (ADR 81): the count depends on which lists have rows, never on how many.
    marked = {
        build
        for builds in worklists.ROLE_WORKLISTS.values()
        for build in builds
        if hasattr(build, "rows_when")
    }
    assert small <= large <= small + len(marked)
    assert large < 60


def test_a_childs_next_conference_is_the_soonest_booked_one_still_to_come():
    """Read by the child alone and chosen in Python (issue 25): a conference booked for earlier
    today still counts, one booked for yesterday, one already started and a held one do not."""
    from conferences.models import ConferenceChild
    from core.worklists.social_worker import _next_conferences
    from tests.factories.conferences import bulk_booked_conferences

    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR])
    now = PINNED  # the clock fixture's moment: Wednesday 11 March 2026, 10:00 in London
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    earlier_today, yesterday, started, held, later, soonest = bulk_booked_conferences(
        count=6, by=coordinator, chair=chair
    )
    child_id = ConferenceChild.objects.get(conference=soonest).child_id
    ConferenceChild.objects.filter(
        conference__in=[earlier_today, yesterday, started, held, later]
    ).update(child_id=child_id)
    # Each would come first if it counted; a minute long each, so the chair is never double-booked.
    starts = {
        held: midnight + datetime.timedelta(minutes=1),
        started: midnight + datetime.timedelta(minutes=2),
        earlier_today: midnight + datetime.timedelta(minutes=5),
        yesterday: midnight - datetime.timedelta(hours=1),
        soonest: midnight + datetime.timedelta(days=2),
        later: midnight + datetime.timedelta(days=30),
    }
    for conference, starts_at in starts.items():
        conference.starts_at = starts_at
        conference.ends_at = starts_at + datetime.timedelta(minutes=1)
    started.started_at = now
    held.status = ConferenceStatus.HELD
    Conference.objects.bulk_update(
        [earlier_today, yesterday, started, held, later, soonest],
        ["starts_at", "ends_at", "started_at", "status"],
    )
    assert _next_conferences([child_id], now) == {
        child_id: (earlier_today.pk, earlier_today.starts_at)
    }
    earlier_today.started_at = now  # under way: no longer to come
    earlier_today.save(update_fields=["started_at"])
    assert _next_conferences([child_id], now) == {child_id: (soonest.pk, soonest.starts_at)}
    assert _next_conferences([], now) == {}


def test_the_chairs_two_lists_of_conferences_read_them_once_a_moment(authority):
    """The lists "Conferences you chair" and the meetings with the family share one read of the chair's
    conferences on a page (issue 25); another moment (another page) reads them afresh, so a
    meeting recorded since is never shown as still to record."""
    from conferences.worklists import family_meetings_to_record
    from core.worklists.chair import chairs_open_conferences, conferences_you_chair

    chair = authority["chair"]
    now = PINNED  # the clock fixture's moment
    with CaptureQueriesContext(connection) as first:
        chaired = conferences_you_chair(chair, now)
    with CaptureQueriesContext(connection) as second:
        family_meetings_to_record(chair, now)
    conference_reads = [q for q in second if 'FROM "conferences_conference"' in q["sql"]]
    assert conference_reads == []
    assert len(second) < len(first)
    assert chaired.items
    later = now + datetime.timedelta(seconds=1)
    Conference.objects.filter(chair=chair).update(chair=UserFactory(roles=[RoleCode.CHAIR]))
    assert chairs_open_conferences(chair, now)  # this page's moment: as read
    assert chairs_open_conferences(chair, later) == []
    assert conferences_you_chair(chair, later).items == []
