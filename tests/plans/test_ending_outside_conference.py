"""Ending a plan outside a conference (issue 17 item 1).

Outside a conference a plan ends only because the child reached 18 (the sweep), died, left the UK
permanently or moved away after the receiving authority's transfer-in conference; never "other".
The child's lead social worker or the conference service records it, with the agreement of a team
manager or service manager who is someone else, named with the date. The page shows what will
happen before the plan ends, and only the confirmation's POST ends it; both re-check everything in
the service. The last chair and the conference service are told. The QA manager's work list shows
the endings for 30 days, and plans ended as "other" before until a manager records the real
reason. The admin cannot end a plan or change how it ended."""

import datetime
import re
from html import unescape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from plans import ending, services
from plans.forms import EndPlanForm
from plans.models import (
    ChildProtectionPlan,
    PlanEndReason,
    PlanEndReasonCorrection,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
)
from plans.services import PlanError
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.plans import review_conference
from tests.shared_world import shareable

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = timezone.localdate


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


@shareable
def service_manager(db):
    return UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service")


@shareable
def agreed(manager):
    return {"manager_agreement": manager, "manager_agreed_on": TODAY()}


def _end(plan, by, reason=PlanEndReason.DIED, **kwargs):
    return services.end_plan(plan=plan, reason=reason, ended_on=TODAY(), by=by, **kwargs)


def _still_active(plan) -> bool:
    plan.refresh_from_db()
    return plan.status == PlanStatus.ACTIVE and plan.ended_on is None


# --- The service: the manager's agreement ---------------------------------------------------------


def test_an_ending_outside_a_conference_needs_a_managers_agreement(plan, worker, manager):
    with pytest.raises(PlanError, match="needs the agreement of a team manager") as refused:
        _end(plan, worker)
    assert refused.value.field == "manager_agreement"
    with pytest.raises(PlanError, match="Enter the date the manager agreed") as refused:
        _end(plan, worker, manager_agreement=manager)
    assert refused.value.field == "manager_agreed_on"
    with pytest.raises(PlanError, match="cannot be in the future"):
        _end(
            plan,
            worker,
            manager_agreement=manager,
            manager_agreed_on=TODAY() + datetime.timedelta(days=1),
        )
    with pytest.raises(PlanError, match="on or after the day the plan started"):
        _end(
            plan,
            worker,
            manager_agreement=manager,
            manager_agreed_on=plan.started_on - datetime.timedelta(days=1),
        )
    assert _still_active(plan)


def test_the_recorder_cannot_agree_their_own_ending(plan, child, team):
    both = UserFactory(roles=[RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER], team=team)
    type(child).objects.filter(pk=child.pk).update(lead_social_worker=both)
    plan.refresh_from_db()
    with pytest.raises(PlanError, match="You cannot agree an ending you record") as refused:
        _end(plan, both, manager_agreement=both, manager_agreed_on=TODAY())
    assert refused.value.field == "manager_agreement"
    assert _still_active(plan)


def test_only_a_team_manager_or_service_manager_agrees(plan, worker, chair, manager):
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    left = UserFactory(roles=[RoleCode.TEAM_MANAGER], is_active=False)
    for who in (other_worker, chair, qa, left):
        with pytest.raises(PlanError, match="is not a team manager or service manager"):
            _end(plan, worker, manager_agreement=who, manager_agreed_on=TODAY())
    assert _still_active(plan)


def test_a_team_manager_or_service_manager_agreement_is_recorded_by_name_and_date(
    plan, worker, service_manager
):
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(
        started_on=TODAY() - datetime.timedelta(days=30)
    )
    plan.refresh_from_db()
    agreed_on = TODAY() - datetime.timedelta(days=1)
    ended = _end(
        plan,
        worker,
        reason=PlanEndReason.LEFT_UK,
        manager_agreement=service_manager,
        manager_agreed_on=agreed_on,
    )
    assert (ended.status, ended.end_reason) == (PlanStatus.ENDED, PlanEndReason.LEFT_UK)
    assert (ended.manager_agreement, ended.manager_agreed_on) == (service_manager, agreed_on)
    assert ended.ended_by == worker
    latest = ChildProtectionPlan.history.filter(id=plan.pk).order_by("-history_id").first()
    assert (latest.manager_agreement_id, latest.manager_agreed_on) == (
        service_manager.pk,
        agreed_on,
    )


