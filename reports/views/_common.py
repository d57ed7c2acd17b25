"""Helpers shared by the report pages: the conference through the conference service's scope,
the way back, the record of who looked, and the social work report of a conference. The
permission check and a service's error on its form are core.view_helpers'."""

from django.shortcuts import redirect

from children import services as children_services
from conferences import selectors as conference_selectors
from conferences.models import Conference
from core.view_helpers import local_next

from .. import selectors
from ..models import SocialWorkReport


def _conference(user, pk) -> Conference:
    """The conference, through the conference service's scope (404 if hidden: ADR 24)."""
    return conference_selectors.conference_for(user, pk)


def _back(request, default: str):
    """Where a button on another page asked to come back to (this site's pages only)."""
    return redirect(local_next(request, request.POST.get("next", "")) or default)


def _children(conference) -> list:
    return [link.child for link in conference.conference_children.all()]


def _record_view(request, conference, what: str) -> None:
    children_services.record_child_view(
        user=request.user, child=_children(conference), what=what, path=request.path
    )


def _social_work_report(conference) -> SocialWorkReport | None:
    report = selectors.social_work_report_of(conference)
    if report is not None:
        report.conference = conference
    return report


def _to_minutes(conference):
    return redirect("reports:minutes", conference_pk=conference.pk)
