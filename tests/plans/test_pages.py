"""The plan's page: what it shows, who may open it (page not found for anyone else), the access
log, a fixed number of queries, the child page's summary and the admin."""

from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import RoleCode
from children.models import ChildRecordView, NamedAccess
from children.summary import plans_for
from conferences.models import Invitation, InviteeKind
from plans import selectors, services
from plans.admin import PlanDangerStatementAdmin
from plans.models import CoreGroupMember, PlanDangerStatement
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory
from tests.factories.conferences import agency_professional_for
from tests.factories.plans import (
    DANGER_STATEMENTS,
    bulk_actions_and_members,
    end_plan_directly,
    review_conference,
)


def _url(plan):
    return reverse("plans:detail", args=[plan.pk])


def test_the_social_worker_works_from_the_plan_page(client, plan, worker, conference):
    services.add_core_group_danger_statement(
        plan=plan, text="Amelia may miss school", safety_goal="Amelia goes every day", by=worker
    )
    response = login(client, worker).get(_url(plan))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Amelia Jones" in html
    assert "Neglect" in html
    assert "Domestic abuse" in html
    assert "First plan" in html
    for text, goal in DANGER_STATEMENTS:
        assert text in html and goal in html
    assert html.count("Set by the conference on") == 2
    assert "Added by the core group on" in html
    assert "Refer the parents to the domestic abuse programme" in html
    assert "Weigh Amelia and check her health" in html
    assert "Not started" in html
    assert "If the parents fight again" in html
    assert "Hannah Visitor" in html and "Sarah Jones" in html
    assert "At least every 10 working days" in html
    assert "First core group meeting" in html  # the deadlines table
    assert "First review conference" in html
    assert reverse("conferences:conference", args=[conference.pk]) in html


def test_viewing_the_plan_is_recorded_in_the_access_log(client, plan, worker):
    login(client, worker).get(_url(plan))
    view = ChildRecordView.objects.get(child=plan.child, user=worker)
    assert view.what == "Child protection plan"
    assert view.path == _url(plan)


def test_a_subsequent_plan_says_when_the_last_one_ended(client, plan, child, chair, worker):
    end_plan_directly(plan, plan.started_on)
    second = services.start_child_protection_plan(
        child=child,
        conference=review_conference(child=child, chair=chair),
        started_on=plan.started_on,
        category="physical_abuse",
        by=chair,
    )
    html = login(client, worker).get(_url(second)).content.decode()
    assert "Second or subsequent plan" in html
    assert "the previous plan ended" in html


def test_an_agency_professional_outside_the_core_group_gets_page_not_found(client, plan, child):
    professional, _ = agency_professional_for(child=child)
    assert login(client, professional).get(_url(plan)).status_code == 404
    assert not ChildRecordView.objects.filter(user=professional).exists()


def test_a_core_group_member_opens_the_plan_without_the_timescales(client, plan, child):
    professional, _ = agency_professional_for(child=child)
    member = CoreGroupMember.objects.create(
        plan=plan, name=professional.full_name, role="Health visitor", user=professional
    )
    response = login(client, professional).get(_url(plan))
    assert response.status_code == 200
    assert "First core group meeting" not in response.content.decode()
    # Leaving the core group closes the page again.
    member.is_active = False
    member.save()
    assert client.get(_url(plan)).status_code == 404


def test_a_social_worker_not_named_on_a_restricted_child_gets_page_not_found(
    client, plan, child, worker
):
    child.is_restricted = True
    child.save()
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    assert login(client, other_worker).get(_url(plan)).status_code == 404
    NamedAccess.objects.create(child=child, user=other_worker, reason="Covering")
    assert client.get(_url(plan)).status_code == 200


def test_a_restricted_childs_plan_stays_hidden_from_a_core_group_member_not_named(
    client, plan, child
):
    professional, _ = agency_professional_for(child=child)
    CoreGroupMember.objects.create(plan=plan, name=professional.full_name, user=professional)
    child.is_restricted = True
    child.save()
    assert login(client, professional).get(_url(plan)).status_code == 404


