"""Who may see a child's record: restricting it to a named access list, granting and revoking
access, and the access log of who looked at which part."""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from ..models import Child, ChildRecordView, NamedAccess
from .errors import ChildRecordError


def restrict_child_record(*, child: Child, by, named_users: Sequence, reason: str) -> Child:
    """Make a record restricted: from now on only the named people (and whoever restricts it)
    may see it."""
    if not reason.strip():
        raise ChildRecordError("Say why the record is restricted", field="reason")
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        locked.is_restricted = True
        locked.save(update_fields=["is_restricted", "updated_at"])
        already = set(
            NamedAccess.objects.filter(child=locked, revoked_at__isnull=True).values_list(
                "user_id", flat=True
            )
        )
        for user in {by, *named_users}:
            if user.pk not in already:
                NamedAccess.objects.create(child=locked, user=user, granted_by=by, reason=reason)
    child.refresh_from_db()
    return child


def grant_named_access(*, child: Child, user, by, reason: str = "") -> NamedAccess:
    with transaction.atomic():
        existing = NamedAccess.objects.filter(
            child=child, user=user, revoked_at__isnull=True
        ).first()
        if existing:
            return existing
        return NamedAccess.objects.create(child=child, user=user, granted_by=by, reason=reason)


def revoke_named_access(*, child: Child, user, by) -> None:
    with transaction.atomic():
        for access in NamedAccess.objects.select_for_update().filter(
            child=child, user=user, revoked_at__isnull=True
        ):
            access.revoked_at = timezone.now()
            access.revoked_by = by
            access.save(update_fields=["revoked_at", "revoked_by"])


def record_child_view(*, user, child: Child | Iterable[Child], what: str, path: str = "") -> None:
    """Write to the access log that `user` viewed `what` of the child's (or children's) record.

    One INSERT of every row, atomic on its own as a single statement, and nothing read back:
    `create()` would ask for the new id and `bulk_create` wrap it in BEGIN and COMMIT, round trips
    on every page that opens a child's record (issue 25). Nothing listens for the log's saves."""
    now = timezone.now()
    children = [child] if isinstance(child, Child) else child
    rows = [
        ChildRecordView(user=user, child=each, what=what[:100], path=path[:500], viewed_at=now)
        for each in children
    ]
    if rows:
        ChildRecordView.objects._insert(rows, fields=_LOGGED_FIELDS)


# The access log's columns, less its id (the database numbers the rows).
_LOGGED_FIELDS = [field for field in ChildRecordView._meta.concrete_fields if not field.primary_key]
