"""What every view does the same way: check a permission (default deny), show a
service's refusal next to the field it is about, and go back only to a page of this site."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError


def require_perm(user, permission: str, obj=None, *, hide: bool = False) -> None:
    """Refuse unless `user` has `permission` (on `obj`): 403, or 404 with `hide=True` where
    even saying the record exists would tell the user something they may not know."""
    if not user.has_perm(permission, obj):
        if hide:
            raise Http404("Not found")
        raise PermissionDenied


def add_service_error(form, error: DomainError, *, aliases: dict | None = None) -> None:
    """Put a service's refusal on the form: next to its field when the form has it (or the
    field `aliases` maps it to), otherwise at the top of the form."""
    field = error.field
    if field not in form.fields and aliases:
        field = aliases.get(field)
    form.add_error(field if field in form.fields else None, error.message)


@dataclass(frozen=True)
class Saved:
    """What a service action returned, once it has succeeded."""

    result: Any


def save_posted_form(request, form, action, *, success) -> Saved | None:
    """The usual form page: when the form is posted and valid, run `action(cleaned_data)` (a
    service call). On success flash `success` (a message, or a function of the cleaned data
    giving one) and return Saved(result) for the view to redirect; on a service's refusal put
    it on the form and return None, as for a GET or an invalid form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        add_service_error(form, error)
        return None
    messages.success(request, success(form.cleaned_data) if callable(success) else success)
    return Saved(result)


def local_next(request, candidate: str) -> str | None:
    """A "next" that is a path on this site, else None. Anything else is ignored: another host,
    and a bare word, which redirect() would try to reverse as a view name (a 500, issue 20)."""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return None
