"""The Contextual Safeguarding Conference pages (issue 22 item 5): the child's page links to ask
for one (only for those who may) and to the conference and plan; each form shows a GOV.UK error
summary with the field's message on bad input; the service's refusal shows next to its field;
an invited agency professional reads the conference and plan and nothing of another young
person; work lists link to the pages; each page issues a bounded number of queries whatever the
number of rows. Synthetic data only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from contextual.models import ContextualConference, CscStatus, ViewKind
from core.worklists import work_lists_for
from tests.auth import login
from tests.factories.children import ChildFactory
from tests.factories.clock import PINNED
from tests.factories.conferences import agency_professional_for
from tests.factories.contextual import (
    add_outcome,
    booked_csc,
    held_csc_with_plan,
    requested_csc,
)
from timescales.selectors import deadlines_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def booked(child, worker, coordinator, chair, police):
    return booked_csc(
        conference=requested_csc(child=child, by=worker),
        coordinator=coordinator,
        chair=chair,
        professionals=[police],
    )


@pytest.fixture
def plan(child, worker, coordinator, chair, police):
    return held_csc_with_plan(
        child=child, worker=worker, coordinator=coordinator, chair=chair, professionals=[police]
    ).plan


def test_the_child_page_links_to_ask_only_for_a_social_worker(client, child, worker, chair):
    url = reverse("contextual:request", args=[child.pk])
    assert (
        url
        in login(client, worker).get(reverse("children:detail", args=[child.pk])).content.decode()
    )
    html = login(client, chair).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Contextual safeguarding" in html and url not in html


def test_the_social_worker_asks_and_the_child_page_links_to_the_conference(client, child, worker):
    response = login(client, worker).post(
        reverse("contextual:request", args=[child.pk]),
        {"harms": ["criminal_exploitation"], "concerns": "Found with cash and two phones."},
    )
    conference = ContextualConference.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("contextual:detail", args=[conference.pk])
    html = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert reverse("contextual:detail", args=[conference.pk]) in html
    assert reverse("contextual:request", args=[child.pk]) not in html  # one open at a time


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"concerns": "x"}, "Select the harm outside the family the young person is at risk of"),
        ({"harms": ["sexual_exploitation"]}, "Enter the concerns about the young person"),
        ({"harms": ["sexual_exploitation"], "concerns": "x" * 5001}, "5000 characters or fewer"),
    ],
)
def test_bad_request_shows_the_error_summary(client, child, worker, data, message):
    response = login(client, worker).post(reverse("contextual:request", args=[child.pk]), data)
    html = response.content.decode().replace(",", "")
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html


def test_a_second_request_is_refused_on_the_page(client, child, worker):
    requested_csc(child=child, by=worker)
    response = login(client, worker).post(
        reverse("contextual:request", args=[child.pk]),
        {"harms": ["criminal_exploitation"], "concerns": "x"},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert "already requested or booked" in response.content.decode()


def test_the_coordinator_books_with_a_chair_and_invites(
    client, child, worker, coordinator, chair, police
):
    conference = requested_csc(child=child, by=worker)
    url = reverse("contextual:book", args=[conference.pk])
    response = login(client, coordinator).post(url, {"venue": "Room 1"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Select an independent chair" in html
    day = TODAY() + datetime.timedelta(days=7)
    response = client.post(
        url,
        {
            "chair": chair.pk,
            **_date("date", day),
            "start_time": "10am",
            "venue": "Room 1",
            "professionals": [police.pk],
        },
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == CscStatus.BOOKED and conference.chair == chair


def test_a_past_date_is_refused_next_to_the_date(client, child, worker, coordinator, chair):
    conference = requested_csc(child=child, by=worker)
    response = login(client, coordinator).post(
        reverse("contextual:book", args=[conference.pk]),
        {
            "chair": chair.pk,
            **_date("date", TODAY() - datetime.timedelta(days=1)),
            "start_time": "10am",
            "venue": "Room 1",
        },
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html and "cannot be in the past" in html


def test_the_chair_records_views_and_the_decision(client, booked, chair):
    login(client, chair)
    response = client.post(
        reverse("contextual:view-add", args=[booked.pk]),
        {"kind": ViewKind.PROFESSIONAL, "name": "PC Hollis", "view": "Risk"},
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Enter the professional&#x27;s role" in html
    response = client.post(
        reverse("contextual:decision", args=[booked.pk]), {"decision": "plan", "rationale": "x"}
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html and "at least one professional" in html
    for kind, extra in (
        (ViewKind.PROFESSIONAL, {"role": "Police", "recommendation": "plan"}),
        (ViewKind.PARENT, {"role": "Mother"}),
        (ViewKind.YOUNG_PERSON, {}),
    ):
        response = client.post(
            reverse("contextual:view-add", args=[booked.pk]),
            {"kind": kind, "name": "Someone", "view": "A view", **extra},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("contextual:decision", args=[booked.pk]),
        {"decision": "plan", "rationale": "Risk of criminal exploitation"},
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == CscStatus.HELD and booked.plan_id


def test_outcome_form_errors_and_a_measurable_outcome(client, plan, chair):
    url = reverse("contextual:outcome-add", args=[plan.pk])
    response = login(client, chair).post(url, {"outcome": "Stays home", "who": "Sam"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "the outcome must be measurable" in html
    response = client.post(
        url,
        {
            "outcome": "Stays home",
            "measure": "No missing reports",
            "who": "Sam",
            **_date("due_on", TODAY() + datetime.timedelta(days=200)),
        },
    )
    assert "reviewed by" in response.content.decode()  # after the review is due
    response = client.post(
        url,
        {
            "outcome": "Stays home",
            "measure": "No missing reports",
            "who": "Sam",
            **_date("due_on", TODAY() + datetime.timedelta(days=20)),
        },
    )
    assert response.status_code == 302 and plan.outcomes.count() == 1


def test_an_invited_professional_reads_the_conference_and_plan_only(client, plan, police):
    login(client, police)
    conference = plan.conferences.get()
    assert client.get(reverse("contextual:detail", args=[conference.pk])).status_code == 200
    html = client.get(reverse("contextual:plan", args=[plan.pk])).content.decode()
    assert "timescales/" not in html  # no link to the staff's deadline pages
    assert client.get(reverse("contextual:outcome-add", args=[plan.pk])).status_code == 403
    other = ChildFactory()
    stranger, _ = agency_professional_for(child=other)
    login(client, stranger)
    assert client.get(reverse("contextual:detail", args=[conference.pk])).status_code == 404
    assert client.get(reverse("contextual:plan", args=[plan.pk])).status_code == 404


def test_the_work_lists_link_to_their_pages(child, worker, coordinator, chair):
    conference = requested_csc(child=child, by=worker)
    now = PINNED  # the autouse fixture's moment
    [to_book] = [
        w
        for w in work_lists_for(coordinator, RoleCode.CONFERENCE_COORDINATOR, now=now)
        if w.slug == "contextual-to-book"
    ]
    assert to_book.items[0].href == reverse("contextual:book", args=[conference.pk])
    [yours] = [
        w
        for w in work_lists_for(worker, RoleCode.SOCIAL_WORKER, now=now)
        if w.slug == "contextual-your-young-people"
    ]
    assert yours.items[0].href == reverse("contextual:detail", args=[conference.pk])
    booked_csc(conference=conference, coordinator=coordinator, chair=chair)
    [chaired] = [
        w
        for w in work_lists_for(chair, RoleCode.CHAIR, now=now)
        if w.slug == "contextual-you-chair"
    ]
    assert chaired.items[0].href == reverse("contextual:detail", args=[conference.pk])


def test_a_plan_due_a_review_is_on_the_coordinators_list(plan, coordinator):
    lists = work_lists_for(coordinator, RoleCode.CONFERENCE_COORDINATOR, now=PINNED)
    [to_book] = [w for w in lists if w.slug == "contextual-to-book"]
    assert to_book.items[0].href == reverse("contextual:review-book", args=[plan.pk])


# --- Query bounds -----------------------------------------------------------------------------------


def test_the_pages_issue_a_bounded_number_of_queries(
    client, plan, chair, coordinator, worker, django_assert_max_num_queries
):
    conference = plan.conferences.get()
    pages = [
        (chair, reverse("contextual:detail", args=[conference.pk])),
        (chair, reverse("contextual:plan", args=[plan.pk])),
        (chair, reverse("contextual:outcome-add", args=[plan.pk])),
        (coordinator, reverse("contextual:queue")),
        (coordinator, reverse("contextual:review-book", args=[plan.pk])),
        (worker, reverse("children:detail", args=[plan.child_id])),
    ]
    counts = {}
    for user, url in pages:
        login(client, user)
        with django_assert_max_num_queries(45) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    for _ in range(6):
        add_outcome(plan=plan, by=chair)
    for _ in range(4):
        other = ChildFactory(lead_social_worker=worker)
        requested_csc(child=other, by=worker)
    for user, url in pages:
        login(client, user)
        with django_assert_max_num_queries(counts[url]) as captured:
            assert client.get(url).status_code == 200


def test_the_booked_conference_and_decision_pages_are_bounded(
    client, booked, chair, coordinator, django_assert_max_num_queries
):
    for user, name in (
        (chair, "detail"),
        (chair, "decision"),
        (chair, "view-add"),
        (coordinator, "book"),
    ):
        login(client, user)
        with django_assert_max_num_queries(40):
            assert client.get(reverse(f"contextual:{name}", args=[booked.pk])).status_code == 200


def test_a_contextual_deadline_opens_on_the_deadline_page(client, child, worker):
    conference = requested_csc(child=child, by=worker)
    deadline = deadlines_for(conference).get()
    response = login(client, worker).get(reverse("timescales:deadline-detail", args=[deadline.pk]))
    assert response.status_code == 200
    assert "Contextual Safeguarding Conference held" in response.content.decode()
    assert deadline.rule == "CSC_DUE"
