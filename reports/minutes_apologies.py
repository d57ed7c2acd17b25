"""The chair decides whether the invited professionals who sent apologies receive the minutes
(issue 18 item 4). They do unless the chair decides otherwise; the choice is recorded on the
minutes (with who made it and when, and in history) and circulation follows it
(reports.services.planned_copies)."""

from django.db import transaction
from django.utils import timezone

from conferences.models import Attendance, AttendanceStatus, InviteeKind
from core.history import save_as

from .models import MinutesStatus
from .services import ReportError, _locked_minutes, _require_chair


def professionals_with_apologies(conference) -> list:
    """The invited professionals (active invitations) who sent apologies, in the order
    recorded."""
    return list(
        Attendance.objects.filter(
            conference=conference,
            status=AttendanceStatus.APOLOGIES,
            invitation__isnull=False,
            invitation__is_active=True,
            invitation__kind=InviteeKind.PROFESSIONAL,
        )
        .select_related("invitation", "agency")
        .order_by("pk")
    )


def decide_apologies_copies(*, minutes, by, receive):
    """The chair records whether the invited professionals who sent apologies receive the
    minutes. Refused once the minutes are circulated (the copies are sent)."""
    if receive not in (True, False):
        raise ReportError(
            "Select whether the professionals who sent apologies receive the minutes",
            field="receive",
        )
    with transaction.atomic():
        locked = _locked_minutes(minutes)
        _require_chair(by, locked.conference, "decide who receives the minutes")
        if locked.status == MinutesStatus.CIRCULATED:
            raise ReportError("The minutes have already been circulated", field="receive")
        locked.apologies_receive_copy = receive
        locked.apologies_decided_at, locked.apologies_decided_by = timezone.now(), by
        save_as(locked, by=by)
    return locked
