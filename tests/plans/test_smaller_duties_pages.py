"""The smaller duties through the pages (issue 22 item 6): the plan page shows the specialist
assessments and the Family Group Conference; the forms say what is wrong next to the field."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from plans.models import ActionStatus, AssessmentStatus, SpecialistAssessmentRequest
from tests.auth import login
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_social_worker_requests_an_assessment_from_the_plan_page(client, plan, worker):
    login(client, worker)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    new = reverse("plans:specialist-assessment-new", args=[plan.pk])
    assert new in page
    refused = client.post(new, {"assessment_type": "", "purpose": "", "assessor": ""})
    assert refused.status_code == 200
    text = unescape(refused.content.decode())
    assert "Error: Request a specialist assessment" in text
    assert "Enter the type of assessment" in text
    assert "Enter who will do the assessment" in text
    due = timezone.localdate() + datetime.timedelta(weeks=4)
    response = client.post(
        new,
        {
            "assessment_type": "Psychological assessment",
            "purpose": "How the father's mental health affects his care of Amelia.",
            "assessor": "Dr Tomas Reyes",
            **_date("by_when", due),
        },
    )
    assert response.status_code == 302
    request = SpecialistAssessmentRequest.objects.get()
    page = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "Psychological assessment" in page
    assert "Dr Tomas Reyes" in page
    update = reverse("plans:specialist-assessment", args=[plan.pk, request.pk])
    assert update in page
    refused = client.post(update, {"status": "completed", "outcome": ""})
    assert "Enter the outcome of the assessment" in unescape(refused.content.decode())
    assert client.post(update, {"status": "completed", "outcome": "Done."}).status_code == 302
    request.refresh_from_db()
    assert request.status == AssessmentStatus.COMPLETED
    assert request.action.status == ActionStatus.DONE


def test_others_who_see_the_plan_may_not_open_the_forms(client, plan):
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    for name in ("specialist-assessment-new", "fgc-outcome", "fgc-recommendation"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 403
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:specialist-assessment-new", args=[plan.pk]) not in page


def test_the_fgc_recommendation_and_outcome_show_on_the_plan(client, plan, chair, worker):
    login(client, worker)
    assert client.get(reverse("plans:fgc-recommendation", args=[plan.pk])).status_code == 403
    login(client, chair)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:fgc-recommendation", args=[plan.pk]) in page
    refused = client.post(reverse("plans:fgc-recommendation", args=[plan.pk]), {"note": ""})
    assert "Select whether the conference recommended" in unescape(refused.content.decode())
    response = client.post(
        reverse("plans:fgc-recommendation", args=[plan.pk]),
        {"recommended": "yes", "note": "The grandparents want to be involved."},
    )
    assert response.status_code == 302
    login(client, worker)
    page = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "Recommended by the conference" in page
    assert "Not recorded yet" in page
    outcome = reverse("plans:fgc-outcome", args=[plan.pk])
    assert outcome in page
    refused = client.post(outcome, {"held": "no", "not_held_reason": ""})
    assert "Enter why the Family Group Conference was not held" in unescape(
        refused.content.decode()
    )
    today = timezone.localdate()
    assert client.post(outcome, {"held": "yes", **_date("held_on", today)}).status_code == 302
    page = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "Yes, on" in page
