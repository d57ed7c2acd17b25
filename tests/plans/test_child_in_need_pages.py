"""The Child in Need plan pages (issue 22 item 4): reachable from the child's page; the lead
social worker records the core group, a review, an action and the end; bad input gives the
field's error; a step-down plan ended early by the social worker is refused on the date, and the
team manager ends it with a reason; others may read but not change; the Early Help step-down page.
Synthetic data only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import (
    ChildInNeedPlan,
    CinActionStatus,
    EarlyHelpPlan,
    PlanEndReason,
    PlanStatus,
    StepDown,
)
from tests.auth import login
from tests.factories.conferences import agency_professional_for
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _end_protection_plan(plan, worker, manager, step_down):
    return services.end_plan(
        plan=plan,
        reason=PlanEndReason.LEFT_UK,
        ended_on=TODAY(),
        by=worker,
        step_down=step_down,
        manager_agreement=manager,
        manager_agreed_on=TODAY(),
    )


@shareable
def cin_plan(child, worker):
    return services.start_child_in_need_plan(child=child, started_on=TODAY(), by=worker)


@shareable
def step_down(plan, worker, manager):
    ended = _end_protection_plan(plan, worker, manager, StepDown.CHILD_IN_NEED)
    return ChildInNeedPlan.objects.get(from_plan=ended)


def _url(name, plan, *extra):
    return reverse(f"plans:{name}", args=[plan.pk, *extra])


def test_the_childs_page_links_to_the_child_in_need_plan(client, child, worker, cin_plan):
    html = login(client, worker).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert f'href="{_url("cin-detail", cin_plan)}"' in html
    page = client.get(_url("cin-detail", cin_plan)).content.decode()
    assert "Record a review" in page and "Due by" in page


def test_the_social_worker_keeps_the_plan_from_its_pages(client, worker, cin_plan):
    login(client, worker)
    response = client.post(
        _url("cin-member-add", cin_plan), {"name": "Hannah Visitor", "role": "Health visitor"}
    )
    assert response.status_code == 302
    response = client.post(
        _url("cin-action-add", cin_plan),
        {"action": "Find a nursery place", "who": "Social worker", **_date("due_on", TODAY())},
    )
    assert response.status_code == 302
    action = cin_plan.actions.get()
    response = client.post(_url("cin-action-done", cin_plan, action.pk), _date("done_on", TODAY()))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CinActionStatus.DONE

    response = client.post(
        _url("cin-review-add", cin_plan),
        {"summary": "Nursery place found.", **_date("held_on", TODAY())},
    )
    assert response.status_code == 302
    assert cin_plan.reviews.get().summary == "Nursery place found."
    page = client.get(_url("cin-detail", cin_plan)).content.decode()
    assert "Hannah Visitor" in page and "Nursery place found." in page
    assert "Next Child in Need review" in page

    member = cin_plan.core_group_members.get()
    client.post(_url("cin-member-remove", cin_plan, member.pk))
    member.refresh_from_db()
    assert not member.is_active

    response = client.post(
        _url("cin-end", cin_plan), {"reason": "needs_met", **_date("ended_on", TODAY())}
    )
    assert response.status_code == 302
    cin_plan.refresh_from_db()
    assert (cin_plan.status, cin_plan.ended_by) == (PlanStatus.ENDED, worker)
    # An ended plan is read only.
    assert client.get(_url("cin-review-add", cin_plan)).status_code == 403


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cin-review-add", {"summary": ""}, "Enter the date the review was held"),
        (
            "cin-review-add",
            {"summary": "x", "held_on_day": "31", "held_on_month": "2", "held_on_year": "2026"},
            "must be a real date",
        ),
        (
            "cin-review-add",
            {"summary": "", "held_on_day": "1", "held_on_month": "3", "held_on_year": "2026"},
            "Enter what the review found",
        ),
        ("cin-action-add", {"action": "Visit", "who": "SW"}, "Enter the date it is to be done by"),
        ("cin-member-add", {"name": "x" * 201, "role": "School"}, "200 characters or fewer"),
        ("cin-end", {"reason": "other"}, "Select why the plan ends"),
    ],
)
def test_bad_input_shows_the_fields_error(client, worker, cin_plan, name, data, message):
    response = login(client, worker).post(_url(name, cin_plan), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html


def test_a_future_review_date_is_refused_next_to_the_field(client, worker, cin_plan):
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = login(client, worker).post(
        _url("cin-review-add", cin_plan), {"summary": "x", **_date("held_on", tomorrow)}
    )
    assert "cannot be in the future" in response.content.decode()
    assert not cin_plan.reviews.exists()


def test_a_step_down_plan_ended_early_needs_the_team_manager(client, worker, manager, step_down):
    data = {"reason": "needs_met", **_date("ended_on", TODAY())}
    response = login(client, worker).post(_url("cin-end", step_down), data)
    assert response.status_code == 200
    assert "lasts at least 3 months" in response.content.decode()
    step_down.refresh_from_db()
    assert step_down.status == PlanStatus.ACTIVE

    login(client, manager)
    response = client.post(_url("cin-end", step_down), data)
    assert (
        "Enter why you agree the plan ends before its minimum length" in response.content.decode()
    )
    response = client.post(
        _url("cin-end", step_down), {**data, "early_end_reason": "The family moved on well."}
    )
    assert response.status_code == 302
    step_down.refresh_from_db()
    assert (step_down.status, step_down.early_end_agreed_by) == (PlanStatus.ENDED, manager)
    assert (
        "with the agreement of the team manager"
        in client.get(_url("cin-detail", step_down)).content.decode()
    )


def test_readers_may_not_change_and_agency_professionals_see_nothing(
    client, chair, child, cin_plan
):
    login(client, chair)
    assert client.get(_url("cin-detail", cin_plan)).status_code == 200
    assert "Record a review" not in client.get(_url("cin-detail", cin_plan)).content.decode()
    for name in ("cin-review-add", "cin-action-add", "cin-member-add", "cin-end"):
        assert client.get(_url(name, cin_plan)).status_code == 403
    professional, _ = agency_professional_for(child=child)
    login(client, professional)
    assert client.get(_url("cin-detail", cin_plan)).status_code == 404


def test_the_early_help_step_down_is_recorded_from_the_plan_page(client, plan, worker, manager):
    ended = _end_protection_plan(plan, worker, manager, StepDown.EARLY_HELP)
    login(client, worker)
    page = client.get(reverse("plans:detail", args=[ended.pk])).content.decode()
    assert "Record the Early Help plan" in page
    response = client.post(
        _url("early-help", ended),
        {
            "lead_professional": "Priya Shah",
            "lead_agency": "Oakfield Primary School",
            **_date("started_on", TODAY()),
            **_date("first_review_on", TODAY() + datetime.timedelta(days=60)),
        },
    )
    assert "is due by" in response.content.decode()
    response = client.post(
        _url("early-help", ended),
        {
            "lead_professional": "Priya Shah",
            "lead_agency": "Oakfield Primary School",
            **_date("started_on", TODAY()),
            **_date("first_review_on", TODAY() + datetime.timedelta(days=14)),
        },
    )
    assert response.status_code == 302
    assert EarlyHelpPlan.objects.get(from_plan=ended).lead_agency == "Oakfield Primary School"
    page = client.get(reverse("plans:detail", args=[ended.pk])).content.decode()
    assert "Early Help plan led by Priya Shah" in page
