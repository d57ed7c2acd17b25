"""The decision pages: the overview with the tally and the adjourn form, each child's page
(views with dissent, the recommendation, the chair's decision with action rows added without
JavaScript, finalising by the chair alone), and the draft outline plan PDF (permission-checked,
a valid PDF with the child's name and the decision; downloading it never meets OUTLINE_PLAN:
issue 18 item 3, tests/conferences/test_outline_circulation.py)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import RoleCode
from conferences import services
from conferences.models import ChildDecision, ConferenceStatus, DecisionStatus, ProfessionalView
from plans.models import ChildProtectionPlan
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.clock import PINNED
from tests.factories.conferences import (
    add_danger_statements,
    decide,
    decide_every_child,
    give_views,
    make_quorate,
    ready_to_decide,
    started_conference,
)
from tests.pdfs import pdf_text
from tests.shared_world import shareable
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    return ready_to_decide(make_quorate(conference, by=minute_taker))


def _url(conference, child=None, suffix=""):
    base = f"/conferences/{conference.pk}/decision/"
    return base + (f"{child.pk}/" if child else "") + suffix


BY_WHEN = PINNED.date() + datetime.timedelta(days=28)  # four weeks after the pinned day


def _decision_data(rows=3, **override):
    data = {
        "decision-outcome": "cp_plan",
        "decision-rationale": "Amelia is at continuing risk of emotional harm.",
        "decision-overrule_reason": "",
        "decision-category": "emotional_abuse",
        "decision-secondary_factors": ["domestic_abuse"],
        "decision-contingency_plan": "Amelia stays with her grandmother if the parents fight.",
        "decision-outcomes_for_child": "Amelia is safe at home and goes to nursery every day.",
        "decision-visit_frequency_working_days": "5",
        "actions-TOTAL_FORMS": str(rows),
        "actions-INITIAL_FORMS": "0",
        "actions-0-what": "Attend a parenting course",
        "actions-0-who": "Sarah Jones",
        "actions-0-by_when_day": str(BY_WHEN.day),
        "actions-0-by_when_month": str(BY_WHEN.month),
        "actions-0-by_when_year": str(BY_WHEN.year),
        "actions-0-danger_statement_position": "1",
    }
    data.update(override)
    return data


def test_the_overview_lists_each_child_with_the_tally(client, conference, chair, household):
    decisions = services.open_decisions(conference=conference, by=chair)
    give_views(decisions[0], by=chair, views=["cp_plan", ("nfa", "Mother is engaging.")])
    login(client, chair)
    page = client.get(_url(conference)).content.decode()
    assert "Amelia Jones" in page and "Noah Jones" in page
    assert "1 child protection plan, 0 child in need plan, 1 no further action" in page
    assert "Split" in page and "Adjourn the conference" in page


def test_the_conference_page_links_to_the_decision(client, conference, chair):
    login(client, chair)
    assert _url(conference) in client.get(f"/conferences/{conference.pk}/").content.decode()


def test_a_view_with_dissent_is_added_and_errors_keep_what_was_typed(
    client, conference, minute_taker, household
):
    login(client, minute_taker)
    amelia = household["amelia"]
    response = client.post(
        _url(conference, amelia, "views/"),
        {
            "view-name": "Hannah Visitor",
            "view-role": "Health visitor",
            "view-view": "nfa",
            "view-dissent": "on",
            "view-dissent_reason": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the reason for the dissent" in page
    assert 'value="Hannah Visitor"' in page
    response = client.post(
        _url(conference, amelia, "views/"),
        {
            "view-name": "Hannah Visitor",
            "view-role": "Health visitor",
            "view-view": "nfa",
            "view-dissent": "on",
            "view-dissent_reason": "The family are engaging well.",
        },
    )
    assert response.status_code == 302
    view = ProfessionalView.objects.get()
    assert view.dissent and view.dissent_reason == "The family are engaging well."


def test_another_action_row_is_added_without_javascript(client, conference, chair, household):
    login(client, chair)
    page = client.get(_url(conference, household["amelia"])).content.decode()
    assert page.count("Action 3") == 1 and "Action 4" not in page
    response = client.post(_url(conference, household["amelia"], "actions/add/"), _decision_data())
    page = response.content.decode()
    assert "Action 4" in page
    assert "Attend a parenting course" in page  # nothing typed is lost
    assert "continuing risk of emotional harm" in page
    assert ChildDecision.objects.get(child=household["amelia"]).outcome == ""


def test_each_form_posts_to_its_own_view(client, conference, chair, household):
    amelia = household["amelia"]
    login(client, chair)
    page = client.get(_url(conference, amelia)).content.decode()
    for suffix in ("views/", "recommendation/", "save/"):
        assert f'action="{_url(conference, amelia, suffix)}"' in page
    for suffix in ("actions/add/", "finalise/"):
        assert f'formaction="{_url(conference, amelia, suffix)}"' in page
    assert client.get(_url(conference, amelia, "save/")).status_code == 405


def test_a_refused_recommendation_shows_the_page_with_only_its_form_checked(
    client, conference, chair, household
):
    amelia = household["amelia"]
    login(client, chair)
    response = client.post(_url(conference, amelia, "recommendation/"), _decision_data())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select the social worker&#x27;s recommendation" in page
    assert "Enter the professional&#x27;s name" not in page  # the other forms start unbound
    assert "continuing risk of emotional harm" not in page
    assert ChildDecision.objects.get(child=amelia).recommendation == ""


def test_add_another_action_stops_at_51_rows(client, conference, chair, household):
    login(client, chair)
    url = _url(conference, household["amelia"], "actions/add/")
    page = client.post(url, _decision_data(rows=50)).content.decode()
    assert "Action 51" in page
    page = client.post(url, _decision_data(rows=51)).content.decode()
    assert "Action 51" in page and "Action 52" not in page


def test_the_chair_finalises_and_the_minute_taker_cannot(
    client, conference, chair, minute_taker, household
):
    add_danger_statements(conference, by=chair, count=1)
    amelia = household["amelia"]
    login(client, minute_taker)
    page = client.get(_url(conference, amelia)).content.decode()
    assert "Save and finalise" not in page
    assert client.post(_url(conference, amelia, "finalise/"), _decision_data()).status_code == 403
    assert client.post(_url(conference, amelia, "save/"), _decision_data()).status_code == 302

    login(client, chair)
    response = client.post(_url(conference, amelia, "finalise/"), _decision_data())
    assert response.status_code == 302
    decision = ChildDecision.objects.get(child=amelia)
    assert decision.status == DecisionStatus.FINALISED
    plan = ChildProtectionPlan.objects.get(child=amelia)
    assert plan.actions.get().danger_statement.position == 1
    page = client.get(_url(conference, amelia)).content.decode()
    assert f"/plans/{plan.pk}/" in page


def test_a_refused_finalise_shows_the_reason(client, conference, chair, household):
    amelia = household["amelia"]
    decision = services.decision_for(conference=conference, child=amelia, by=chair)
    give_views(decision, by=chair, views=["cp_plan", "nfa"])
    login(client, chair)
    response = client.post(_url(conference, amelia, "finalise/"), _decision_data())
    page = response.content.decode()
    assert response.status_code == 200
    assert "split 1-1" in page and "There is a problem" in page


def test_the_chair_adjourns_from_the_overview(client, conference, chair, minute_taker):
    login(client, minute_taker)
    assert client.post(_url(conference), {"adjourn-reason": "Split"}).status_code == 403
    login(client, chair)
    response = client.post(_url(conference), {"adjourn-reason": ""})
    assert "Enter why the conference is adjourned" in response.content.decode()
    response = client.post(_url(conference), {"adjourn-reason": "The police report is missing."})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.adjourned_reason == "The police report is missing."
    page = client.get(_url(conference)).content.decode()
    assert "reconvene by" in page and "On an interim plan" in page


def test_others_are_refused(client, conference, household):
    someone = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    login(client, someone)
    assert client.get(_url(conference)).status_code in (403, 404)
    assert client.get(_url(conference, household["amelia"])).status_code in (403, 404)


def test_the_overview_and_child_page_queries_are_bounded(
    client, conference, chair, household, django_assert_max_num_queries
):
    decisions = services.open_decisions(conference=conference, by=chair)
    for decision in decisions:
        give_views(decision, by=chair, views=["cp_plan"] * 12)
        decide(decision, by=chair, actions=[{"what": f"Step {n}", "who": "SW"} for n in range(8)])
    login(client, chair)
    with django_assert_max_num_queries(30):
        assert client.get(_url(conference)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(_url(conference, household["amelia"])).status_code == 200


# --- The outline plan PDF -------------------------------------------------------------------------


def test_the_outline_plan_pdf_has_the_child_and_the_decision_and_does_not_meet_outline_plan(
    client, conference, chair, worker, household
):
    add_danger_statements(conference, by=chair, count=2)
    decide_every_child(
        conference,
        chair=chair,
        actions=[{"what": "Attend a parenting course", "who": "Sarah Jones"}],
        contingency_plan="The children stay with their grandmother.",
    )
    login(client, worker)  # the children's social worker
    response = client.get(_url(conference, household["amelia"], "outline-plan.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Amelia Jones" in text and "DRAFT" in text
    assert "Child protection plan" in text and "emotional abuse" in text
    assert "Danger statement 1" in text and "Safety goal 2" in text
    assert "Attend a parenting course" in text and "grandmother" in text
    assert "first core group" in text and "first review conference" in text
    from children.models import ChildRecordView

    assert ChildRecordView.objects.filter(
        user=worker, child=household["amelia"], what="Outline plan"
    ).exists()
    outline = Deadline.objects.get(
        rule=RuleCode.OUTLINE_PLAN,
        subject_type=ContentType.objects.get_for_model(type(conference)),
        subject_id=conference.pk,
    )
    # Issue 18 item 3: the plan is circulated when the family and the core group have it, never
    # by generating the PDF.
    assert outline.status == DeadlineStatus.OPEN
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD


def test_the_outline_plan_is_refused_to_others(client, conference, chair, household):
    decision = services.decision_for(conference=conference, child=household["amelia"], by=chair)
    decide(decision, by=chair, outcome="nfa")
    url = _url(conference, household["amelia"], "outline-plan.pdf")
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    login(client, qa)
    assert client.get(url).status_code == 403
    login(client, chair)
    response = client.get(url)
    assert response.status_code == 200
    assert "No further action" in pdf_text(response.content)


@pytest.mark.parametrize(("answer", "forming"), [("no", 1), ("yes", 0), ("", 0)])
def test_the_chair_says_whether_the_family_brought_a_safety_plan(
    client, conference, chair, household, answer, forming
):
    """Issue 21 item 6 (ADR 51): "No" puts forming a family safety plan in the plan's next steps,
    a dated action due by the first core group meeting; "Yes" or no answer adds none."""
    from plans.services import FORMING_ACTION

    add_danger_statements(conference, by=chair, count=1)
    amelia = household["amelia"]
    login(client, chair)
    page = client.get(_url(conference, amelia)).content.decode()
    assert "Did the family bring a safety plan to the conference?" in page
    data = _decision_data(**{"decision-family_safety_plan_brought": answer})
    assert client.post(_url(conference, amelia, "finalise/"), data).status_code == 302
    decision = ChildDecision.objects.get(child=amelia)
    assert decision.family_safety_plan_brought == {"yes": True, "no": False}.get(answer)
    plan = ChildProtectionPlan.objects.get(child=amelia)
    actions = plan.actions.filter(what=FORMING_ACTION)
    assert actions.count() == forming
    if forming:
        first_core_group = Deadline.objects.get(rule=RuleCode.CG_FIRST, subject_id=plan.pk)
        assert actions.get().by_when == first_core_group.due_on
