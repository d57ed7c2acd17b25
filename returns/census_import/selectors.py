"""Reads for the census import pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import CensusImport

OUTCOME_HEADINGS = [
    ("refused", "Refused"),
    ("created", "New children"),
    ("updated", "Children updated"),
    ("unchanged", "Children left as they were"),
]


def census_import_for(user, pk) -> CensusImport:
    """An uploaded return: it holds every child's history, so only the QA manager opens it."""
    if not user.has_perm("returns.import_census"):
        raise PermissionDenied
    return get_object_or_404(
        CensusImport.objects.select_related("uploaded_by", "applied_by").defer("content"), pk=pk
    )


def recent_imports(limit: int = 5):
    return CensusImport.objects.select_related("uploaded_by").defer("content")[:limit]


def report_groups(report: dict) -> list[dict]:
    """The report's children grouped by outcome, refusals first."""
    children = report.get("children", [])
    return [
        {
            "key": key,
            "heading": heading,
            "children": [child for child in children if child["outcome"] == key],
        }
        for key, heading in OUTCOME_HEADINGS
        if any(child["outcome"] == key for child in children)
    ]
