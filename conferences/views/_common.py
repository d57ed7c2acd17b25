"""Helpers shared by the conference pages: which booking form field a service's error is about,
and the error summary's entries. The permission check and placing a service's error on its form
are core.view_helpers.require_perm and add_service_error."""

from core.templatetags.govuk import error_anchor

# A service's field for the booking forms' own: the date and time are typed in separate fields.
BOOKING_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


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