# --- The service: who records, and why --------------------------------------------------------------


def test_the_lead_social_worker_or_the_conference_service_records_it(
    plan, worker, manager, coordinator, service_manager, agreed
):
    """The line manager and a service manager agree an ending; they do not record one. Another
    social worker who is not the child's lead does not either."""
    another_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    for who in (manager, service_manager, another_worker):
        assert not services.may_end_plan_outside_conference(plan, who)
        with pytest.raises(PlanError, match="Only the child's lead social worker"):
            _end(plan, who, **agreed)
    assert _still_active(plan)
    assert services.may_end_plan_outside_conference(plan, worker)
    assert services.may_end_plan_outside_conference(plan, coordinator)
    ended = _end(plan, coordinator, **agreed)
    assert ended.ended_by == coordinator


def test_other_is_kept_for_old_records_but_refused_for_new_endings(plan, worker, agreed):
    assert PlanEndReason.OTHER in PlanEndReason.values
    assert PlanEndReason.OTHER not in dict(EndPlanForm.base_fields["reason"].choices)
    with pytest.raises(PlanError, match="only because the child died") as refused:
        _end(plan, worker, reason=PlanEndReason.OTHER, note="The family asked", **agreed)
    assert refused.value.field == "reason"
    assert _still_active(plan)


def test_only_the_sweep_ends_a_plan_without_a_person_and_only_at_18(plan, child):
    with pytest.raises(PlanError, match="Only the sweep"):
        _end(plan, None, reason=PlanEndReason.DIED)
    assert _still_active(plan)
    # 18 the day before yesterday: the sweep ends the plan, with no agreement.
    type(child).objects.filter(pk=child.pk).update(
        date_of_birth=datetime.date(2008, 11, 2), lead_social_worker=None
    )
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(started_on=datetime.date(2026, 11, 1))
    assert services.end_plans_of_adults(TODAY()) == 1
    ended = ChildProtectionPlan.objects.get(child=child)
    assert (ended.status, ended.end_reason, ended.ended_on) == (
        PlanStatus.ENDED,
        PlanEndReason.REACHED_18,
        datetime.date(2026, 11, 2),
    )
    assert ended.manager_agreement is None and ended.ended_by is None


def test_a_move_ends_the_plan_on_or_after_the_transfer_in_conference(plan, worker, agreed):
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(
        started_on=TODAY() - datetime.timedelta(days=60)
    )
    plan.refresh_from_db()
    moved = {
        "plan": plan,
        "reason": PlanEndReason.MOVED_AWAY,
        "by": worker,
        "receiving_authority": "Somerset Council",
        "transfer_in_conference_on": TODAY() - datetime.timedelta(days=5),
        **agreed,
    }
    with pytest.raises(PlanError, match="on or after the day it was held") as refused:
        services.end_plan(ended_on=TODAY() - datetime.timedelta(days=10), **moved)
    assert refused.value.field == "ended_on"
    assert _still_active(plan)
    ended = services.end_plan(ended_on=TODAY() - datetime.timedelta(days=5), **moved)
    assert ended.receiving_authority == "Somerset Council"


def test_a_conference_ends_a_plan_only_as_no_longer_at_risk(plan, child, chair, agreed):
    review = review_conference(child=child, chair=chair)
    with pytest.raises(PlanError, match="only because the child is no longer at risk"):
        _end(plan, chair, conference=review, **agreed)
    assert _still_active(plan)


# --- Who is told ------------------------------------------------------------------------------------


