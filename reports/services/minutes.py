"""The minutes of a conference, from the first draft to amendments after circulation.

The minute taker (or the chair) starts the minutes from whatever the conference recorded, edits
them section by section and sends them to the chair; the chair approves them or sends them back
with a reason. The coordinator or the chair circulates approved minutes to everyone who attended
with an active invitation: professionals get the full minutes by email (PDF attached); family
members a family copy without the professionals-only sections, kept for posting or emailing.
Circulating meets MINUTES (opened by start_minutes, counted from the conference). MINUTES_AMEND is
a window, not a duty: each copy records amend_by (MINUTES_AMEND from when it was sent) and no
deadline is opened for it, so a recipient with nothing to change is never "breached". Amendment
requests after amend_by are refused; the chair accepts or rejects each one.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode
from conferences.letters import conference_reference
from conferences.models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    Conference,
    ConferenceStatus,
    InvitationMethod,
    InviteeKind,
)
from core.outbox import queue_emails
from core.templatetags.govuk import govuk_date
from timescales import services as timescale_services
from timescales.models import RuleCode

from .. import minutes_draft, minutes_pdf
from ..minutes_pdf import attachment_name
from ..models import (
    AmendmentStatus,
    ConferenceMinutes,
    MinutesAmendmentRequest,
    MinutesCopy,
    MinutesCopyMethod,
    MinutesSection,
    MinutesStatus,
)
from ._common import ReportError, _children

TO_BE_COMPLETED = minutes_draft.TO_BE_COMPLETED
MINUTES_HEADINGS = minutes_draft.MINUTES_HEADINGS
PROFESSIONAL_SLOT_HEADING = minutes_draft.PROFESSIONAL_SLOT_HEADING


class MinutesIncomplete(ReportError):
    """Sections still "To be completed": one error for each, on its text (the first also as the
    error's own field)."""

    def __init__(self, sections: list[tuple[int, str]]):
        self.problems = [
            (f"sections-{index}-text", minutes_draft.incomplete_message(heading))
            for index, heading in sections
        ]
        first_field, first_message = self.problems[0]
        if len(self.problems) > 1:
            first_message = (
                f"Complete the {len(self.problems)} sections that still say “{TO_BE_COMPLETED}”"
            )
        super().__init__(first_message, field=first_field)


def _require_complete(minutes) -> None:
    incomplete = minutes_draft.incomplete_sections(minutes.sections.order_by("position", "pk"))
    if incomplete:
        raise MinutesIncomplete(incomplete)


def _may_write_minutes(user, conference) -> bool:
    return user.pk is not None and user.pk in (conference.chair_id, conference.minute_taker_id)


def _locked_minutes(minutes):
    return (
        ConferenceMinutes.objects.select_for_update(of=("self",))
        .select_related("conference", "conference__chair", "conference__minute_taker")
        .get(pk=minutes.pk)
    )


def start_minutes(*, conference: Conference, by):
    """The minute taker or the chair starts the minutes of a conference that has started,
    pre-filled from its record. Starting again returns the minutes already there. Opens MINUTES
    (counted from the conference) if it is not open already."""
    if not _may_write_minutes(by, conference):
        raise ReportError("Only the conference's minute taker or chair can write the minutes")
    now = timezone.now()
    with transaction.atomic():
        locked = Conference.objects.select_for_update(of=("self",)).get(pk=conference.pk)
        existing = ConferenceMinutes.objects.filter(conference=locked).first()
        if existing is not None:
            if existing.status == MinutesStatus.DRAFT:
                refill_from_record(minutes=existing)
            return existing
        if locked.started_at is None or locked.status == ConferenceStatus.CANCELLED:
            raise ReportError("The minutes can be started once the conference has started")
        minutes = ConferenceMinutes.objects.create(
            conference=locked, drafted_by=by, created_at=now, updated_at=now, updated_by=by
        )
        for position, section in enumerate(minutes_draft.draft_sections(locked), start=1):
            MinutesSection.objects.create(minutes=minutes, position=position, **section)
        timescale_services.open_deadline(
            rule=RuleCode.MINUTES,
            subject=locked,
            start=locked.starts_at,
            responsible=locked.minute_taker,
            chair=locked.chair,
        )
    return minutes


def refill_from_record(*, minutes) -> int:
    """Minutes started before the chair decided: each section still "To be completed" that the
    record can now fill (the decision, the views, the dissent, the plan, the dates) is filled,
    never over what the minute taker wrote. Only drafts; returns how many sections changed
    (each change is in the section's history)."""
    if minutes.status != MinutesStatus.DRAFT:
        return 0
    fresh = {
        section["heading"]: section["text"]
        for section in minutes_draft.draft_sections(minutes.conference)
    }
    changed = 0
    with transaction.atomic():
        for row in MinutesSection.objects.select_for_update().filter(minutes=minutes):
            text = minutes_draft.refilled_text(row.text, fresh.get(row.heading, ""))
            if text is not None and text != row.text:
                row.text = text
                row._change_reason = "Filled from the conference record"
                row.save()
                changed += 1
    return changed


def _clean_sections(sections) -> list[dict]:
    cleaned = []
    for number, section in enumerate(sections, start=1):
        heading = (section.get("heading") or "").strip()
        text = (section.get("text") or "").strip()
        if not heading and not text:
            continue  # an empty "add a section" row
        if not heading:
            raise ReportError(
                f"Enter a heading for section {number}", field=f"sections-{number - 1}-heading"
            )
        if len(heading) > 200:
            raise ReportError(
                f"The heading of section {number} must be 200 characters or fewer",
                field=f"sections-{number - 1}-heading",
            )
        cleaned.append(
            {"heading": heading, "text": text, "family_may_see": bool(section["family_may_see"])}
        )
    if not cleaned:
        raise ReportError("The minutes need at least one section")
    return cleaned


def save_minutes(*, minutes, by, sections):
    """Save the sections (in order: heading, text, whether the family may see it). The minute
    taker edits a draft; the chair may also edit minutes sent to them. Sections left out are
    removed (their text stays in history)."""
    cleaned = _clean_sections(sections)
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        conference = locked.conference
        if not _may_write_minutes(by, conference):
            raise ReportError("Only the conference's minute taker or chair can change the minutes")
        editable = locked.status == MinutesStatus.DRAFT or (
            locked.status == MinutesStatus.WITH_CHAIR and conference.chair_id == by.pk
        )
        if not editable:
            raise ReportError(
                f"The minutes are {locked.get_status_display().lower()}: they cannot be changed"
            )
        existing = list(locked.sections.order_by("position", "pk"))
        for position, values in enumerate(cleaned, start=1):
            row = existing[position - 1] if position <= len(existing) else None
            if row is None:
                MinutesSection.objects.create(minutes=locked, position=position, **values)
                continue
            changed = (
                row.position != position
                or row.heading != values["heading"]
                or row.text != values["text"]
                or row.family_may_see != values["family_may_see"]
            )
            if changed:
                row.position = position
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
        for row in existing[len(cleaned) :]:
            row.delete()
        locked.updated_at, locked.updated_by = timezone.now(), by
        locked.save()
    return locked


def submit_minutes_to_chair(*, minutes, by):
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        if not _may_write_minutes(by, locked.conference):
            raise ReportError("Only the conference's minute taker or chair can send the minutes")
        if locked.status != MinutesStatus.DRAFT:
            raise ReportError("The minutes have already been sent to the chair")
        _require_complete(locked)
        locked.status = MinutesStatus.WITH_CHAIR
        locked.submitted_to_chair_at = timezone.now()
        locked.save()
    return locked


def _require_chair(by, conference, action: str) -> None:
    if conference.chair_id != by.pk:
        raise ReportError(f"Only the conference's chair can {action}")


def return_minutes(*, minutes, by, reason: str):
    """The chair sends the minutes back to the minute taker, saying what needs to change."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Enter what needs to change", field="reason")
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        _require_chair(by, locked.conference, "send the minutes back")
        if locked.status != MinutesStatus.WITH_CHAIR:
            raise ReportError("Only minutes sent to the chair can be sent back")
        locked.status = MinutesStatus.DRAFT
        locked.returned_at, locked.returned_by, locked.return_reason = timezone.now(), by, reason
        locked.save()
    return locked


def approve_minutes(*, minutes, by):
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        _require_chair(by, locked.conference, "approve the minutes")
        if locked.status != MinutesStatus.WITH_CHAIR:
            raise ReportError("The minute taker must send the minutes to you before you approve")
        _require_complete(locked)
        locked.status = MinutesStatus.APPROVED
        locked.approved_at, locked.approved_by = timezone.now(), by
        locked.save()
    return locked


def _minutes_recipients(conference, *, apologies: bool = True) -> list:
    """Everyone who attended with an active invitation that has an email or an address, and
    (unless the chair decided otherwise: `apologies`) the invited professionals who sent
    apologies. Each as (invitation, sent apologies)."""
    statuses = list(ATTENDED_STATUSES)
    if apologies:
        statuses.append(AttendanceStatus.APOLOGIES)
    rows = (
        Attendance.objects.filter(
            conference=conference,
            status__in=statuses,
            invitation__isnull=False,
            invitation__is_active=True,
        )
        .select_related("invitation", "invitation__user")
        .order_by("pk")
    )
    seen, invitations = set(), []
    for row in rows:
        invitation = row.invitation
        sent_apologies = row.status == AttendanceStatus.APOLOGIES
        if sent_apologies and invitation.kind != InviteeKind.PROFESSIONAL:
            continue  # the chair's choice is about invited professionals only
        if invitation.pk in seen or not (invitation.email or invitation.address.strip()):
            continue
        seen.add(invitation.pk)
        invitations.append((invitation, sent_apologies))
    return invitations


def planned_copies(conference, *, minutes=None) -> list[dict]:
    """Who will receive which copy if the minutes are circulated now: each attendee with an
    active invitation and an email or address, and each invited professional who sent apologies
    unless the chair decided they do not receive the minutes (minutes.apologies_receive_copy);
    family members get the family copy, by email only if they asked for it (or have no
    address); professionals the full minutes by email."""
    if minutes is None:
        minutes = getattr(conference, "minutes", None)
    apologies = minutes.apologies_receive_copy if minutes is not None else True
    planned = []
    for invitation, sent_apologies in _minutes_recipients(conference, apologies=apologies):
        family = invitation.kind == InviteeKind.FAMILY
        emailed = bool(invitation.email) and (
            not family or invitation.method == InvitationMethod.EMAIL or not invitation.address
        )
        planned.append(
            {
                "invitation": invitation,
                "is_family_copy": family,
                "sent_apologies": sent_apologies,
                "method": MinutesCopyMethod.EMAIL if emailed else MinutesCopyMethod.POST,
            }
        )
    return planned


def amendment_window(*, start):
    """(last day, moment after which amendments are refused) for a copy sent at `start`."""
    policy = timescale_services.policy_for(RuleCode.MINUTES_AMEND)
    return timescale_services.compute_due(
        value=policy.value, unit=policy.unit, direction=policy.direction, start=start
    )


def _minutes_email(*, copy, conference, pdf: bytes):
    reference = conference_reference(conference)
    message = EmailMessage(
        subject=f"Minutes of the child protection conference ({reference})",
        body=(
            f"Dear {copy.recipient_name},\n\n"
            f"The chair has approved the minutes of the child protection conference {reference}. "
            "They are attached. Please keep them secure and do not share them without the "
            "chair's agreement.\n\n"
            "If something in them is wrong, ask for an amendment within 5 working days of "
            "receiving them, by replying to this email or from the conference's page.\n\n"
            f"{settings.AUTHORITY_NAME} conference service\n{settings.DEFAULT_FROM_EMAIL}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[copy.email],
    )
    message.attach(attachment_name(conference, family=copy.is_family_copy), pdf, "application/pdf")
    return message


def circulate_minutes(*, minutes, by):
    """The coordinator or the chair circulates approved minutes: a copy for each attendee with
    an active invitation and an email or address, each with its amend_by. Meets MINUTES. A fixed
    number of queries, however many attended."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        conference = locked.conference
        if not (conference.chair_id == by.pk or by.has_role(RoleCode.CONFERENCE_COORDINATOR)):
            raise ReportError("Only the conference service or the chair can circulate the minutes")
        if locked.status == MinutesStatus.CIRCULATED:
            raise ReportError("The minutes have already been circulated")
        if locked.status != MinutesStatus.APPROVED:
            raise ReportError("The chair must approve the minutes before they are circulated")
        sections = list(locked.sections.order_by("position", "pk"))
        children = _children(conference)
        last_day, amend_by = amendment_window(start=now)
        pdfs = {
            family: minutes_pdf.render_minutes(
                minutes=locked,
                conference=conference,
                children=children,
                sections=sections,
                family=family,
                amend_by=last_day,
            )
            for family in (False, True)
        }
        copies = []
        for plan in planned_copies(conference, minutes=locked):
            invitation, family = plan["invitation"], plan["is_family_copy"]
            copy = MinutesCopy(
                minutes=locked,
                invitation=invitation,
                recipient_name=invitation.name,
                email=invitation.email,
                address=invitation.address,
                method=plan["method"],
                is_family_copy=family,
                sent_at=now,
                amend_by=amend_by,
                sent_by=by,
            )
            copy.pdf.save(
                minutes_pdf.attachment_name(conference, family=family),
                ContentFile(pdfs[family]),
                save=False,
            )
            copies.append(copy)
        copies = bulk_create_with_history(copies, MinutesCopy, default_user=by)
        messages = [
            _minutes_email(copy=copy, conference=conference, pdf=pdfs[copy.is_family_copy])
            for copy in copies
            if copy.method == MinutesCopyMethod.EMAIL
        ]
        locked.status = MinutesStatus.CIRCULATED
        locked.circulated_at, locked.circulated_by = now, by
        locked.save()
        timescale_services.meet_deadline(rule=RuleCode.MINUTES, subject=conference, met_on=now)
        queue_emails(messages, kind="minutes")
    return locked


def amendment_due_at(copy):
    """The moment after which amendments to this copy are refused."""
    return copy.amend_by


def request_minutes_amendment(*, copy, by, text: str):
    """The recipient (or the coordinator, for a family member or a professional who does not
    sign in) asks the chair to change the minutes, within MINUTES_AMEND of receiving them."""
    text = (text or "").strip()
    if not text:
        raise ReportError("Enter what should change in the minutes", field="text")
    if not by.has_perm("reports.request_minutes_amendment", copy):
        raise ReportError("Only the person the minutes were sent to can ask for an amendment")
    now = timezone.now()
    with transaction.atomic():
        locked = (
            MinutesCopy.objects.select_for_update(of=("self",))
            .select_related("minutes", "invitation")
            .get(pk=copy.pk)
        )
        if now >= locked.amend_by:
            raise ReportError(
                "Amendments had to reach the chair within 5 working days of receiving the "
                f"minutes, by {govuk_date(locked.amend_by_day)}. Contact the conference service "
                "if something in them is seriously wrong.",
                field="text",
            )
        amendment = MinutesAmendmentRequest.objects.create(
            minutes=locked.minutes,
            copy=locked,
            requested_by_name=locked.recipient_name,
            invitation=locked.invitation,
            entered_by=by,
            text=text,
            received_at=now,
        )
    return amendment


def decide_amendment(*, amendment, by, accepted: bool, response: str):
    """The chair accepts or rejects an amendment request, saying why."""
    response = (response or "").strip()
    if accepted not in (True, False):
        raise ReportError("Select whether you accept the amendment", field="accepted")
    if not response:
        raise ReportError("Enter your response to the amendment", field="response")
    with transaction.atomic():
        locked = (
            MinutesAmendmentRequest.objects.select_for_update(of=("self",))
            .select_related("minutes__conference")
            .get(pk=amendment.pk)
        )
        _require_chair(by, locked.minutes.conference, "decide on amendments to the minutes")
        if locked.status != AmendmentStatus.OPEN:
            raise ReportError("This amendment has already been decided")
        locked.status = AmendmentStatus.ACCEPTED if accepted else AmendmentStatus.REJECTED
        locked.response, locked.decided_at, locked.decided_by = response, timezone.now(), by
        locked.save()
    return locked
