"""Issue 17 on the pages and in the admin: the review's decision form starts from the plan and
shows the new fields (changing the category, outcomes for the child, a significant change) with
the service's errors next to them; the chair records why a conference goes ahead without its
invitations or report; the admin cannot rewrite what a conference decided."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RoleCode
from conferences import services
from conferences.admin import ConferenceAdmin
from conferences.models import ChildDecision, Conference, DecisionStatus
from plans.admin import ChildProtectionPlanAdmin
from plans.models import ChildProtectionPlan, PlanCategory, PlanStatus, SecondaryFactor
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    decide_every_child,
    give_views,
    make_quorate,
    started_conference,
    started_review,
)
from tests.factories.voice import children_views
from tests.shared_world import shareable

OUTCOMES = "Amelia feels safe at home and goes to nursery every day."


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock_at(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))),
]


@shareable
def plan(conference_request, coordinator, chair, minute_taker, household):
    initial = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(initial, by=minute_taker)
    add_danger_statements(initial, by=minute_taker, count=1)
    decide_every_child(
        initial,
        chair=chair,
        secondary_factors=[SecondaryFactor.DOMESTIC_ABUSE],
        outcomes_for_child=OUTCOMES,
    )
    return ChildProtectionPlan.objects.get(child=household["amelia"], status=PlanStatus.ACTIVE)


@shareable
def review(plan, coordinator):
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rhona Review")
    review = make_quorate(started_review(plan=plan, coordinator=coordinator, chair=chair), by=chair)
    children_views(review)  # issue 21: each child's views before the decision
    return review


def _url(conference, child=None, suffix=""):
    base = f"/conferences/{conference.pk}/decision/"
    return base + (f"{child.pk}/" if child else "") + suffix


def _post(plan, **override):
    data = {
        "decision-outcome": "cp_plan",
        "decision-rationale": "Progress, but the risk remains.",
        "decision-category": plan.category,
        "decision-secondary_factors": plan.secondary_factors,
        "decision-contingency_plan": plan.contingency_plan,
        "decision-outcomes_for_child": plan.outcomes_for_child,
        "decision-visit_frequency_working_days": "10",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
    }
    data.update(override)
    return data


def _field_group(page, name):
    """The GOV.UK form group of a decision field, as HTML."""
    start = page.index(f'name="decision-{name}"')
    return page[page.rindex('<div class="govuk-form-group', 0, start) : start]


def test_the_review_decision_page_starts_from_the_plan(client, review, plan, household):
    login(client, review.chair)
    page = client.get(_url(review, household["amelia"])).content.decode()
    assert "The decision starts from what the plan holds now" in page
    assert re.search(r'value="emotional_abuse"[^>]*checked', page)
    assert re.search(r'value="domestic_abuse"[^>]*checked', page)
    assert "The conference changes the plan&#x27;s category" in page
    assert OUTCOMES in page
    assert "significant change of circumstances" in page
    assert "The invitations and report" in page  # the report is not in yet


def test_errors_show_next_to_the_new_fields(client, review, plan, household):
    amelia = household["amelia"]
    decision = services.decision_for(conference=review, child=amelia, by=review.chair)
    give_views(decision, by=review.chair, views=["cp_plan", "cp_plan"])
    login(client, review.chair)

    # A new category without confirming the change.
    response = client.post(
        _url(review, amelia, "finalise/"),
        _post(plan, **{"decision-category": PlanCategory.NEGLECT}),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#id_decision-change_category"' in page
    assert "govuk-error-message" in _field_group(page, "change_category")

    # The inputs are missing: the summary links to where the chair records why.
    response = client.post(_url(review, amelia, "finalise/"), _post(plan))
    page = response.content.decode()
    assert "the social worker&#x27;s report was not received" in page
    assert 'href="#inputs_reason"' in page
    client.post(
        f"/conferences/{review.pk}/decision/inputs/",
        {"inputs-reason": "The social worker presented the report at the conference."},
    )

    # A significant change needs its description, next to the field.
    response = client.post(
        _url(review, amelia, "finalise/"),
        _post(plan, **{"decision-outcome": "cin_plan", "decision-significant_change": "on"}),
    )
    page = response.content.decode()
    assert "govuk-error-message" in _field_group(page, "significant_change_description")

    # Confirmed: the plan's category changes, and the decision is final.
    response = client.post(
        _url(review, amelia, "finalise/"),
        _post(
            plan,
            **{"decision-category": PlanCategory.NEGLECT, "decision-change_category": "on"},
        ),
    )
    assert response.status_code == 302
    assert ChildDecision.objects.get(conference=review, child=amelia).status == (
        DecisionStatus.FINALISED
    )
    plan.refresh_from_db()
    assert plan.category == PlanCategory.NEGLECT and plan.outcomes_for_child == OUTCOMES


def test_an_initial_plan_without_outcomes_or_action_is_refused_next_to_the_fields(
    client, conference_request, coordinator, chair, minute_taker, household
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(conference, by=minute_taker)
    login(client, chair)
    client.post(
        f"/conferences/{conference.pk}/decision/inputs/",
        {"inputs-reason": "The report was read out at the conference."},
    )
    amelia = household["amelia"]
    data = {
        "decision-outcome": "cp_plan",
        "decision-rationale": "At continuing risk.",
        "decision-category": "physical_abuse",
        "decision-contingency_plan": "Amelia stays with her grandmother.",
        "decision-outcomes_for_child": "",
        "decision-visit_frequency_working_days": "10",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
    }
    page = client.post(_url(conference, amelia, "finalise/"), data).content.decode()
    assert "govuk-error-message" in _field_group(page, "outcomes_for_child")
    data["decision-outcomes_for_child"] = OUTCOMES
    page = client.post(_url(conference, amelia, "finalise/"), data).content.decode()
    assert 'href="#actions"' in page
    assert 'id="actions"' in page and "govuk-form-group--error" in page
    assert not ChildProtectionPlan.objects.filter(child=amelia).exists()


def test_only_the_chair_records_why_the_conference_goes_ahead(
    client, conference_request, coordinator, chair, minute_taker
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    url = f"/conferences/{conference.pk}/decision/inputs/"
    login(client, minute_taker)
    page = client.get(url).content.decode()
    assert "Not received" in page and "Record the reason" not in page
    assert client.post(url, {"inputs-reason": "Urgent"}).status_code == 403
    login(client, chair)
    response = client.post(url, {"inputs-reason": ""})
    assert "Enter why the conference goes ahead" in response.content.decode()
    assert client.post(url, {"inputs-reason": "The family asked."}).status_code == 302
    conference.refresh_from_db()
    assert conference.inputs_reason == "The family asked." and conference.inputs_reason_by == chair
    someone = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    login(client, someone)
    assert client.get(url).status_code in (403, 404)


def test_the_admin_cannot_rewrite_what_a_conference_decided(admin_client, plan, review):
    plan_admin = ChildProtectionPlanAdmin(ChildProtectionPlan, admin_site=None)
    readonly = plan_admin.get_readonly_fields(request=None, obj=plan)
    for name in (
        "category",
        "secondary_factors",
        "contingency_plan",
        "outcomes_for_child",
        "service_manager_agreement",
        "ended_on_significant_change",
        "significant_change_description",
    ):
        assert name in readonly
    assert admin_client.get(f"/admin/plans/childprotectionplan/{plan.pk}/change/").status_code == (
        200
    )
    assert admin_client.get("/admin/plans/childprotectionplan/add/").status_code == 403
    conference_admin = ConferenceAdmin(Conference, admin_site=None)
    assert {"inputs_reason", "inputs_reason_by"} <= set(
        conference_admin.get_readonly_fields(request=None, obj=review)
    )
