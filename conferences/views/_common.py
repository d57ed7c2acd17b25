"""Helpers shared by the conference pages: the permission check, placing a service's error on
its form field, and the error summary's entries."""

from django.core.exceptions import PermissionDenied

from core.templatetags.govuk import error_anchor


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


# A service's field for the booking forms' own: the date and time are typed in separate fields.
_BOOKING_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


def _form_error(form, error) -> None:
    field = error.field
    if field not in form.fields:
        field = _BOOKING_FIELDS.get(field)
    form.add_error(field if field in form.fields else None, error.message)


def _errors_of(*forms) -> list:
    """(anchor, message) for each error of the bound forms, for the error summary."""
    errors = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        errors += [("main-content", error) for error in form.non_field_errors()]
        for field in form.visible_fields():
            errors += [(error_anchor(field), error) for error in field.errors]
    return errors
