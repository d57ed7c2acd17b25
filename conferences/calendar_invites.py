"""iCalendar (RFC 5545) invitations for professionals, written by hand: one VEVENT, METHOD
REQUEST, times in UTC, text escaped and lines folded at 75 octets, every line ending CRLF.

Calendar entries are copied to phones and shared calendars, so the summary and description never
name a child: "Child protection conference" and the conference reference only.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODID = "-//Manage child protection conferences//Conference service//EN"


def uid_domain() -> str:
    """The domain of the conference service's address: a UID's right-hand side."""
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


def conference_uid(conference) -> str:
    """The same for every invitation to a conference and every re-send, so a calendar updates
    the entry rather than adding a second one."""
    return f"conference-{conference.pk}@{uid_domain()}"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def quote_param(value: str) -> str:
    """A parameter value (RFC 5545 3.2): double quotes are not allowed inside, so they go;
    a value with a colon, semicolon or comma is quoted."""
    value = value.replace('"', "").replace("\r", " ").replace("\n", " ")
    if any(char in value for char in ":;,"):
        return f'"{value}"'
    return value


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (UTF-8), never splitting a character;
    each continuation line starts with a space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [" "], 1, MAX_LINE_OCTETS
        current.append(char)
        size += width
    parts.append("".join(current))
    return CRLF.join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    description: str
    organizer_email: str
    organizer_name: str
    attendee_email: str = ""
    attendee_name: str = ""
    url: str = ""
    method: str = "REQUEST"
    stamped_at: datetime.datetime | None = None


def build_ics(event: CalendarEvent) -> str:
    """The calendar file for one event, ending with CRLF."""
    cancelled = event.method == "CANCEL"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{event.method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(event.stamped_at or timezone.now())}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"ORGANIZER;CN={quote_param(event.organizer_name)}:mailto:{event.organizer_email}")
    if event.attendee_email:
        lines.append(
            f"ATTENDEE;CN={quote_param(event.attendee_name or event.attendee_email)};"
            "ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:"
            f"mailto:{event.attendee_email}"
        )
    lines += [
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
