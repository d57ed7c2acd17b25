"""The errors the conference services raise when a rule forbids an action. Each carries a
plain-English message for the page and, when it is about one answer, the form field it belongs
to. An invitation, holding or decision error is also a booking error (and a decision error a
holding error), so a page that catches the wider one catches them all."""

from core.errors import DomainError


class ConferenceRequestError(DomainError):
    """A rule forbids an action on the conference request."""


class ConferenceBookingError(DomainError):
    """A rule forbids an action on the conference from booking on."""


class InvitationError(ConferenceBookingError):
    """A rule forbids an invitation action; the message is plain English for the page."""


class HoldingError(ConferenceBookingError):
    """A rule forbids an action while holding the conference; plain English for the page."""


class DecisionError(HoldingError):
    """A rule forbids an action on the decision; plain English for the page."""
