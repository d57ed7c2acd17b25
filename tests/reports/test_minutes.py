"""Minutes of the conference: drafting, the chair's approval, circulation with family copies that
leave out the professionals-only slot (parsed back from the PDF), MINUTES and MINUTES_AMEND, and
who may see what. Synthetic data only."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import RoleCode
from core.templatetags.govuk import govuk_date
from reports import services
from reports.models import (
    AmendmentStatus,
    ConferenceMinutes,
    MinutesCopy,
    MinutesStatus,
)
from reports.services import ReportError
from tests.factories.accounts import UserFactory
from tests.factories.children import enquiries_needing_conference
from tests.factories.clock import PINNED
from tests.factories.conferences import bulk_attendance, send_request
from tests.factories.reports import complete_minutes, held_conference
from tests.factories.timescales import fall_due_at
from tests.pdfs import file_pdf_text
from tests.shared_world import shareable
from timescales.calendar import add_working_days
from timescales.models import Deadline, DeadlineStatus, QualityAssuranceNotification, RuleCode
from timescales.sweep import run_sweep

SECRET = "Secret police intelligence discussed"


@shareable
def minute_taker(db):
    return UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Morgan Minutes")


@shareable
def held(worker, coordinator, chair, children, agency_user, minute_taker):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference, invitations = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        professionals=[agency_user],
    )
    return conference


def approved_minutes(conference, minute_taker, chair):
    minutes = services.start_minutes(conference=conference, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker, slot_text=SECRET)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    return services.approve_minutes(minutes=minutes, by=chair)


def pdf_text(copy) -> str:
    return file_pdf_text(copy.pdf)


def deadline(rule, subject):
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.get(
        rule=rule, subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


def test_start_prefills_sections_from_the_record_and_opens_minutes(held, minute_taker):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    headings = [s.heading for s in minutes.sections.order_by("position")]
    assert headings == [
        "Attendance and apologies",
        "The worries",
        "What is working well",
        "Danger statements and safety goals",
        "Safety scale",
        "The child's views",
        "Professionals-only discussion",
        "Views",
        "Dissent",
        "Decision",
        "The plan",
        "Dates",
    ]
    sections = {s.heading: s for s in minutes.sections.all()}
    assert "Hannah Visitor" in sections["Attendance and apologies"].text
    assert "Bruising seen at nursery." in sections["The worries"].text
    assert "Safety goal 1: The children are safe at home." in (
        sections["Danger statements and safety goals"].text
    )
    assert sections["Decision"].text == services.TO_BE_COMPLETED
    assert sections["Professionals-only discussion"].family_may_see is False
    assert deadline(RuleCode.MINUTES, held).status == DeadlineStatus.OPEN
    # Starting again returns the same minutes.
    assert services.start_minutes(conference=held, by=minute_taker).pk == minutes.pk


def test_only_minute_taker_or_chair_start_and_edit(held, coordinator, agency_user, minute_taker):
    for user in (coordinator, agency_user):
        with pytest.raises(ReportError):
            services.start_minutes(conference=held, by=user)
    minutes = services.start_minutes(conference=held, by=minute_taker)
    with pytest.raises(ReportError):
        services.save_minutes(
            minutes=minutes,
            by=coordinator,
            sections=[{"heading": "A", "text": "B", "family_may_see": True}],
        )


def test_save_keeps_text_and_refuses_missing_heading(held, minute_taker):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    with pytest.raises(ReportError) as error:
        services.save_minutes(
            minutes=minutes,
            by=minute_taker,
            sections=[{"heading": "", "text": "Some text", "family_may_see": True}],
        )
    assert error.value.field == "sections-0-heading"
    services.save_minutes(
        minutes=minutes,
        by=minute_taker,
        sections=[
            {"heading": "Decision", "text": "Plan: neglect", "family_may_see": True},
            {"heading": "Extra", "text": "Added", "family_may_see": False},
        ],
    )
    assert [(s.heading, s.family_may_see) for s in minutes.sections.order_by("position")] == [
        ("Decision", True),
        ("Extra", False),
    ]
    # The removed sections' text is still in history.
    assert minutes.sections.model.history.filter(heading="The worries").exists()


def test_only_the_chair_approves_and_returns(held, minute_taker, chair, coordinator):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    with pytest.raises(ReportError):
        services.approve_minutes(minutes=minutes, by=chair)  # not sent to the chair yet
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    for user in (minute_taker, coordinator):
        with pytest.raises(ReportError, match="Only the conference's chair"):
            services.approve_minutes(minutes=minutes, by=user)
        with pytest.raises(ReportError, match="Only the conference's chair"):
            services.return_minutes(minutes=minutes, by=user, reason="No")
    with pytest.raises(ReportError) as error:
        services.return_minutes(minutes=minutes, by=chair, reason=" ")
    assert error.value.field == "reason"
    returned = services.return_minutes(minutes=minutes, by=chair, reason="Add the GP's view")
    assert returned.status == MinutesStatus.DRAFT and returned.return_reason
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    approved = services.approve_minutes(minutes=minutes, by=chair)
    assert approved.status == MinutesStatus.APPROVED and approved.approved_by == chair
    statuses = list(
        ConferenceMinutes.history.filter(id=minutes.pk)
        .order_by("history_date")
        .values_list("status", flat=True)
    )
    assert statuses == ["draft", "draft", "with_chair", "draft", "with_chair", "approved"]


def test_placeholder_sections_block_sending_to_the_chair(held, minute_taker, chair):
    # Issue 18: refused when sent to the chair (it was refused only at approval).
    minutes = services.start_minutes(conference=held, by=minute_taker)
    with pytest.raises(ReportError, match="To be completed"):
        services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    with pytest.raises(ReportError):
        services.approve_minutes(minutes=minutes, by=chair)


def test_circulation_before_approval_is_refused(held, minute_taker, coordinator):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    with pytest.raises(ReportError, match="must approve"):
        services.circulate_minutes(minutes=minutes, by=coordinator)
    assert not MinutesCopy.objects.exists()


def test_only_coordinator_or_chair_circulate(held, minute_taker, chair, agency_user):
    minutes = approved_minutes(held, minute_taker, chair)
    for user in (minute_taker, agency_user):
        with pytest.raises(ReportError, match="Only the conference service or the chair"):
            services.circulate_minutes(minutes=minutes, by=user)


def test_circulation_makes_family_and_professional_copies(
    held, minute_taker, chair, coordinator, children, django_capture_on_commit_callbacks
):
    minutes = approved_minutes(held, minute_taker, chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(minutes=minutes, by=coordinator)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    family = MinutesCopy.objects.get(is_family_copy=True)
    professional = MinutesCopy.objects.get(is_family_copy=False)
    assert family.recipient_name == "Sarah Jones" and family.method == "post"
    assert professional.recipient_name == "Hannah Visitor" and professional.method == "email"

    family_text, professional_text = pdf_text(family), pdf_text(professional)
    assert "Family copy" in family_text and "Professional copy" in professional_text
    for text in (family_text, professional_text):
        assert "Amelia Jones" in text and "Noah Jones" in text
        assert "Bruising seen at nursery." in text
        assert govuk_date(timezone.localdate(held.starts_at)) in text
    assert SECRET not in family_text and "Professionals-only discussion" not in family_text
    assert SECRET in professional_text

    # Only the professional was emailed, with the full minutes attached; no child named in the
    # email itself.
    assert [m.to for m in mail.outbox if "Minutes" in m.subject] == [
        ["hannah.visitor@health.example"]
    ]
    message = next(m for m in mail.outbox if "Minutes" in m.subject)
    assert "Amelia" not in message.subject + message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert "professional" in name

    # MINUTES met on time; each copy's amendment window runs MINUTES_AMEND from when it was
    # sent (5 working days by default), with no deadline opened for it.
    assert deadline(RuleCode.MINUTES, held).status == DeadlineStatus.MET_ON_TIME
    last_day, amend_by = services.amendment_window(start=family.sent_at)
    for copy in (family, professional):
        assert copy.amend_by == amend_by and copy.amend_by_day == last_day
        assert services.amendment_due_at(copy) == amend_by
    assert last_day == add_working_days(timezone.localdate(family.sent_at), 5)
    assert not Deadline.objects.filter(rule=RuleCode.MINUTES_AMEND).exists()
    with pytest.raises(ReportError, match="already been circulated"):
        services.circulate_minutes(minutes=minutes, by=coordinator)


def test_minutes_circulated_late_are_met_late(held, minute_taker, chair, coordinator):
    minutes = approved_minutes(held, minute_taker, chair)
    fall_due_at(Deadline.objects.filter(rule=RuleCode.MINUTES), PINNED - datetime.timedelta(days=1))
    services.circulate_minutes(minutes=minutes, by=coordinator)
    assert deadline(RuleCode.MINUTES, held).status == DeadlineStatus.MET_LATE


def test_amendments_within_the_window_and_refused_after(
    held, minute_taker, chair, coordinator, agency_user
):
    minutes = approved_minutes(held, minute_taker, chair)
    services.circulate_minutes(minutes=minutes, by=coordinator)
    professional = MinutesCopy.objects.get(is_family_copy=False)
    family = MinutesCopy.objects.get(is_family_copy=True)

    # The coordinator cannot ask on a signed-in professional's behalf, nor a stranger.
    with pytest.raises(ReportError):
        services.request_minutes_amendment(copy=professional, by=coordinator, text="Fix")
    amendment = services.request_minutes_amendment(
        copy=professional, by=agency_user, text="I said weekly visits, not monthly."
    )
    assert amendment.status == AmendmentStatus.OPEN

    # The coordinator enters a family member's request; after amend_by it is refused.
    services.request_minutes_amendment(copy=family, by=coordinator, text="Our address is wrong")
    MinutesCopy.objects.filter(pk=family.pk).update(
        amend_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    family.refresh_from_db()
    with pytest.raises(ReportError, match="within 5 working days") as error:
        services.request_minutes_amendment(copy=family, by=coordinator, text="My name is wrong")
    assert error.value.field == "text"
    assert f"by {govuk_date(family.amend_by_day)}" in error.value.message
    assert family.amendment_requests.count() == 1

    # Only the chair decides, with a response.
    for user in (minute_taker, coordinator, agency_user):
        with pytest.raises(ReportError, match="Only the conference's chair"):
            services.decide_amendment(amendment=amendment, by=user, accepted=True, response="Ok")
    with pytest.raises(ReportError) as error:
        services.decide_amendment(amendment=amendment, by=chair, accepted=True, response="")
    assert error.value.field == "response"
    decided = services.decide_amendment(
        amendment=amendment, by=chair, accepted=True, response="Corrected: weekly visits."
    )
    assert decided.status == AmendmentStatus.ACCEPTED and decided.decided_by == chair
    assert decided.history.count() == 2
    with pytest.raises(ReportError, match="already been decided"):
        services.decide_amendment(amendment=amendment, by=chair, accepted=False, response="No")


def test_circulation_query_count_is_bounded(held, minute_taker, chair, coordinator):
    from conferences.models import Attendance

    rows = bulk_attendance(conference=held, count=30)
    # Each attendee has an invitation with an email (set-based).
    from tests.factories.reports import professional_invitation

    for row in rows:
        row.invitation = professional_invitation(held, name=row.name)
    Attendance.objects.bulk_update(rows, ["invitation"])
    minutes = approved_minutes(held, minute_taker, chair)
    with CaptureQueriesContext(connection) as queries:
        services.circulate_minutes(minutes=minutes, by=coordinator)
    copies = MinutesCopy.objects.count()
    assert copies == 32
    # A fixed number of queries (the copies and their history written in bulk), then opening
    # each copy's MINUTES_AMEND deadline through timescales.open_deadline (6 queries each): no
    # per-attendee reads.
    # A fixed number of queries (the copies and their history written in bulk; no deadline per
    # copy): no per-attendee reads or writes.
    assert len(queries) <= 25, len(queries)


def test_amendment_window_is_not_a_duty(held, minute_taker, chair, coordinator):
    """A recipient with no amendments is never breached: no MINUTES_AMEND deadline exists, and a
    sweep a week later raises no Quality Assurance notification for the copies."""
    minutes = approved_minutes(held, minute_taker, chair)
    services.circulate_minutes(minutes=minutes, by=coordinator)
    copies = list(MinutesCopy.objects.all())
    assert len(copies) == 2
    assert not Deadline.objects.filter(rule=RuleCode.MINUTES_AMEND).exists()
    run_sweep(now=timezone.now() + datetime.timedelta(days=7))
    assert not QualityAssuranceNotification.objects.filter(rule=RuleCode.MINUTES_AMEND).exists()
    copy_type = ContentType.objects.get_for_model(MinutesCopy)
    assert not Deadline.objects.filter(subject_type=copy_type).exists()
    assert not QualityAssuranceNotification.objects.filter(
        deadline__subject_type=copy_type
    ).exists()
    assert not QualityAssuranceNotification.objects.filter(rule=RuleCode.MINUTES).exists()
