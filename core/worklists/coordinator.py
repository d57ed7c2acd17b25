"""The conference coordinator's lists: requests waiting to be booked, conferences to book or
re-book, review conferences not booked and transfer-in conferences not booked."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from children.selectors import visible_child_q
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from conferences.selectors import conferences_visible_to, requests_in_queue
from core.templatetags.govuk import govuk_date
from plans.models import PlanStatus, TransferIn
from plans.selectors import plans_visible_to
from timescales.dashboard import RESTRICTED_CHILD
from timescales.due_dates import due_date_text
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from ._common import LIMIT, WorkItem, WorkList, _due, _names, _trim, _visible_conference_children


def request_queue(user, now) -> WorkList:
    entries, more = _trim(requests_in_queue(user, limit=LIMIT + 1))
    items = []
    for entry in entries:
        names = [child.legal_name for child in entry.children]
        if entry.hidden_children:
            names.append(RESTRICTED_CHILD)
        due, overdue = _due(entry.icpc_due, now)
        items.append(
            WorkItem(
                text=", ".join(names) or RESTRICTED_CHILD,
                href=reverse("conferences:request", args=[entry.request.pk]),
                details=[
                    entry.request.get_conference_type_display(),
                    f"Sent {govuk_date(entry.request.sent_at)} by "
                    f"{entry.request.requested_by.full_name}",
                ],
                due=f"Conference {due[0].lower()}{due[1:]}" if due else "",
                overdue=overdue,
            )
        )
    return WorkList(
        "request-queue",
        "Requests waiting to be booked",
        items,
        "No conference requests are waiting.",
        more,
        reverse("conferences:request-queue"),
        "The whole request queue",
    )


def conferences_to_book(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(status__in=[ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED])
        .select_related("chair")
        .prefetch_related(_visible_conference_children())
        .order_by("allocated_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=_names(link.child for link in conference.conference_children.all()),
            href=reverse("conferences:conference", args=[conference.pk]),
            details=[
                conference.get_kind_display(),
                conference.get_status_display(),
                f"Chair: {conference.chair.full_name}" if conference.chair_id else "No chair yet",
            ],
        )
        for conference in conferences
    ]
    return WorkList(
        "conferences-to-book",
        "Conferences to book or re-book",
        items,
        "Every conference with a chair is booked.",
        more,
    )


def reviews_to_book(user, now) -> WorkList:
    """Active plans whose next review conference is not booked (none yet, or postponed)."""
    booked = Q(next_review_conference__status__in=[ConferenceStatus.BOOKED, ConferenceStatus.HELD])
    plans = list(
        plans_visible_to(user)
        .filter(status=PlanStatus.ACTIVE)
        .exclude(booked)
        .select_related("child")
        .order_by(F("next_review_due").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    plans, more = _trim(plans)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=plan.child.legal_name,
            href=reverse("plans:detail", args=[plan.pk]),
            details=[plan.get_category_display(), f"Plan started {govuk_date(plan.started_on)}"],
            due=f"Review due by {due_date_text(plan.next_review_due)}"
            if plan.next_review_due
            else "",
            overdue=bool(plan.next_review_due and plan.next_review_due < today),
        )
        for plan in plans
    ]
    return WorkList(
        "reviews-to-book",
        "Review conferences not booked",
        items,
        "Every plan's next review conference is booked.",
        more,
    )


def transfer_ins_to_arrange(user, now) -> WorkList:
    """Children who moved in on another authority's plan whose transfer-in conference is not
    booked yet, the TRANSFER_IN due day first (one query)."""
    due = Deadline.objects.filter(
        rule=RuleCode.TRANSFER_IN,
        subject_type=ContentType.objects.get_for_model(TransferIn),
        subject_id=OuterRef("pk"),
        status__in=LIVE_STATUSES,
    )
    booked = Conference.objects.filter(
        kind=ConferenceKind.TRANSFER_IN,
        conference_children__child_id=OuterRef("child_id"),
        status=ConferenceStatus.BOOKED,
    )
    transfers = list(
        TransferIn.objects.filter(visible_child_q(user), conference__isnull=True)
        .exclude(Exists(booked))
        .annotate(due_on=Subquery(due.values("due_on")[:1]))
        .select_related("child")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    transfers, more = _trim(transfers)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=transfer.child.legal_name,
            href=reverse("plans:transfer-in-detail", args=[transfer.pk]),
            details=[f"Moved from {transfer.previous_authority}"],
            due=f"Conference due by {govuk_date(transfer.due_on)}" if transfer.due_on else "",
            overdue=bool(transfer.due_on and transfer.due_on < today),
        )
        for transfer in transfers
    ]
    return WorkList(
        "transfer-ins-to-arrange",
        "Transfer-in conferences not booked",
        items,
        "No child who moved in is waiting for a transfer-in conference.",
        more,
    )