def test_a_core_group_member_follows_the_conference_link_only_when_invited(
    client, plan, child, conference
):
    """conferences.view_conference, answered from the plan's own query (issue 25)."""
    professional, involvement = agency_professional_for(child=child)
    CoreGroupMember.objects.create(plan=plan, name=professional.full_name, user=professional)
    link = reverse("conferences:conference", args=[conference.pk])
    assert link not in login(client, professional).get(_url(plan)).content.decode()
    invitation = Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        involvement=involvement,
        user=professional,
        name=professional.full_name,
        connection="Health visitor",
        email=professional.email,
        method="email",
    )
    assert link in client.get(_url(plan)).content.decode()
    invitation.is_active = False
    invitation.save()
    assert link not in client.get(_url(plan)).content.decode()


def test_an_enquirer_gets_page_not_found(client, plan):
    enquirer = UserFactory(roles=[RoleCode.ENQUIRER])
    assert login(client, enquirer).get(_url(plan)).status_code == 404


def _queries_for_page(client, django_assert_max_num_queries, plan, user, limit):
    login(client, user)
    # SQLite (`make run`) checks once per connection that it has JSON functions; not the page's.
    connection.features.supports_json_field  # noqa: B018
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(_url(plan))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_plan_page_reads_a_fixed_number_of_queries(
    client, plan, worker, django_assert_max_num_queries
):
    # 13: the permissions asked of the plan's conferences and its last conference's chair are
    # read on the plan's own query, the core group warning from the page's deadlines, and the
    # lists the plan has no rows in cost no query (issue 25, ADR 80).
    _queries_for_page(client, django_assert_max_num_queries, plan, worker, 22)  # warm caches
    small = _queries_for_page(client, django_assert_max_num_queries, plan, worker, 13)
    bulk_actions_and_members(plan=plan, actions=30, members=10)
    large = _queries_for_page(client, django_assert_max_num_queries, plan, worker, 13)
    assert large == small
    html = client.get(_url(plan)).content.decode()
    assert "Action 29" in html


def test_the_child_page_shows_the_plan_from_one_query(
    client, plan, child, worker, chair, django_assert_num_queries
):
    others = [ChildFactory(lead_social_worker=worker) for _ in range(3)]
    second = services.start_child_protection_plan(
        child=others[0],
        conference=review_conference(child=others[0], chair=chair),
        started_on=plan.started_on,
        category="sexual_abuse",
        by=chair,
    )
    with django_assert_num_queries(1):
        summaries = selectors.plans_for_children([child, *others], worker)
    assert set(summaries) == {child.pk, others[0].pk}
    assert summaries[child.pk].category == "Neglect"
    assert summaries[child.pk].url == _url(plan)
    assert summaries[others[0].pk].category == "Sexual abuse"
    assert summaries[others[0].pk].since == second.started_on
    html = login(client, worker).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert (
        f'<a class="govuk-link" href="{_url(plan)}">Child protection plan</a>, category: Neglect'
        in html
    )


def test_the_child_page_shows_a_child_in_need_plan_when_there_is_no_protection_plan(child, worker):
    from django.utils import timezone

    services.start_child_in_need_plan(child=child, started_on=timezone.localdate(), by=worker)
    assert plans_for([child], worker)[child.pk].plan == "Child in Need plan"


def test_the_admin_shows_conference_set_danger_statements_read_only(admin_client, plan, worker):
    statement = plan.danger_statements.get(position=1)
    model_admin = PlanDangerStatementAdmin(PlanDangerStatement, admin_site=None)
    readonly = model_admin.get_readonly_fields(request=None, obj=statement)
    assert {"text", "safety_goal", "is_active", "position"} <= set(readonly)
    added = services.add_core_group_danger_statement(
        plan=plan, text="Added", safety_goal="Goal", by=worker
    )
    assert "text" not in model_admin.get_readonly_fields(request=None, obj=added)

    url = f"/admin/plans/plandangerstatement/{statement.pk}/change/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(
        url,
        {"text": "Rewritten in the admin", "safety_goal": "Rewritten", "is_active": ""},
    )
    statement.refresh_from_db()
    assert (statement.text, statement.safety_goal, statement.is_active) == (
        *DANGER_STATEMENTS[0],
        True,
    )
    assert admin_client.get(f"{url[: -len('change/')]}delete/").status_code == 403
    assert admin_client.get("/admin/plans/plandangerstatement/add/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/plans/childprotectionplan/",
        "/admin/plans/plandangerstatement/",
        "/admin/plans/midwayreviewnote/",
        "/admin/plans/driftflag/",
        "/admin/plans/transferin/",
    ],
)
def test_the_admin_lists_plans(admin_client, plan, path):
    assert admin_client.get(path).status_code == 200
