"""Issue 18 item 4: the minutes start from the record. The minute taker's work list leads to where
the minutes are started; the draft holds the decision, the views, the dissent, the danger
statements with their goals and scores, the plan and the dates already set; the minutes are not
sent to the chair while a section still says "To be completed"; the chair decides whether the
invited professionals who sent apologies receive the minutes. Synthetic data only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from conferences.models import Attendance, AttendanceStatus
from core.templatetags.govuk import govuk_date
from reports import minutes_apologies, services
from reports.minutes_draft import TO_BE_COMPLETED
from reports.models import ConferenceMinutes, MinutesCopy, MinutesStatus
from reports.services import MinutesIncomplete, ReportError
from tests.factories.accounts import UserFactory
from tests.factories.children import enquiries_needing_conference
from tests.factories.conferences import (
    decide_every_child,
    make_quorate,
    send_request,
)
from tests.factories.reports import (
    complete_minutes,
    decided_conference,
    held_conference,
    professional_invitation,
)
from tests.factories.voice import DEFAULT_VIEWS
from tests.shared_world import shareable
from timescales.models import Deadline, RuleCode

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = pytest.mark.clock_at(WEDNESDAY)


@shareable
def minute_taker(db):
    return UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Morgan Minutes")


@shareable
def held(worker, coordinator, chair, children, agency_user, minute_taker):
    """Held with a Signs of Safety record and a professionals-only slot, nothing decided."""
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference, _ = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        professionals=[agency_user],
    )
    return conference


@shareable
def decided(worker, coordinator, chair, children, minute_taker):
    """Held: views with a dissent, scores, a plan decision for each child (see the factory)."""
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    return decided_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        children=children,
    )


def sections_of(minutes) -> dict:
    return {s.heading: s for s in minutes.sections.order_by("position")}


# --- The work list -------------------------------------------------------------------------------


def _work_item(client, user, conference):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    lists = {w.slug: w for s in response.context["sections"] for w in s["work_lists"]}
    return next(
        item
        for item in lists["minutes-to-draft"].items
        if item.href.split("/")[3] == str(conference.pk)
    )


def test_the_work_list_leads_to_where_the_minutes_are_started(client, decided, minute_taker):
    item = _work_item(client, minute_taker, decided)
    assert item.details[-1] == "Not started"
    response = client.get(item.href)  # was "page not found": the edit page of no minutes
    assert response.status_code == 200
    assert b"Start the minutes" in response.content
    client.post(reverse("reports:start-minutes", args=[decided.pk]))

    item = _work_item(client, minute_taker, decided)
    assert item.details[-1] == "Draft"
    response = client.get(item.href)
    assert response.status_code == 200
    assert b"Edit the minutes" in response.content


def test_the_edit_page_of_minutes_not_started_leads_to_the_start(client, held, minute_taker):
    client.force_login(minute_taker)
    response = client.get(reverse("reports:edit-minutes", args=[held.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:minutes", args=[held.pk])


# --- The draft from the record -------------------------------------------------------------------


def test_the_draft_starts_from_the_decision_views_dissent_scales_plan_and_dates(
    decided, minute_taker, children, worker
):
    minutes = services.start_minutes(conference=decided, by=minute_taker)
    sections = sections_of(minutes)
    assert list(sections) == [
        "Attendance and apologies",
        "The worries",
        "What is working well",
        "Danger statements and safety goals",
        "Safety scale",
        "The child's views",
        "Views",
        "Dissent",
        "Decision",
        "The plan",
        "Dates",
    ]
    amelia, noah = children

    # Issue 21: each child's views in a section of its own, per child.
    childs_views = sections["The child's views"].text
    for child in (amelia, noah):
        assert f"{child.legal_name}: {DEFAULT_VIEWS}" in childs_views

    decision = sections["Decision"].text
    assert f"{amelia.legal_name}: Child protection plan under the category of neglect." in decision
    assert "The chair's reasons: The children are at continuing risk of neglect." in decision

    views = sections["Views"].text
    assert "The social worker recommended: Child protection plan" in views
    assert "Professional 1 (Agency 1): Child protection plan" in views
    assert "Professional 3 (Agency 3): No further action (dissents from the decision)" in views

    dissent = sections["Dissent"].text
    assert "Professional 3 (Agency 3): The family are working well with the school." in dissent
    assert "Professional 1" not in dissent

    dangers = sections["Danger statements and safety goals"].text
    assert "Danger statement 1: Danger statement 1: the children may be hurt" in dangers
    assert "Safety goal 2: Safety goal 2: the adults keep the children safe" in dangers

    scale = sections["Safety scale"].text.split("\n\n")
    amelias = next(part for part in scale if part.startswith(amelia.legal_name))
    noahs = next(part for part in scale if part.startswith(noah.legal_name))
    assert "Hannah Visitor (Health visitor): 3" in amelias
    assert "Hannah Visitor (Health visitor): 5" in amelias
    assert "Hannah Visitor (Health visitor): 7" in noahs and ": 3" not in noahs

    plan = sections["The plan"].text
    assert "Outcomes for the child: The children are fed, clean and at school every day." in plan
    assert (
        "Sarah Jones: Attend a parenting course, by 2 December 2026 "
        "(towards danger statement 1)" in plan
    )
    assert "Contingency plan: If the plan is not followed, a strategy discussion is held." in plan
    assert "Next steps: Core group to meet within 10 working days." in plan

    dates = sections["Dates"].text
    assert f"The conference: {govuk_date(timezone.localdate(decided.starts_at))}" in dates
    plan_of_amelia = amelia.protection_plans.get()
    first_core_group = Deadline.objects.get(
        rule=RuleCode.CG_FIRST, subject_id=plan_of_amelia.pk
    ).due_on
    assert f"First core group meeting: by {govuk_date(first_core_group)}" in dates
    assert f"Review conference: by {govuk_date(plan_of_amelia.next_review_due)}" in dates
    assert "Social work visits: at least every 10 working days" in dates

    # Everything came from the record: nothing is left to complete.
    assert not [s.heading for s in sections.values() if TO_BE_COMPLETED in s.text]
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)


def test_what_the_record_does_not_hold_is_to_be_completed(held, minute_taker):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    sections = sections_of(minutes)
    assert "Bruising seen at nursery." in sections["The worries"].text
    for heading in ("Safety scale", "Views", "Dissent", "Decision", "Dates"):
        assert sections[heading].text == TO_BE_COMPLETED, heading
    # The next steps were recorded; the plan itself was not decided yet.
    assert sections["The plan"].text.startswith(TO_BE_COMPLETED)
    assert "Next steps: Core group to meet within 10 working days." in sections["The plan"].text
    slot = sections["Professionals-only discussion"]
    assert slot.family_may_see is False and TO_BE_COMPLETED in slot.text
    headings = list(sections)
    assert headings.index("Professionals-only discussion") == headings.index("Views") - 1


def test_nobody_dissenting_is_said_plainly(decided, minute_taker):
    from conferences.models import ProfessionalView

    ProfessionalView.objects.update(dissent=False, dissent_reason="")
    minutes = services.start_minutes(conference=decided, by=minute_taker)
    assert sections_of(minutes)["Dissent"].text == "Nobody dissented from the decision."


# --- Sending for approval ------------------------------------------------------------------------


def test_sending_to_the_chair_is_refused_while_a_section_is_to_be_completed(
    held, minute_taker, chair
):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    positions = [s.heading for s in minutes.sections.order_by("position")]
    with pytest.raises(MinutesIncomplete) as error:
        services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    assert isinstance(error.value, ReportError)
    problems = dict(error.value.problems)
    decision_field = f"sections-{positions.index('Decision')}-text"
    assert problems[decision_field] == (
        "Complete the section “Decision”: it still says “To be completed”"
    )
    assert error.value.field == f"sections-{positions.index('Safety scale')}-text"
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT and minutes.submitted_to_chair_at is None

    # One section left: still refused, naming it.
    complete_minutes(minutes=minutes, by=minute_taker)
    rows = [
        {"heading": s.heading, "text": s.text, "family_may_see": s.family_may_see}
        for s in minutes.sections.order_by("position")
    ]
    rows[1]["text"] = "The worries. To be completed after the chair checks."
    services.save_minutes(minutes=minutes, by=minute_taker, sections=rows)
    with pytest.raises(MinutesIncomplete) as error:
        services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    assert error.value.problems == [
        ("sections-1-text", "Complete the section “The worries”: it still says “To be completed”")
    ]
    rows[1]["text"] = "Bruising seen at nursery."
    services.save_minutes(minutes=minutes, by=minute_taker, sections=rows)
    assert services.submit_minutes_to_chair(minutes=minutes, by=minute_taker).status == (
        MinutesStatus.WITH_CHAIR
    )
    # The chair may still edit; a section put back "To be completed" blocks approval.
    rows[2]["text"] = TO_BE_COMPLETED
    services.save_minutes(minutes=minutes, by=chair, sections=rows)
    with pytest.raises(MinutesIncomplete):
        services.approve_minutes(minutes=minutes, by=chair)


def test_the_refusal_is_shown_next_to_each_section(client, held, minute_taker):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    positions = [s.heading for s in minutes.sections.order_by("position")]
    decision = positions.index("Decision")
    client.force_login(minute_taker)
    response = client.post(reverse("reports:submit-minutes", args=[held.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error:" in html and "govuk-error-summary" in html
    message = "Complete the section “Decision”: it still says “To be completed”"
    assert f'href="#id_sections-{decision}-text"' in html
    assert f'id="id_sections-{decision}-text-error"' in html
    assert html.count(message) == 2  # in the summary and next to the section
    assert ConferenceMinutes.objects.get().status == MinutesStatus.DRAFT

    # "Save and send": what was typed is saved, the remaining section is refused next to it.
    data = {
        "sections-TOTAL_FORMS": str(len(positions)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "100",
        "send": "1",
    }
    for index, section in enumerate(minutes.sections.order_by("position")):
        data[f"sections-{index}-heading"] = section.heading
        text = section.text if index == decision else f"Written: {section.heading}"
        data[f"sections-{index}-text"] = text
        data[f"sections-{index}-family_may_see"] = "on" if section.family_may_see else ""
    edit = reverse("reports:edit-minutes", args=[held.pk])
    response = client.post(edit, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_sections-{decision}-text-error"' in html and message in html
    assert "Written: The worries" in html
    assert minutes.sections.filter(text="Written: Views").exists()
    assert ConferenceMinutes.objects.get().status == MinutesStatus.DRAFT

    data[f"sections-{decision}-text"] = "A child protection plan under the category of neglect."
    response = client.post(edit, data)
    assert response.status_code == 302
    assert ConferenceMinutes.objects.get().status == MinutesStatus.WITH_CHAIR
    # Sending twice: one submission, the second told they are with the chair.
    response = client.post(reverse("reports:submit-minutes", args=[held.pk]))
    assert response.status_code == 302


# --- Professionals who sent apologies ------------------------------------------------------------


@shareable
def with_apologies(held, make_user):
    """A GP invited who sent apologies."""
    gp = make_user(
        RoleCode.AGENCY_PROFESSIONAL, full_name="Greta Doctor", email="greta.doctor@gp.example"
    )
    invitation = professional_invitation(held, user=gp)
    Attendance.objects.create(
        conference=held,
        invitation=invitation,
        user=gp,
        name=invitation.name,
        kind="professional",
        status=AttendanceStatus.APOLOGIES,
    )
    return invitation


def _approved(held, minute_taker, chair):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    return services.approve_minutes(minutes=minutes, by=chair)


def test_professionals_who_sent_apologies_receive_the_minutes_by_default(
    held, with_apologies, minute_taker, chair, coordinator, django_capture_on_commit_callbacks
):
    minutes = _approved(held, minute_taker, chair)
    assert minutes.apologies_receive_copy is True and minutes.apologies_decided_by is None
    planned = services.planned_copies(held, minutes=minutes)
    assert [
        (p["invitation"].name, p["sent_apologies"]) for p in planned if p["sent_apologies"]
    ] == [(with_apologies.name, True)]
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(minutes=minutes, by=coordinator)
    copy = MinutesCopy.objects.get(invitation=with_apologies)
    assert copy.is_family_copy is False and copy.method == "email"
    assert ["greta.doctor@gp.example"] in [m.to for m in mail.outbox if "Minutes" in m.subject]


def test_the_chair_decides_professionals_who_sent_apologies_do_not_receive_them(
    held, with_apologies, minute_taker, chair, coordinator, django_capture_on_commit_callbacks
):
    minutes = _approved(held, minute_taker, chair)
    for user in (minute_taker, coordinator):
        with pytest.raises(ReportError, match="Only the conference's chair"):
            minutes_apologies.decide_apologies_copies(minutes=minutes, by=user, receive=False)
    with pytest.raises(ReportError) as error:
        minutes_apologies.decide_apologies_copies(minutes=minutes, by=chair, receive=None)
    assert error.value.field == "receive"
    minutes_apologies.decide_apologies_copies(minutes=minutes, by=chair, receive=False)
    minutes.refresh_from_db()
    assert minutes.apologies_receive_copy is False and minutes.apologies_decided_by == chair
    assert minutes.history.filter(apologies_receive_copy=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(minutes=minutes, by=coordinator)
    assert not MinutesCopy.objects.filter(invitation=with_apologies).exists()
    assert MinutesCopy.objects.count() == 2  # the mother and the health visitor who attended
    assert ["greta.doctor@gp.example"] not in [m.to for m in mail.outbox]
    with pytest.raises(ReportError, match="already been circulated"):
        minutes_apologies.decide_apologies_copies(minutes=minutes, by=chair, receive=True)


def test_the_chairs_apologies_page(client, held, with_apologies, minute_taker, chair, coordinator):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    url = reverse("reports:minutes-apologies", args=[held.pk])
    for user in (minute_taker, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"receive": "no"}).status_code == 403
    client.force_login(chair)
    page = client.get(reverse("reports:minutes", args=[held.pk])).content.decode()
    assert "Professionals who sent apologies" in page and "Greta Doctor" in page
    response = client.get(url)
    assert response.status_code == 200
    assert "Greta Doctor" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 200
    assert b"Select whether the professionals who sent apologies" in response.content
    assert b'href="#id_receive_0"' in response.content
    response = client.post(url, {"receive": "no"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.apologies_receive_copy is False
    page = client.get(reverse("reports:minutes", args=[held.pk])).content.decode()
    assert "Do not receive the minutes" in page


# --- Minutes started before the decision ---------------------------------------------------------


def test_minutes_started_before_the_decision_are_filled_in_once_it_is_made(
    held, minute_taker, chair
):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    own_words = "The police officer spoke first; the school agreed."
    services.save_minutes(
        minutes=minutes,
        by=minute_taker,
        sections=[
            {
                "heading": s.heading,
                "text": own_words if s.heading == "Views" else s.text,
                "family_may_see": s.family_may_see,
            }
            for s in minutes.sections.order_by("position")
        ],
    )
    make_quorate(held, by=minute_taker)
    decide_every_child(held, chair=chair)

    # Finalising the last decision fills what the record now holds.
    sections = sections_of(minutes)
    for heading in ("Decision", "Dissent", "Dates"):
        assert sections[heading].text != TO_BE_COMPLETED, heading
        assert TO_BE_COMPLETED not in sections[heading].text, heading
    assert "child protection plan" in sections["Decision"].text.lower()
    assert TO_BE_COMPLETED not in sections["The plan"].text
    assert "Next steps: Core group to meet within 10 working days." in sections["The plan"].text
    # What the minute taker wrote is never written over.
    assert sections["Views"].text == own_words
    assert (
        sections["Decision"].history.first().history_change_reason
        == "Filled from the conference record"
    )
    # Filling again, or opening the minutes again, changes nothing.
    assert services.refill_from_record(minutes=minutes) == 0
    assert services.start_minutes(conference=held, by=minute_taker) == minutes
    assert sections_of(minutes)["Views"].text == own_words


def test_a_section_the_minute_taker_added_to_is_not_filled():
    from reports.minutes_draft import refilled_text

    fresh = "Amelia: child protection plan."
    assert refilled_text(TO_BE_COMPLETED, fresh) == fresh
    assert refilled_text(f"{TO_BE_COMPLETED}\n\nNext steps: X", f"{fresh}\n\nNext steps: X") == (
        f"{fresh}\n\nNext steps: X"
    )
    assert refilled_text(f"{TO_BE_COMPLETED} Mum disagreed strongly.", fresh) is None
    assert refilled_text("Written by the minute taker.", fresh) is None
    assert refilled_text(TO_BE_COMPLETED, TO_BE_COMPLETED) is None
