"""The error every children's service raises when a rule forbids the action, and the one for a
child who is already recorded."""

from core.errors import DomainError

from ..models import Child


class ChildRecordError(DomainError):
    """A rule about children, families or enquiries forbids the action. `field` names the form
    field the message belongs next to, when there is one."""


class DuplicateChildError(ChildRecordError):
    """The child is already recorded. `existing` is that record; `certain` is True for the same
    NHS number or child ID, False for a likely duplicate (same name and date of birth) that the
    user may confirm is a different child."""

    def __init__(self, message: str, *, field: str, existing: Child, certain: bool):
        super().__init__(message, field=field)
        self.existing = existing
        self.certain = certain
