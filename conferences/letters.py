"""What invitations say: the family letter (HTML made a tagged PDF by core.pdf, with the
parents' information leaflet), the professional's email with its calendar invitation, and the
referral to the advocacy service.

A family letter carries only its own recipient's address: never another family member's (some
addresses are withheld from the family because of domestic abuse), and never a child's. Emails to
professionals and calendar entries never name a child: they say "the child(ren) you were told
about" and link to the conference page, where access is checked. The advocacy referral gives
the child's reference and age, not their name: the social worker it names tells the advocate who
the child is (ADR 50).
"""

import datetime
import secrets
from dataclasses import dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.outbox import service_url
from core.pdf import render_pdf
from core.templatetags.govuk import govuk_datetime
from core.text import strip_bidi

from .calendar_invites import CalendarEvent, build_ics, conference_uid

CALENDAR_SUMMARY = "Child protection conference"
CHAIR_MEETS_FAMILY_BEFORE = datetime.timedelta(minutes=20)  # South Gloucestershire standard


def conference_reference(conference) -> str:
    """The reference professionals and the family quote: no names in it."""
    return f"CPC-{conference.pk:05d}"


def children_names(children) -> str:
    names = [child.legal_name for child in children]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def place_lines(conference) -> list[str]:
    """Where the conference is, line by line: the room and its address, and any online link."""
    lines = []
    if conference.venue_id:
        lines.append(conference.venue.name)
        lines += [line for line in conference.venue.address.splitlines() if line.strip()]
    if conference.online_link:
        lines.append(f"Online: {conference.online_link}")
    return lines


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path if base_url else path


# Family letters ---------------------------------------------------------------------------------


def time_of_day(value: datetime.time | None) -> str:
    """9:15am, 2pm, midday: a time of day as GOV.UK writes it."""
    if value is None:
        return ""
    return govuk_datetime(datetime.datetime.combine(datetime.date(2000, 1, 3), value)).rsplit(
        " at ", 1
    )[-1]


def family_letter_html(
    *, invitation, conference, children, arrangement=None, today=None, replaces=None
) -> str:
    """The letter to one family member. `arrangement` is their own separate arrangements (a
    SeparateArrangement) when they attend separately: their arrival time, their time to meet the
    chair and their room. Nothing about anyone else's arrangements is given to the template.
    `replaces` is the date of the letter this one replaces (the booking changed), so the family
    know which letter to follow."""
    meet_at = conference.starts_at - CHAIR_MEETS_FAMILY_BEFORE
    separate = arrangement is not None and arrangement.arrive_at is not None
    return render_to_string(
        "conferences/letters/family_invitation.html",
        {
            "authority_name": settings.AUTHORITY_NAME,
            "service_email": settings.DEFAULT_FROM_EMAIL,
            "today": today or timezone.localdate(),
            "replaces": replaces,
            "reference": conference_reference(conference),
            # Only the recipient's own address: the invitation row holds theirs alone.
            "recipient_name": invitation.name,
            "recipient_address": [line for line in invitation.address.splitlines() if line],
            "conference": conference,
            "kind": conference.get_kind_display(),
            "children_names": children_names(children),
            "several_children": len(children) > 1,
            "when": govuk_datetime(conference.starts_at),
            "ends": govuk_datetime(conference.ends_at).rsplit(" at ", 1)[-1],
            "meet_at": time_of_day(arrangement.meet_chair_at)
            if separate
            else govuk_datetime(meet_at).rsplit(" at ", 1)[-1],
            "separate": separate,
            "arrive_at": time_of_day(arrangement.arrive_at) if separate else "",
            "own_room": arrangement.room if separate else "",
            "place": place_lines(conference),
            "online_only": not conference.venue_id,
            "chair_name": conference.chair.full_name,
            "invitee_needs_interpreter": bool(
                invitation.invitee_id and invitation.invitee.interpreter_needed
            ),
            "invitee_language": invitation.invitee.first_language if invitation.invitee_id else "",
        },
    )


def render_family_letter(
    *, invitation, conference, children, arrangement=None, replaces=None
) -> bytes:
    """The family member's invitation letter as a tagged PDF (core.pdf)."""
    html = family_letter_html(
        invitation=invitation,
        conference=conference,
        children=children,
        arrangement=arrangement,
        replaces=replaces,
    )
    return render_pdf(html)


def child_letter_html(*, child, conference, children, today=None, replaces=None) -> str:
    """The letter to a child whose attendance the chair agreed (issue 21 item 4), in plain words,
    with the children and young people's leaflet. No address: the social worker gives it to the
    child by hand, and nothing of anyone else's arrangements is in it."""
    return render_to_string(
        "conferences/letters/child_invitation.html",
        {
            "authority_name": settings.AUTHORITY_NAME,
            "service_email": settings.DEFAULT_FROM_EMAIL,
            "today": today or timezone.localdate(),
            "replaces": replaces,
            "reference": conference_reference(conference),
            # The name the child uses: "Dear Millie", not their legal forename.
            "child_name": strip_bidi(child.known_as or child.legal_forename or child.legal_name),
            "child_full_name": child.legal_name,
            "conference": conference,
            "children_names": children_names(children),
            "several_children": len(children) > 1,
            "when": govuk_datetime(conference.starts_at),
            "place": place_lines(conference),
            "online_only": not conference.venue_id,
            "chair_name": conference.chair.full_name,
            "social_worker": child.lead_social_worker.full_name
            if child.lead_social_worker_id
            else "",
        },
    )


