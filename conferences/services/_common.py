"""Helpers shared by the conference services, private to the package: the children's names in
a sentence, who may act (the coordinator; the chair or minute taker recording the conference;
the chair alone), the conference locked while it is recorded, and the kinds of conference that
start a plan or review one."""

from accounts.models import RoleCode

from ..models import Conference, ConferenceKind, ConferenceStatus
from .errors import ConferenceBookingError, DecisionError, HoldingError

# Conferences that start a plan: the first review is RCPC_FIRST (3 months).
INITIAL_KINDS = (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN)


# Conferences that review a plan: the next review is RCPC_NEXT (6 months).
REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)


def _names(children) -> str:
    names = [child.legal_name for child in children]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _require_coordinator(by, action: str) -> None:
    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise ConferenceBookingError(f"Only a conference coordinator can {action}")


def _require_holder(conference: Conference, by) -> None:
    if by is None or by.pk not in {conference.chair_id, conference.minute_taker_id} - {None}:
        raise HoldingError("Only the conference's chair or minute taker can record the conference")


def _locked_for_recording(conference: Conference, by) -> Conference:
    """The conference row, locked, once it has started and while it is booked."""
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    _require_holder(locked, by)
    if locked.status != ConferenceStatus.BOOKED:
        raise HoldingError(
            f"This conference is {locked.get_status_display().lower()}: it cannot be recorded"
        )
    if locked.started_at is None:
        raise HoldingError("Start the conference before recording it")
    return locked


def _require_chair_of(conference: Conference, by, action: str) -> None:
    if by is None or conference.chair_id is None or by.pk != conference.chair_id:
        raise DecisionError(f"Only the conference's chair can {action}")
