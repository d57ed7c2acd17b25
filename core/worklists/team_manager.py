"""The team manager's lists: the work of their team (or the people they line manage) waiting for
their sign-off: strategy discussion records, social work reports and reasons for delay."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from accounts.line_management import managed_by_q
from children.selectors import strategy_discussions_awaiting_sign_off, visible_child_q
from conferences.models import ConferenceChild
from conferences.selectors import conferences_visible_to
from core.templatetags.govuk import govuk_date
from reports.models import SocialWorkReport, SocialWorkReportStatus
from timescales.models import Deadline

from ._common import LIMIT, WorkItem, WorkList, _conference_when, _names, _trim


def _managed(user, worker_field: str) -> Q:
    """Work of the user's team, or of the people they manage (accounts.line_management)."""
    condition = managed_by_q(user, worker_field)
    if user.team_id:
        condition |= Q(**{f"{worker_field}__team": user.team_id})
    return condition


def strategy_records_to_sign_off(user, now) -> WorkList:
    discussions = list(
        strategy_discussions_awaiting_sign_off(user)
        .filter(_managed(user, "recorded_by"))
        .exclude(recorded_by=user)[: LIMIT + 1]
    )
    discussions, more = _trim(discussions)
    items = [
        WorkItem(
            text=f"Strategy discussion of {govuk_date(d.held_at)}",
            href=reverse("children:strategy-discussion", args=[d.pk]),
            details=[_names(d.children.all()), f"Recorded by {d.recorded_by.full_name}"],
        )
        for d in discussions
    ]
    return WorkList(
        "strategy-records",
        "Strategy discussion records to sign off",
        items,
        "No strategy discussion records from your team are waiting for you.",
        more,
        reverse("children:strategy-discussions-to-sign-off"),
        "All strategy discussion records to sign off",
    )


def social_work_reports_to_sign_off(user, now) -> WorkList:
    of_team = ConferenceChild.objects.filter(conference=OuterRef("conference_id")).filter(
        _managed(user, "child__lead_social_worker")
    )
    reports = list(
        SocialWorkReport.objects.filter(
            status=SocialWorkReportStatus.AWAITING_SIGN_OFF,
            conference__in=conferences_visible_to(user),
        )
        .filter(Exists(of_team))
        .select_related("conference", "author")
        .prefetch_related(
            Prefetch(
                "conference__conference_children",
                queryset=ConferenceChild.objects.select_related("child").order_by("pk"),
            )
        )
        .order_by("submitted_at", "pk")[: LIMIT + 1]
    )
    reports, more = _trim(reports)
    items = [
        WorkItem(
            text=f"Social work report for {report.conference.get_kind_display().lower()}",
            href=reverse("reports:conference", args=[report.conference_id]),
            details=[
                _names(link.child for link in report.conference.conference_children.all()),
                f"Written by {report.author.full_name}",
                f"Conference: {_conference_when(report.conference)}",
            ],
        )
        for report in reports
    ]
    return WorkList(
        "reports-to-sign-off",
        "Social work reports to sign off",
        items,
        "No social work reports are waiting for your sign-off.",
        more,
    )


def delays_to_sign_off(user, now) -> WorkList:
    deadlines = list(
        Deadline.objects.filter(delay_reason_signed_off_at__isnull=True)
        .exclude(delay_reason="")
        .exclude(responsible=user)
        .filter(Q(child__isnull=True) | visible_child_q(user))
        .filter(_managed(user, "responsible"))
        .select_related("child", "responsible")
        .order_by("due_at", "pk")[: LIMIT + 1]
    )
    deadlines, more = _trim(deadlines)
    items = [
        WorkItem(
            text=deadline.get_rule_display(),
            href=reverse("timescales:deadline-detail", args=[deadline.pk]),
            details=[
                deadline.child.legal_name if deadline.child_id else "Several children",
                f"Reason given by {deadline.responsible.full_name}"
                if deadline.responsible_id
                else "Reason given",
            ],
            due=f"Was due {govuk_date(deadline.due_on)}",
        )
        for deadline in deadlines
    ]
    return WorkList(
        "delays-to-sign-off",
        "Reasons for delay to sign off",
        items,
        "No reasons for delay are waiting for your sign-off.",
        more,
    )