def render_child_letter(*, child, conference, children, replaces=None) -> bytes:
    """The child's invitation letter, with the children's leaflet, as a tagged PDF."""
    return render_pdf(
        child_letter_html(child=child, conference=conference, children=children, replaces=replaces)
    )


def letter_filename(invitation) -> str:
    """No names in file names (they show in download folders and print queues), and not
    guessable."""
    return f"invitation-{invitation.conference_id}-{secrets.token_hex(8)}.pdf"


# Professional emails ----------------------------------------------------------------------------


@dataclass
class _Email:
    subject: str
    body: str


def professional_email_text(
    *, invitation, conference, base_url: str, resend: bool, separate_attendance: bool = False
) -> _Email:
    reference = conference_reference(conference)
    subject = (
        f"{'Changed: ' if resend else ''}Invitation to a child protection conference on "
        f"{govuk_datetime(conference.starts_at)} ({reference})"
    )
    body = render_to_string(
        "conferences/emails/professional_invitation.txt",
        {
            "invitation": invitation,
            "conference": conference,
            "reference": reference,
            "kind": conference.get_kind_display().lower(),
            "when": govuk_datetime(conference.starts_at),
            "ends": govuk_datetime(conference.ends_at).rsplit(" at ", 1)[-1],
            "place": place_lines(conference),
            "chair_name": conference.chair.full_name,
            "resend": resend,
            "separate_attendance": separate_attendance,
            "conference_url": absolute(
                base_url, reverse("conferences:conference", args=[conference.pk])
            ),
            "reply_url": absolute(base_url, reverse("conferences:reply", args=[invitation.pk])),
            "service_email": settings.DEFAULT_FROM_EMAIL,
        },
    )
    return _Email(subject=subject, body=body)


def calendar_for(*, invitation, conference, base_url: str) -> str:
    reference = conference_reference(conference)
    return build_ics(
        CalendarEvent(
            uid=conference_uid(conference),
            sequence=invitation.sequence,
            starts_at=conference.starts_at,
            ends_at=conference.ends_at,
            summary=f"{CALENDAR_SUMMARY} {reference}",
            location=", ".join(place_lines(conference)),
            description=(
                f"{CALENDAR_SUMMARY} {reference}, chaired by {conference.chair.full_name}. "
                "Details and your reply: "
                + absolute(base_url, reverse("conferences:conference", args=[conference.pk]))
            ),
            organizer_email=settings.DEFAULT_FROM_EMAIL,
            organizer_name=f"{settings.AUTHORITY_NAME} conference service",
            attendee_email=invitation.email,
            attendee_name=invitation.name,
        )
    )


def professional_email(
    *, invitation, conference, base_url: str, resend: bool, separate_attendance: bool = False
) -> EmailMessage:
    """The email to one professional, with the calendar invitation attached. When a family member
    attends separately it says so, and gives no one's arrangements."""
    text = professional_email_text(
        invitation=invitation,
        conference=conference,
        base_url=base_url,
        resend=resend,
        separate_attendance=separate_attendance,
    )
    message = EmailMessage(
        subject=text.subject,
        body=text.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach(
        calendar_attachment(invitation=invitation, conference=conference, base_url=base_url)
    )
    return message


def calendar_attachment(*, invitation, conference, base_url: str) -> MIMEText:
    """The .ics as a text/calendar part with method=REQUEST, which mail programs need to offer
    "add to calendar"."""
    part = MIMEText(
        calendar_for(invitation=invitation, conference=conference, base_url=base_url),
        "calendar",
        "utf-8",
    )
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part


# Advocacy referrals -----------------------------------------------------------------------------


def advocacy_referral_email(
    *, referral, conference, social_worker, base_url: str = ""
) -> EmailMessage:
    """The referral of one child to the advocacy service: the child's reference and age, the
    conference and the social worker to contact, who tells the advocate who the child is. An
    email can reach anyone with the mailbox, so it does not name the child."""
    child = referral.child
    path = reverse("conferences:conference", args=[conference.pk])
    body = render_to_string(
        "conferences/emails/advocacy_referral.txt",
        {
            "child_reference": child.reference,
            "age": child.age_in_years(timezone.localdate(conference.starts_at)),
            "conference_url": absolute(base_url, path) if base_url else service_url(path),
            "conference": conference,
            "kind": conference.get_kind_display().lower(),
            "reference": conference_reference(conference),
            "when": govuk_datetime(conference.starts_at),
            "place": place_lines(conference),
            "chair_name": conference.chair.full_name,
            "social_worker": social_worker,
            "service_email": settings.DEFAULT_FROM_EMAIL,
            "authority_name": settings.AUTHORITY_NAME,
        },
    )
    return EmailMessage(
        subject=f"Advocacy referral: child protection conference {conference_reference(conference)}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.ADVOCACY_SERVICE_EMAIL],
    )
