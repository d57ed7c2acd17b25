"""What the report actions share: the ReportError they raise, the conferences still open for
reports, the deadline rules of a conference's kind and its children, and the checks, locks and
upload handling used by more than one area."""

from django.core.exceptions import ValidationError

from conferences.models import ConferenceKind, ConferenceStatus
from core.errors import DomainError
from timescales.models import RuleCode

from .. import uploads
from ..models import SocialWorkReport
from ..rules import is_childs_social_work_team


class ReportError(DomainError):
    """A rule forbids an action on a report or the minutes."""


REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
# Conferences a report may still be written, changed or submitted for.
OPEN_FOR_REPORTS = (ConferenceStatus.ALLOCATED, ConferenceStatus.BOOKED, ConferenceStatus.POSTPONED)


def _rules_for(conference) -> dict:
    """The deadline rules of the conference's kind, by what meets them."""
    if conference.kind in REVIEW_KINDS:
        return {
            "sign_off": RuleCode.RCPC_REPORT_QA,
            "parents": RuleCode.RCPC_REPORT_PARENTS,
            "chair": RuleCode.RCPC_REPORT_CHAIR,
        }
    return {"parents": RuleCode.SW_REPORT_PARENTS, "chair": RuleCode.SW_REPORT_CHAIR}


def _children(conference) -> list:
    return [
        link.child
        for link in conference.conference_children.select_related(
            "child", "child__lead_social_worker"
        ).order_by("child__date_of_birth", "pk")
    ]


def _require_team(by, conference, action: str) -> None:
    if not is_childs_social_work_team(by, conference):
        raise ReportError(
            f"Only the children's social worker or their team can {action} the social work report"
        )


def _store(upload, by, field: str):
    try:
        return uploads.store_document(upload=upload, by=by)
    except ValidationError as error:
        raise ReportError(error.messages[0], field=field) from error


def _locked_report(report) -> SocialWorkReport:
    return (
        SocialWorkReport.objects.select_for_update(of=("self",))
        .select_related("conference")
        .get(pk=report.pk)
    )