def test_the_last_chair_and_the_conference_service_are_told_after_commit(
    plan, child, worker, coordinator, agreed, django_capture_on_commit_callbacks
):
    review_chair = UserFactory(roles=[RoleCode.CHAIR], email="rita.review@council.example")
    later = plan.started_by_conference.starts_at + datetime.timedelta(minutes=90)
    services.continue_plan_at_review(
        plan=plan,
        conference=review_conference(child=child, chair=review_chair, starts_at=later),
        held_on=TODAY(),
        by=review_chair,
    )
    assert services.last_conference_of(plan).chair == review_chair
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _end(plan, worker, **agreed)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    outside = [m for m in mail.outbox if "ended outside a conference" in m.subject]
    assert {m.to[0] for m in outside} == {review_chair.email, coordinator.email}
    assert all("Agreed by" in m.body and "Died" in m.body for m in outside)
    notices = PlanNotice.objects.filter(plan=plan)
    assert set(notices.filter(kind=PlanNoticeKind.ENDED_CHAIR).values_list("user", flat=True)) == {
        review_chair.pk
    }
    assert set(
        notices.filter(kind=PlanNoticeKind.ENDED_CONFERENCE_SERVICE).values_list("user", flat=True)
    ) == {coordinator.pk}
    # The initial invitees are told as before.
    assert notices.filter(kind=PlanNoticeKind.ENDED).exists()


def test_an_ending_at_a_review_does_not_tell_the_conference_service_as_outside(
    plan, child, chair, coordinator
):
    services.continue_plan_at_review(
        plan=plan, conference=review_conference(child=child, chair=chair), held_on=TODAY(), by=chair
    )
    second = review_conference(child=child, chair=chair)
    ended = _end(plan, chair, reason=PlanEndReason.NO_LONGER_AT_RISK, conference=second)
    assert ended.manager_agreement is None
    assert not PlanNotice.objects.filter(
        plan=plan, kind__in=[PlanNoticeKind.ENDED_CHAIR, PlanNoticeKind.ENDED_CONFERENCE_SERVICE]
    ).exists()


# --- The pages: every POST that can end a plan ----------------------------------------------------


def _answers(manager=None, **overrides) -> dict:
    today = TODAY()
    data = {
        "reason": "died",
        "ended_on_day": today.day,
        "ended_on_month": today.month,
        "ended_on_year": today.year,
        "step_down": "none",
    }
    if manager is not None:
        data.update(
            manager_agreement=manager.pk,
            manager_agreed_on_day=today.day,
            manager_agreed_on_month=today.month,
            manager_agreed_on_year=today.year,
        )
    data.update(overrides)
    return data


@pytest.mark.parametrize("step", ["form", "confirm"])
@pytest.mark.parametrize("agreement", ["none", "themselves", "a team manager"])
def test_a_social_worker_posting_any_ending_form_without_a_managers_agreement_leaves_the_plan_active(
    client, plan, child, team, manager, step, agreement
):
    """The ending page never ends a plan (it shows the confirmation page); the confirmation's POST
    ends it only with the agreement of a manager who is someone else."""
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER], team=team)
    type(child).objects.filter(pk=child.pk).update(lead_social_worker=worker)
    by = {"none": None, "themselves": worker, "a team manager": manager}[agreement]
    login(client, worker)
    url = reverse("plans:end" if step == "form" else "plans:end-confirm", args=[plan.pk])
    response = client.post(url, _answers(by))
    html = unescape(response.content.decode())
    if step == "confirm" and agreement == "a team manager":
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ENDED and plan.manager_agreement == manager
        return
    assert response.status_code == 200
    assert _still_active(plan)
    if agreement == "none":
        assert "There is a problem" in html
        assert "needs the agreement of a team manager" in html
    elif agreement == "themselves":
        assert "You cannot agree an ending you record" in html
    else:
        assert "Check before you end the plan" in html


def test_a_plain_social_worker_cannot_name_themselves_as_the_manager(client, plan, worker):
    login(client, worker)
    for name in ("plans:end", "plans:end-confirm"):
        response = client.post(reverse(name, args=[plan.pk]), _answers(worker))
        assert response.status_code == 200
        assert "Select the team manager or service manager who agreed" in unescape(
            response.content.decode()
        )
    assert _still_active(plan)


def test_the_line_manager_cannot_post_an_ending(client, plan, manager, service_manager):
    login(client, manager)
    for name in ("plans:end", "plans:end-confirm"):
        response = client.post(reverse(name, args=[plan.pk]), _answers(service_manager))
        assert response.status_code == 403
    assert _still_active(plan)


