"""The one error type a service raises when a rule of the procedure forbids an action. Its
message is plain English for the page; `field` names the form field it belongs next to, when it
is about one answer. Each app subclasses it where its pages need to catch only their own
(`ConferenceBookingError`, `PlanError`, `ReportError`...); `core.view_helpers` puts one on a
form."""


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
