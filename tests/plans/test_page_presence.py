"""The plan page asks which of its lists have rows with the plan (core.presence, ADR 80): a list
the plan lacks costs no query, and a list with rows is read and shown as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, SafetyScaleScore
from core.presence import may_have
from coreGroups.models import DangerStatementScaling
from plans import services
from plans.models import (
    ChildProtectionPlan,
    DriftFlag,
    EarlyReviewPrompt,
    FamilyGroupConference,
    MidwayReviewNote,
    MyPlanExplanation,
    PlanCategoryChange,
    SafetyNetworkMember,
    SpecialistAssessmentRequest,
)
from plans.page_presence import PLAN_PAGE_LISTS, plan_page_presence
from tests.auth import login
from tests.factories.clock import PINNED
from voice.models import ChildVoice

pytestmark = pytest.mark.django_db


def _page(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _presence(plan) -> dict[str, bool]:
    read = ChildProtectionPlan.objects.annotate(**plan_page_presence()).get(pk=plan.pk)
    return {name: getattr(read, f"has_{name}") for name in PLAN_PAGE_LISTS}


def _has_rows(plan) -> dict[str, bool]:
    """What each list's own table holds for the plan, asked through the ORM."""
    child = plan.child_id
    tables = {
        "category_changes": PlanCategoryChange.objects.filter(plan=plan),
        "midway_notes": MidwayReviewNote.objects.filter(plan=plan),
        "safety_network": SafetyNetworkMember.objects.filter(plan=plan),
        "explanations": MyPlanExplanation.objects.filter(plan=plan),
        "specialist_assessments": SpecialistAssessmentRequest.objects.filter(plan=plan),
        "open_prompts": EarlyReviewPrompt.objects.filter(plan=plan),
        "core_group_scores": DangerStatementScaling.objects.filter(meeting__plan=plan),
        "conference_scores": SafetyScaleScore.objects.filter(
            record__conference__conference_children__child_id=child
        ),
        "early_reviews": Conference.objects.filter(conference_children__child_id=child).exclude(
            early_review_trigger=""
        ),
        "child_voice": ChildVoice.objects.filter(child_id=child),
        "drift_flag": DriftFlag.objects.filter(plan=plan),
        "family_group_conference": FamilyGroupConference.objects.filter(plan=plan),
    }
    assert set(tables) == set(PLAN_PAGE_LISTS)
    return {name: rows.exists() for name, rows in tables.items()}


def test_each_list_is_known_to_have_rows_or_none_with_the_plan(plan):
    assert _presence(plan) == _has_rows(plan)
    assert not all(_presence(plan).values())
    assert may_have(plan, "midway_notes")  # a plan read without them: every list is read


def test_a_list_with_rows_is_read_and_shown_and_an_empty_one_costs_no_query(client, plan, worker):
    login(client, worker)
    _page(client, plan)  # warm the per-process caches
    empty, html = _page(client, plan)
    assert "Gran Jones" not in html
    services.add_safety_network_member(
        plan=plan,
        name="Gran Jones",
        relationship_to_child="Grandmother",
        involvement="Collects Amelia from school",
        kept_informed="A weekly phone call with the social worker",
        by=worker,
    )
    services.record_my_plan_explanation(
        plan=plan,
        explained_on=timezone.localdate(PINNED),
        how="Drew the plan together at school",
        agreed_by_child=True,
        by=worker,
    )
    found = _presence(plan)
    assert found == _has_rows(plan)
    assert found["safety_network"] and found["explanations"]
    with_rows, html = _page(client, plan)
    assert with_rows == empty + 2  # the two lists with rows, and no other
    assert "Gran Jones" in html and "Drew the plan together at school" in html