def test_the_confirmation_page_says_what_will_happen_and_the_confirm_step_checks_again(
    client, plan, worker, manager, coordinator
):
    login(client, worker)
    response = client.post(reverse("plans:end", args=[plan.pk]), _answers(manager))
    html = unescape(response.content.decode())
    assert "Check before you end the plan" in html
    withdrawn = re.search(r'<ul[^>]*id="deadlines-withdrawn"[^>]*>(.*?)</ul>', html, re.S).group(1)
    live = ending.ending_preview(plan).deadlines
    assert live and all(deadline.get_rule_display() in withdrawn for deadline in live)
    told = re.search(r'<ul[^>]*id="people-told"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert "Hannah Visitor" in told
    assert "Carol Chair" in told and "The conference service" in told
    assert f"{manager.full_name} on" in html
    assert _still_active(plan)

    # The manager's role ends between the pages: the confirm step refuses.
    manager.roles.clear()
    response = client.post(reverse("plans:end-confirm", args=[plan.pk]), _answers(manager))
    assert response.status_code == 200
    assert _still_active(plan)


def test_change_your_answers_returns_to_the_form_with_them(client, plan, worker, manager):
    login(client, worker)
    response = client.post(
        reverse("plans:end", args=[plan.pk]), {**_answers(manager), "change": "yes"}
    )
    html = unescape(response.content.decode())
    assert "End the child protection plan" in html and "There is a problem" not in html
    assert f'value="{manager.pk}" selected' in html


# --- The QA manager's list and the real reason of old "other" endings ----------------------------


def _ended_as_other(plan, *, ended_on):
    """A plan ended with "other" before issue 17, saved as the old service saved it (with its
    history row)."""
    plan.refresh_from_db()
    plan.status, plan.ended_on = PlanStatus.ENDED, ended_on
    plan.end_reason, plan.end_note = PlanEndReason.OTHER, "Family moved on"
    plan._change_reason = "Ended: Other"
    plan.save()
    return plan


def _qa_list(client, user):
    login(client, user)
    response = client.get("/")
    lists = {w.slug: w for s in response.context["sections"] for w in s["work_lists"]}
    return lists.get("plans-ended-outside-conference")


def test_the_qa_manager_sees_endings_outside_a_conference_for_30_days(client, plan, worker, agreed):
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    assert _qa_list(client, qa).items == []
    _end(plan, worker, **agreed)
    (item,) = _qa_list(client, qa).items
    assert item.text == "Amelia Jones"
    assert "Died" in item.details
    assert f"Agreed by {agreed['manager_agreement'].full_name}" in " ".join(item.details)
    with time_machine.travel(WEDNESDAY + datetime.timedelta(days=29), tick=False):
        assert len(_qa_list(client, qa).items) == 1
    with time_machine.travel(WEDNESDAY + datetime.timedelta(days=31), tick=False):
        assert _qa_list(client, qa).items == []


def test_an_ending_at_a_review_is_not_on_the_qa_list(client, plan, child, chair):
    services.continue_plan_at_review(
        plan=plan, conference=review_conference(child=child, chair=chair), held_on=TODAY(), by=chair
    )
    _end(
        plan,
        chair,
        reason=PlanEndReason.NO_LONGER_AT_RISK,
        conference=review_conference(child=child, chair=chair),
    )
    assert _qa_list(client, UserFactory(roles=[RoleCode.QA_MANAGER])).items == []


def test_an_old_other_ending_shows_until_a_manager_records_the_real_reason(
    client, plan, manager, worker
):
    # Ended long ago, with no record of when or by whom: still listed.
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(started_on=datetime.date(2024, 1, 10))
    _ended_as_other(plan, ended_on=datetime.date(2025, 3, 3))
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    (item,) = _qa_list(client, qa).items
    assert any("Ended outside the procedure" in detail for detail in item.details)
    assert item.links == []  # a QA manager does not record the real reason

    qa_and_manager = UserFactory(roles=[RoleCode.QA_MANAGER, RoleCode.SERVICE_MANAGER])
    (item,) = _qa_list(client, qa_and_manager).items
    url = reverse("plans:real-end-reason", args=[plan.pk])
    assert item.links == [("Record the real reason", url)]

    # Nobody else records it: the QA manager, the social worker.
    for who in (qa, worker):
        login(client, who)
        assert client.get(url).status_code == 403
        with pytest.raises(PlanError, match="Only a team manager or service manager"):
            ending.record_real_end_reason(plan=plan, reason="died", by=who, note="Records")

    login(client, manager)
    detail = unescape(client.get(reverse("plans:detail", args=[plan.pk])).content.decode())
    assert "It ended outside the procedure" in detail and url in detail
    response = client.post(url, {"reason": "", "note": ""})
    assert "There is a problem" in unescape(response.content.decode())
    response = client.post(
        url, {"reason": "left_uk", "note": "The case record shows the family emigrated."}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_reason == PlanEndReason.LEFT_UK
    correction = PlanEndReasonCorrection.objects.get(plan=plan)
    assert (correction.from_reason, correction.to_reason, correction.recorded_by) == (
        PlanEndReason.OTHER,
        PlanEndReason.LEFT_UK,
        manager,
    )
    history = list(ChildProtectionPlan.history.filter(id=plan.pk).order_by("-history_id"))
    assert history[0].end_reason == PlanEndReason.LEFT_UK
    assert "ended with the reason Other" in history[0].history_change_reason
    assert history[0].history_user == manager
    assert any(row.end_reason == PlanEndReason.OTHER for row in history[1:])
    assert plan.end_note == "Family moved on"  # the original note is kept
    assert _qa_list(client, qa).items == []
    with pytest.raises(PlanError, match="its reason stands"):
        ending.record_real_end_reason(plan=plan, reason="died", by=manager, note="Again")


def test_the_qa_list_reads_the_same_queries_for_2_and_12_plans(
    client, plan, worker, chair, coordinator, django_assert_max_num_queries
):
    from tests.factories.children import ChildFactory

    qa = UserFactory(roles=[RoleCode.QA_MANAGER, RoleCode.TEAM_MANAGER])

    def grow(n):
        for _ in range(n):
            other = ChildFactory(lead_social_worker=worker)
            copy = ChildProtectionPlan.objects.create(
                child=other,
                started_on=plan.started_on,
                started_by_conference=plan.started_by_conference,
                category=plan.category,
            )
            ChildProtectionPlan.objects.filter(pk=copy.pk).update(
                status=PlanStatus.ENDED,
                ended_on=TODAY(),
                ended_at=timezone.now(),
                end_reason=PlanEndReason.DIED,
                ended_by=worker,
                manager_agreement=qa,
                manager_agreed_on=TODAY(),
            )

    login(client, qa)
    grow(2)
    client.get("/")
    with django_assert_max_num_queries(80) as small:
        client.get("/")
    grow(10)
    with django_assert_max_num_queries(80) as large:
        response = client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "Plans ended outside a conference" in response.content.decode()


# --- The admin --------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The names and values a browser would post from the admin's form."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _admin_form(admin_client, url) -> dict:
    response = admin_client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def test_the_admin_cannot_end_a_plan_or_change_how_it_ended(admin_client, plan, worker, agreed):
    from plans.admin import END_FIELDS

    url = f"/admin/plans/childprotectionplan/{plan.pk}/change/"
    data = _admin_form(admin_client, url)
    assert not set(END_FIELDS) & set(data)  # read-only: not in the form
    data.update(
        {
            "status": "ended",
            "ended_on": TODAY().isoformat(),
            "end_reason": "other",
            "contingency_plan": "Changed in the admin",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    # What a conference decided is read-only in the admin too (issue 17 items 5 and 12).
    assert plan.contingency_plan != "Changed in the admin"
    assert _still_active(plan)

    # Ended through the service, the admin cannot reopen it by reverting to an older version.
    _end(plan, worker, **agreed)
    first = ChildProtectionPlan.history.filter(id=plan.pk).order_by("history_id").first()
    assert first.status == PlanStatus.ACTIVE
    revert_url = f"/admin/plans/childprotectionplan/{plan.pk}/history/{first.history_id}/"
    response = admin_client.post(revert_url, _admin_form(admin_client, revert_url))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.end_reason, plan.manager_agreement) == (
        PlanStatus.ENDED,
        PlanEndReason.DIED,
        agreed["manager_agreement"],
    )


def test_the_admin_shows_the_end_reason_corrections_read_only(admin_client, plan):
    assert admin_client.get("/admin/plans/planendreasoncorrection/").status_code == 200
    assert admin_client.get("/admin/plans/planendreasoncorrection/add/").status_code == 403
