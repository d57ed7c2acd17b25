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


PROBLEMS_SHOWN = 50
NOTES_SHOWN = 10


def problems_by_rule(run: CensusRun) -> list[dict]:
    """How many children break each DfE rule, most first: a short table however many there are."""
    counts: dict[str, int] = {}
    for problem in run.problems:
        counts[problem["rule"]] = counts.get(problem["rule"], 0) + 1
    return [
        {"rule": rule, "count": count}
        for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def recent_census_runs(limit: int = 5):
    return CensusRun.objects.select_related("requested_by")[:limit]
