"""The Quality Assurance notification inbox and the page of each notification: who sees what,
the acknowledge → explain → close steps through the pages, errors shown GOV.UK style, history,
and query counts that do not grow with the number of notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleCode
from children.models import NamedAccess
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import breached_deadline_with_qan, bulk_qans, qan_for
from timescales.models import QanStatus, QualityAssuranceNotification

pytestmark = pytest.mark.django_db

INBOX = reverse("timescales:qan-inbox")


def detail(qan):
    return reverse("timescales:qan-detail", args=[qan.pk])


def step(qan, name):
    return reverse(f"timescales:qan-{name}", args=[qan.pk])


def listed(response) -> list[int]:
    return [qan.pk for qan in response.context["page"].object_list]


@pytest.fixture
def people():
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sita Service")
    team_manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], line_manager=service_manager, full_name="Tom Manager"
    )
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], full_name="Olive Other")
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=TeamFactory(),
        line_manager=team_manager,
        full_name="Wes Worker",
    )
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], line_manager=other_manager)
    qa = UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn Assurance")
    return {
        "sm": service_manager,
        "tm": team_manager,
        "other_tm": other_manager,
        "sw": worker,
        "other_sw": other_worker,
        "qa": qa,
    }


@pytest.fixture
def qan(people):
    return qan_for(responsible=people["sw"], child=ChildFactory(), raised_by=people["qa"])


# --- The inbox ------------------------------------------------------------------------------------


def test_a_manager_sees_the_notifications_sent_to_them_and_not_others(client, people, qan):
    others = qan_for(responsible=people["other_sw"])
    login(client, people["tm"])
    response = client.get(INBOX)
    assert response.status_code == 200
    assert listed(response) == [qan.pk]
    assert qan.reference in response.content.decode()
    assert others.reference not in response.content.decode()


def test_the_qa_manager_sees_every_notification(client, people, qan):
    others = qan_for(responsible=people["other_sw"])
    login(client, people["qa"])
    response = client.get(INBOX)
    assert listed(response) == [others.pk, qan.pk]  # newest first
    assert "Tom Manager" in response.content.decode()  # who each was sent to


def test_the_inbox_filters_by_status_and_hides_closed_by_default(client, people, qan):
    closed = qan_for(responsible=people["sw"])
    QualityAssuranceNotification.objects.filter(pk=closed.pk).update(status=QanStatus.CLOSED)
    explained = qan_for(responsible=people["sw"])
    QualityAssuranceNotification.objects.filter(pk=explained.pk).update(status=QanStatus.EXPLAINED)
    login(client, people["tm"])
    assert listed(client.get(INBOX)) == [explained.pk, qan.pk]
    assert listed(client.get(INBOX, {"status": "closed"})) == [closed.pk]
    assert listed(client.get(INBOX, {"status": "explained"})) == [explained.pk]
    assert listed(client.get(INBOX, {"status": "open"})) == [qan.pk]
    assert listed(client.get(INBOX, {"status": "all"})) == [explained.pk, closed.pk, qan.pk]


def test_the_inbox_shows_what_each_notification_is_about(client, people):
    child = ChildFactory(legal_forename="Mia", legal_surname="Hart")
    deadline, breach = breached_deadline_with_qan(responsible=people["sw"], child=child)
    login(client, people["tm"])
    content = client.get(INBOX).content.decode()
    for text in (
        breach.reference,
        "Timescale breached",
        "Mia Hart",
        "Initial conference held",
        "Wes Worker",
        "govuk-tag--red",
    ):
        assert text in content


@pytest.mark.parametrize(
    "roles", [[RoleCode.SOCIAL_WORKER], [RoleCode.AGENCY_PROFESSIONAL], [RoleCode.CHAIR]]
)
def test_people_who_are_not_managers_have_no_inbox(client, make_user, roles):
    login(client, make_user(*roles))
    assert client.get(INBOX).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, qan):
    for path in (INBOX, detail(qan)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


# --- Who may see a notification -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["tm", "qa", "sw"])
def test_the_addressee_the_qa_manager_and_the_person_responsible_may_see_it(
    client, people, qan, who
):
    login(client, people[who])
    assert client.get(detail(qan)).status_code == 200


@pytest.mark.parametrize("who", ["other_tm", "sm", "other_sw"])
def test_anyone_else_is_refused(client, people, qan, who):
    login(client, people[who])
    assert client.get(detail(qan)).status_code == 403
    for name in ("acknowledge", "explain", "close"):
        assert client.post(step(qan, name), {"explanation": "x", "note": "x"}).status_code == 403
    qan.refresh_from_db()
    assert qan.status == QanStatus.OPEN


def test_a_missing_notification_is_not_found(client, people):
    login(client, people["qa"])
    assert client.get(reverse("timescales:qan-detail", args=[999999])).status_code == 404


def test_the_person_responsible_sees_it_but_cannot_act(client, people, qan):
    login(client, people["sw"])
    content = client.get(detail(qan)).content.decode()
    assert "Save explanation" not in content and "Acknowledge" not in content
    assert client.post(step(qan, "acknowledge")).status_code == 403
    assert client.post(step(qan, "explain"), {"explanation": "Mine"}).status_code == 403


def test_the_page_says_everything_about_it(client, people):
    child = ChildFactory(legal_forename="Mia", legal_surname="Hart")
    deadline, breach = breached_deadline_with_qan(responsible=people["sw"], child=child)
    login(client, people["tm"])
    content = client.get(detail(breach)).content.decode()
    for text in (
        breach.reference,
        "Timescale breached",
        "Mia Hart",
        reverse("children:detail", args=[child.pk]),
        "Initial conference held",
        f"Due {deadline.due_on.day} {deadline.due_on:%B %Y}",
        "Breached",
        "Wes Worker",
        "Tom Manager",
        people["sw"].team.name,
        "by the scheduler",
    ):
        assert text in content, text


def test_a_restricted_childs_name_is_hidden_from_people_not_named(client, people):
    child = ChildFactory(legal_forename="Secret", legal_surname="Name", is_restricted=True)
    hidden = qan_for(responsible=people["sw"], child=child)
    login(client, people["tm"])
    assert "Secret Name" not in client.get(detail(hidden)).content.decode()
    assert "Secret Name" not in client.get(INBOX).content.decode()
    NamedAccess.objects.create(child=child, user=people["tm"], reason="Line manager")
    assert "Secret Name" in client.get(detail(hidden)).content.decode()


# --- The steps ---------------------------------------------------------------------------------------


def test_acknowledge_explain_and_close_through_the_pages(client, people, qan):
    login(client, people["tm"])
    response = client.post(step(qan, "acknowledge"), follow=True)
    assert response.redirect_chain[-1][0] == detail(qan)
    assert f"You acknowledged Quality Assurance notification {qan.reference}" in (
        response.content.decode()
    )
    qan.refresh_from_db()
    assert qan.status == QanStatus.ACKNOWLEDGED and qan.acknowledged_by == people["tm"]

    explanation = "The chair was unwell; the core group met weekly so the child was seen."
    response = client.post(step(qan, "explain"), {"explanation": explanation}, follow=True)
    assert explanation in response.content.decode()
    qan.refresh_from_db()
    assert qan.status == QanStatus.EXPLAINED and qan.explained_by == people["tm"]
    # Only the QA manager closes.
    assert "Close the notification" not in response.content.decode()
    assert client.post(step(qan, "close"), {"note": "Agreed"}).status_code == 403

    login(client, people["qa"])
    assert "Close the notification" in client.get(detail(qan)).content.decode()
    response = client.post(step(qan, "close"), {"note": "Explanation accepted."}, follow=True)
    assert "Explanation accepted." in response.content.decode()
    qan.refresh_from_db()
    assert qan.status == QanStatus.CLOSED and qan.closed_by == people["qa"]
    content = client.get(detail(qan)).content.decode()
    assert "Save explanation" not in content and "Close the notification" not in content


def test_the_qa_manager_may_act_on_any_notification(client, people, qan):
    login(client, people["qa"])
    client.post(step(qan, "explain"), {"explanation": "Checked with the team."})
    qan.refresh_from_db()
    assert qan.status == QanStatus.EXPLAINED and qan.explained_by == people["qa"]


def test_an_empty_explanation_is_shown_as_an_error_on_the_page(client, people, qan):
    login(client, people["tm"])
    response = client.post(step(qan, "explain"), {"explanation": "   "})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert (
        content.count("Enter an explanation of what happened and how the child was kept safe") == 2
    )  # in the summary and next to the field
    assert 'id="id_explanation-error"' in content
    assert "<title>Error:" in content
    qan.refresh_from_db()
    assert qan.status == QanStatus.OPEN


def test_a_refusal_from_the_service_is_shown_and_the_typed_text_kept(client, people, qan):
    login(client, people["qa"])
    # Closing before an explanation is refused by timescales.services, next to the note.
    QualityAssuranceNotification.objects.filter(pk=qan.pk).update(status=QanStatus.EXPLAINED)
    qan.refresh_from_db()
    page = client.get(detail(qan)).content.decode()
    assert "Close the notification" in page
    QualityAssuranceNotification.objects.filter(pk=qan.pk).update(status=QanStatus.ACKNOWLEDGED)
    response = client.post(step(qan, "close"), {"note": "My careful note"})
    content = response.content.decode()
    message = "An explanation must be given before the notification can be closed"
    assert content.count(message) == 2
    assert 'id="id_note-error"' in content
    assert "My careful note" in content


def test_acknowledging_twice_is_refused_with_the_services_message(client, people, qan):
    login(client, people["tm"])
    client.post(step(qan, "acknowledge"))
    response = client.post(step(qan, "acknowledge"))
    assert "This notification has already been acknowledged" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_the_steps_only_accept_posts(client, people, qan):
    login(client, people["tm"])
    assert client.get(step(qan, "acknowledge")).status_code == 405


def test_history_lists_who_moved_it_on_and_when(client, people, qan):
    login(client, people["tm"])
    client.post(step(qan, "acknowledge"))
    client.post(step(qan, "explain"), {"explanation": "Because."})
    login(client, people["qa"])
    client.post(step(qan, "close"), {"note": "Fine."})
    history = client.get(detail(qan)).context["history"]
    assert [(entry.what, entry.who) for entry in history] == [
        ("Raised", "Quinn Assurance"),
        ("Acknowledged", "Tom Manager"),
        ("Explanation given", "Tom Manager"),
        ("Closed", "Quinn Assurance"),
    ]
    assert "Explanation given" in client.get(detail(qan)).content.decode()


def test_history_of_a_breach_says_the_scheduler_raised_it(client, people):
    _, breach = breached_deadline_with_qan(responsible=people["sw"])
    login(client, people["tm"])
    history = client.get(detail(breach)).context["history"]
    assert [(entry.what, entry.who) for entry in history] == [("Raised", "The scheduler")]


# --- Query counts -----------------------------------------------------------------------------------


def _count(client, path, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query or {})
    assert response.status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow_with_the_number_of_notifications(client, people):
    child = ChildFactory(is_restricted=True)
    common = {"responsible": people["sw"], "child": child}
    bulk_qans(10, addressed_to=people["tm"], **common)
    for user in (people["tm"], people["qa"]):
        login(client, user)
        client.get(INBOX)  # warm the content types and sessions
    counts_with_ten = []
    for user in (people["tm"], people["qa"]):
        login(client, user)
        counts_with_ten.append(_count(client, INBOX))
    bulk_qans(990, addressed_to=people["tm"], **common)
    counts_with_a_thousand = []
    for user in (people["tm"], people["qa"]):
        login(client, user)
        counts_with_a_thousand.append(_count(client, INBOX))
    assert counts_with_ten == counts_with_a_thousand
    assert len(listed(client.get(INBOX))) == 50


def test_detail_query_count_does_not_grow_with_the_length_of_its_history(client, people, qan):
    login(client, people["qa"])
    client.get(detail(qan))
    short = _count(client, detail(qan))
    for number in range(10):
        qan.explanation = f"Version {number}"
        qan.explained_by = people["tm"]
        qan.save()
    assert _count(client, detail(qan)) == short
