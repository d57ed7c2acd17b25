"""Reads for the returns pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import CensusRun


def census_run_for(user, pk) -> CensusRun:
    """A census run, for someone who may download the returns (they hold every child's record:
    any such user may open any run, as they could prepare it again)."""
    if not user.has_perm("returns.download_returns"):
        raise PermissionDenied
    return get_object_or_404(CensusRun.objects.select_related("requested_by"), pk=pk)


def recent_census_runs(limit: int = 5):
    return CensusRun.objects.select_related("requested_by").defer("document")[:limit]
