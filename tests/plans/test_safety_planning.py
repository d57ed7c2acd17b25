"""The family's safety planning and "My plan" (issue 21 items 6 and 7): the dated action when no
family safety plan came to conference, who may write, "My plan" only for children of 8 and over
(a valid PDF with the child's name and goals), and a bounded plan page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import ActionStatus, PlanAction, SafetyNetworkMember
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import agency_professional_for
from tests.factories.plans import bulk_actions_and_members, plan_from
from tests.pdfs import pdf_text, structure_types
from timescales.models import Deadline, RuleCode


def _forming_actions(plan):
    return PlanAction.objects.filter(plan=plan, what=services.FORMING_ACTION)


def test_no_family_safety_plan_at_conference_means_a_dated_action_to_form_one(
    conference, child, worker
):
    plan = plan_from(conference=conference, child=child, family_safety_plan_brought=False)
    action = _forming_actions(plan).get()
    first_core_group = Deadline.objects.get(rule=RuleCode.CG_FIRST, subject_id=plan.pk)
    assert action.by_when == first_core_group.due_on
    assert action.responsible == worker
    assert action.who == "Social worker"
    assert plan.family_safety_plan.forming_action == action
    assert not plan.family_safety_plan.brought_to_conference


def test_a_family_safety_plan_brought_to_conference_needs_no_action_to_form_one(plan):
    assert not _forming_actions(plan).exists()
    assert plan.family_safety_plan.brought_to_conference


def test_agreeing_the_family_safety_plan_completes_the_action(conference, child, worker):
    plan = plan_from(conference=conference, child=child, family_safety_plan_brought=False)
    record = services.record_family_safety_plan(
        plan=plan,
        daily_life="Gran collects Amelia from school every day.",
        agreed_with_family=True,
        agreed_on=timezone.localdate(),
        agreed_with="Sarah Jones",
        by=worker,
    )
    assert record.agreed_with_family
    assert _forming_actions(plan).get().status == ActionStatus.DONE
    assert record.history.first().history_user == worker


def test_agreed_needs_when_and_with_whom(plan, worker):
    with pytest.raises(services.PlanError) as error:
        services.record_family_safety_plan(
            plan=plan, daily_life="Routine", agreed_with_family=True, by=worker
        )
    assert error.value.field == "agreed_on"


def test_the_safety_network_stops_being_a_member_and_is_never_deleted(plan, worker):
    member = services.add_safety_network_member(
        plan=plan,
        name="Gran Jones",
        relationship_to_child="Grandmother",
        involvement="Collects Amelia from school",
        kept_informed="A weekly phone call with the social worker",
        by=worker,
    )
    services.stop_safety_network_member(member=member, by=worker)
    member.refresh_from_db()
    assert not member.is_active and member.stopped_at is not None
    assert SafetyNetworkMember.objects.filter(pk=member.pk).exists()


def test_someone_outside_the_core_group_may_not_write(client, plan):
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    with pytest.raises(services.PlanError):
        services.add_safety_network_member(
            plan=plan,
            name="Gran",
            relationship_to_child="Grandmother",
            involvement="x",
            kept_informed="y",
            by=other_worker,
        )
    login(client, other_worker)
    for name in ("family-safety-plan", "network-add", "my-plan-explained"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 403


def test_the_social_worker_and_a_core_group_member_record_through_the_pages(
    client, plan, worker, child
):
    login(client, worker)
    response = client.post(
        reverse("plans:network-add", args=[plan.pk]),
        {
            "name": "Gran Jones",
            "relationship_to_child": "Grandmother",
            "involvement": "Collects Amelia",
            "kept_informed": "Weekly call",
        },
    )
    assert response.status_code == 302
    professional, _ = agency_professional_for(child=child)
    from plans.models import CoreGroupMember

    CoreGroupMember.objects.create(plan=plan, name=professional.full_name, user=professional)
    login(client, professional)
    today = timezone.localdate()
    response = client.post(
        reverse("plans:my-plan-explained", args=[plan.pk]),
        {
            "explained_on_day": today.day,
            "explained_on_month": today.month,
            "explained_on_year": today.year,
            "how": "At home with words and pictures",
            "agreed": "yes",
            "interpreter": "yes",
            "interpreter_language": "Polish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    explanation = plan.my_plan_explanations.get()
    assert explanation.interpreter_language == "Polish" and explanation.agreed_by_child
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Gran Jones" in html and "Polish" in html


def test_an_interpreter_needs_a_language(plan, worker):
    with pytest.raises(services.PlanError) as error:
        services.record_my_plan_explanation(
            plan=plan,
            explained_on=timezone.localdate(),
            how="At home",
            agreed_by_child=True,
            interpreter_needed=True,
            by=worker,
        )
    assert error.value.field == "interpreter_language"


def test_my_plan_is_a_pdf_with_the_childs_name_and_goals_in_their_words(
    client, plan, worker, child
):
    first = plan.danger_statements.order_by("position").first()
    services.set_words_for_child(
        statement=first,
        text_for_child="Mum and Dad sometimes shout and fight.",
        safety_goal_for_child="Home is calm and you feel safe.",
        by=worker,
    )
    response = login(client, worker).get(reverse("plans:my-plan", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert child.display_name in text
    assert "Home is calm and you feel safe." in text
    # The second goal has no words for the child: the original words.
    second = plan.danger_statements.order_by("position")[1]
    assert " ".join(second.safety_goal.split())[:40] in text
    # Tagged (PDF/UA): the whole check of every PDF is tests/core/test_pdfs_are_tagged.py.
    assert "H1" in structure_types(response.content)


def test_my_plan_is_not_offered_to_a_child_under_8(client, plan, worker, child):
    today = timezone.localdate()
    child.date_of_birth = today.replace(year=today.year - 7)
    child.save()
    login(client, worker)
    assert client.get(reverse("plans:my-plan", args=[plan.pk])).status_code == 404
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:my-plan", args=[plan.pk]) not in html
    assert "My plan is for children of 8 and over" in html


def test_my_plan_is_refused_to_those_who_may_not_see_the_plan(client, plan):
    enquirer = UserFactory(roles=[RoleCode.ENQUIRER])
    response = login(client, enquirer).get(reverse("plans:my-plan", args=[plan.pk]))
    assert response.status_code in (403, 404)


def test_the_plan_page_stays_bounded_with_a_large_network(
    client, plan, worker, django_assert_max_num_queries
):
    login(client, worker)
    for n in range(12):
        services.add_safety_network_member(
            plan=plan,
            name=f"Person {n}",
            relationship_to_child="Family friend",
            involvement="Visits",
            kept_informed="Calls",
            by=worker,
        )
        services.record_my_plan_explanation(
            plan=plan,
            explained_on=timezone.localdate() - datetime.timedelta(days=0),
            how=f"Visit {n}",
            agreed_by_child=True,
            by=worker,
        )
    bulk_actions_and_members(plan=plan, actions=10, members=5)
    with django_assert_max_num_queries(30):  # as the plan page test (issue 22)
        response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200


def test_not_asked_whether_a_family_safety_plan_came_adds_no_action(conference, child):
    plan = plan_from(conference=conference, child=child, family_safety_plan_brought=None)
    assert not _forming_actions(plan).exists()
    assert plan.family_safety_plan.forming_action is None
