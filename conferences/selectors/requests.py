"""Reads about conference requests and the queue of requests waiting to be booked, scoped to
what the user may see."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.urls import reverse

from children.models import FamilyLink, ProfessionalInvolvement, S47Enquiry, S47Outcome
from children.selectors import children_visible_to, household_children_for, visible_child_q
from children.summary import ConferenceSummary
from core.templatetags.govuk import govuk_date
from timescales.models import Deadline, RuleCode

from ..models import (
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    RequestStatus,
)
from ..rules import may_work_request_queue

QUEUE_PAGE_SIZE = 100


def icpc_due_deadlines(enquiry_ids) -> dict:
    """The ICPC_DUE deadline of each enquiry, keyed by enquiry id: one query."""
    from django.contrib.contenttypes.models import ContentType

    enquiry_ids = list(enquiry_ids)
    if not enquiry_ids:
        return {}
    content_type = ContentType.objects.get_for_model(S47Enquiry)
    deadlines = Deadline.objects.filter(
        rule=RuleCode.ICPC_DUE, subject_type=content_type, subject_id__in=enquiry_ids
    )
    return {deadline.subject_id: deadline for deadline in deadlines}


@dataclass
class QueueEntry:
    request: ConferenceRequest
    children: list  # the request's children the user may see
    hidden_children: int  # restricted records the user is not named on
    icpc_due: object  # the earliest ICPC_DUE deadline among the children, or None


def _request_children_prefetch():
    return Prefetch(
        "request_children",
        queryset=ConferenceRequestChild.objects.filter(is_active=True)
        .select_related("child", "enquiry")
        .order_by("child__date_of_birth", "pk"),
        to_attr="live_children",
    )


@dataclass
class QueuePage:
    entries: list[QueueEntry]
    page: object  # django.core.paginator.Page, for the pagination links
    page_range: list


def request_queue_page(user, page_number=1, *, per_page: int = QUEUE_PAGE_SIZE) -> QueuePage:
    """One page of the queue, oldest first: every waiting request is on some page, none is
    dropped. Five queries whatever the size of the queue (count, page, children, scope, dates)."""
    paginator = Paginator(_queue(user), per_page)
    page = paginator.get_page(page_number)
    return QueuePage(
        entries=_entries(user, list(page.object_list)),
        page=page,
        page_range=list(paginator.get_elided_page_range(page.number)),
    )


def _queue(user):
    if not may_work_request_queue(user):
        return ConferenceRequest.objects.none()
    return (
        ConferenceRequest.objects.filter(status=RequestStatus.SENT)
        .select_related("requested_by", "team")
        .prefetch_related(_request_children_prefetch())
        .order_by("sent_at", "pk")
    )


def requests_in_queue(user, *, limit: int = QUEUE_PAGE_SIZE) -> list[QueueEntry]:
    """Requests waiting to be booked, oldest first, with each one's ICPC due date.

    The conference service sees every request, but the names of children on restricted records
    are shown only to the people named on them. A fixed number of queries.
    """
    return _entries(user, list(_queue(user)[:limit]))


def _entries(user, requests: list[ConferenceRequest]) -> list[QueueEntry]:
    if not requests:
        return []
    all_links = [link for request in requests for link in request.live_children]
    visible_ids = set(
        children_visible_to(user)
        .filter(pk__in={link.child_id for link in all_links})
        .values_list("pk", flat=True)
    )
    due = icpc_due_deadlines(link.enquiry_id for link in all_links)
    entries = []
    for request in requests:
        deadlines = [
            due[link.enquiry_id] for link in request.live_children if link.enquiry_id in due
        ]
        entries.append(
            QueueEntry(
                request=request,
                children=[
                    link.child for link in request.live_children if link.child_id in visible_ids
                ],
                hidden_children=sum(
                    1 for link in request.live_children if link.child_id not in visible_ids
                ),
                icpc_due=min(deadlines, key=_due_key) if deadlines else None,
            )
        )
    return entries


def _due_key(deadline):
    return deadline.due_on


def request_for(user, pk) -> ConferenceRequest:
    """A request, if the user may see every child on it (else page not found)."""
    hidden = ConferenceRequestChild.objects.filter(request=OuterRef("pk")).exclude(
        visible_child_q(user)
    )
    request = (
        ConferenceRequest.objects.filter(pk=pk)
        .exclude(Exists(hidden))
        .select_related("requested_by", "requested_by__line_manager", "team", "withdrawn_by")
        .prefetch_related(
            _request_children_prefetch(),
            Prefetch(
                "request_children",
                queryset=ConferenceRequestChild.objects.select_related("child", "enquiry").order_by(
                    "child__date_of_birth", "pk"
                ),
                to_attr="all_children",
            ),
            Prefetch(
                "invitees",
                queryset=ConferenceRequestInvitee.objects.order_by("kind", "name", "pk"),
            ),
        )
        .first()
    )
    if request is None:
        raise Http404("No conference request found")
    return request


def enquiries_awaiting_request(user, child):
    """S47 enquiries of the child and its brothers and sisters (that the user may see) that
    found a conference is needed and have no live request yet."""
    children = household_children_for(user, child)
    live_request = ConferenceRequestChild.objects.filter(enquiry=OuterRef("pk"), is_active=True)
    return (
        S47Enquiry.objects.filter(
            child__in=[c.pk for c in children], outcome=S47Outcome.CONFERENCE_NEEDED
        )
        .exclude(Exists(live_request))
        .select_related("child", "strategy_discussion")
        .order_by("child__date_of_birth", "pk")
    )


def invite_candidates(enquiries):
    """The family and network members and professionals of the enquiries' children."""
    child_ids = [enquiry.child_id for enquiry in enquiries]
    links = list(
        FamilyLink.objects.filter(child_id__in=child_ids, ended_at__isnull=True)
        .select_related("person", "child")
        .order_by("person__surname", "person__forename", "pk")
    )
    professionals = list(
        ProfessionalInvolvement.objects.filter(child_id__in=child_ids, ended_on__isnull=True)
        .select_related("user", "user__agency", "agency", "child")
        .order_by("role", "pk")
    )
    return links, professionals


def requests_for_children(children, user) -> dict:
    """For the child's page: the live request of each child, as a summary of the next
    conference (booking arrives with its own issue). One query."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    links = (
        ConferenceRequestChild.objects.filter(
            child_id__in=ids, is_active=True, request__status=RequestStatus.SENT
        )
        .select_related("request")
        .only("child_id", "request__conference_type", "request__sent_at")
        .order_by("request__sent_at")
    )
    summaries = {}
    for link in links:
        summaries.setdefault(
            link.child_id,
            ConferenceSummary(
                text=(
                    f"{link.request.get_conference_type_display()} requested on "
                    f"{govuk_date(link.request.sent_at)}: waiting to be booked"
                ),
                when=None,
                url=reverse("conferences:request", args=[link.request_id]),
            ),
        )
    return summaries
