"""A conference needs its inputs before it decides (issue 17 item 10; 004 chairs' items): the
invitations were sent and the social worker's report reached the chair (signed off by the team
manager and sent). Otherwise the chair records why the conference goes ahead without them, as
with quoracy (conferences.quoracy)."""

from dataclasses import dataclass, field

from django.db import transaction

from core.history import save_as
from reports.models import SocialWorkReport

from .models import Conference


@dataclass
class Inputs:
    invitations_sent: bool
    report_received: bool
    reason: str = ""  # the chair's recorded reason to go ahead without them
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def may_proceed(self) -> bool:
        return self.complete or bool(self.reason)

    @property
    def explanation(self) -> str:
        if self.complete:
            return "The invitations were sent and the social work report was received"
        text = "Missing: " + " and ".join(self.missing)
        if self.reason:
            text += f". The chair recorded why the conference goes ahead: {self.reason}"
        return text


def _report_received(conference: Conference) -> bool:
    report = SocialWorkReport.objects.filter(conference=conference).first()
    return bool(report and report.is_signed_off and report.sent_to_chair_at)


def inputs_of(conference: Conference) -> Inputs:
    """What the conference has of its inputs (one query for the report)."""
    invitations_sent = conference.invitations_sent_at is not None
    report_received = _report_received(conference)
    missing = []
    if not invitations_sent:
        missing.append("the invitations were not sent")
    if not report_received:
        missing.append(
            "the social worker's report was not received (signed off by the team manager "
            "and sent to the chair)"
        )
    return Inputs(
        invitations_sent=invitations_sent,
        report_received=report_received,
        reason=(conference.inputs_reason or "").strip(),
        missing=missing,
    )


def require_inputs(conference: Conference) -> None:
    """Refuse the decision while an input is missing and the chair has not said why the
    conference goes ahead without it."""
    # Imported here: conferences.services imports conferences.readiness (via conferences.services.finalising).
    from .services import DecisionError

    facts = inputs_of(conference)
    if not facts.may_proceed:
        raise DecisionError(
            f"{facts.explanation}. The chair must record why the conference goes ahead "
            "without them, or adjourn it",
            field="inputs_reason",
        )


def record_inputs_reason(*, conference: Conference, by, reason: str) -> Conference:
    """The chair's reason to go ahead although the invitations were not sent or the social work
    report was not received (for example the report was presented verbally)."""
    # Imported here: conferences.services imports conferences.readiness (via conferences.services.finalising).
    from .services import HoldingError, _locked_for_recording

    reason = (reason or "").strip()
    if by is None or conference.chair_id is None or by.pk != conference.chair_id:
        raise HoldingError("Only the conference's chair can record why it goes ahead")
    if not reason:
        raise HoldingError(
            "Enter why the conference goes ahead without its invitations or report",
            field="reason",
        )
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        locked.inputs_reason, locked.inputs_reason_by = reason, by
        save_as(
            locked,
            by=by,
            reason="The chair recorded why the conference goes ahead without inputs",
            update_fields=["inputs_reason", "inputs_reason_by"],
        )
    return locked
