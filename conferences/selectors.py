"""Reads about conference requests, scoped to what the user may see."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import reverse

from children.models import FamilyLink, ProfessionalInvolvement, S47Enquiry, S47Outcome
from children.selectors import children_visible_to, household_children_for, visible_child_q
from children.summary import ConferenceSummary
from core.templatetags.govuk import govuk_date, govuk_datetime

from .models import (
    Conference,
    ConferenceChild,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    ConferenceStatus,
    Invitation,
    RequestStatus,
    Venue,
)
from .rules import may_work_request_queue

QUEUE_PAGE_SIZE = 100


def icpc_due_deadlines(enquiry_ids) -> dict:
    """The ICPC_DUE deadline of each enquiry, keyed by enquiry id: one query."""
    from django.contrib.contenttypes.models import ContentType

    from timescales.models import Deadline, RuleCode

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


# Conferences ------------------------------------------------------------------------------------

CONFERENCE_PAGE_SIZE = 100


def _conference_children_prefetch():
    return Prefetch(
        "conference_children",
        queryset=ConferenceChild.objects.select_related("child", "enquiry").order_by(
            "child__date_of_birth", "pk"
        ),
    )


def _conferences_for(user):
    """The conferences the user may list: every one for the conference service and QA, their own
    for a chair; none with a child on a restricted record the user is not named on."""
    from accounts.models import RoleCode

    if not user.has_perm("conferences.list_conferences"):
        return Conference.objects.none()
    hidden = ConferenceChild.objects.filter(conference=OuterRef("pk")).exclude(
        visible_child_q(user)
    )
    queryset = Conference.objects.exclude(Exists(hidden))
    if not user.has_role(RoleCode.CONFERENCE_COORDINATOR, RoleCode.QA_MANAGER):
        queryset = queryset.filter(chair=user)
    return queryset


def conference_list_page(user, page_number=1, *, per_page: int = CONFERENCE_PAGE_SIZE):
    """One page of conferences, soonest first (not yet booked last). Four queries."""
    from django.db.models import F

    queryset = (
        _conferences_for(user)
        .select_related("chair", "venue", "minute_taker")
        .prefetch_related(_conference_children_prefetch())
        .order_by(F("starts_at").asc(nulls_last=True), "pk")
    )
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(page_number)
    return page, list(paginator.get_elided_page_range(page.number))


def conferences_visible_to(user):
    """The conferences whose page the user may reach: for the authority's staff, those whose
    children they may all see; for anyone else (an agency professional), only the conferences
    they hold an active invitation to, less any with a restricted child they are not named on.
    Whether they may then open it is the view's check (403)."""
    from children.models import NamedAccess
    from children.rules import may_see_authority_children

    if not (user and user.is_authenticated):
        return Conference.objects.none()
    if may_see_authority_children(user):
        hidden = ConferenceChild.objects.filter(conference=OuterRef("pk")).exclude(
            visible_child_q(user)
        )
        return Conference.objects.exclude(Exists(hidden))
    invited = Invitation.objects.filter(conference=OuterRef("pk"), user=user, is_active=True)
    named = NamedAccess.objects.filter(user=user, revoked_at__isnull=True).values("child_id")
    hidden = ConferenceChild.objects.filter(
        conference=OuterRef("pk"), child__is_restricted=True
    ).exclude(child_id__in=named)
    return Conference.objects.filter(Exists(invited)).exclude(Exists(hidden))


def conference_for(user, pk) -> Conference:
    """A conference with its children, people and place, if it is visible to the user (else page
    not found, so a guessed number tells nothing). Whether the user may open it is the view's
    check (403)."""
    conference = (
        conferences_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "chair",
            "minute_taker",
            "venue",
            "request",
            "request__requested_by",
            "change_agreed_by",
            "change_chair_agreed_by",
            "booked_by",
        )
        .prefetch_related(_conference_children_prefetch())
        .first()
    )
    if conference is None:
        raise Http404("No conference found")
    return conference


def conference_deadlines(conference: Conference) -> list:
    """The conference's own deadlines (invitations) and the request's chair allocation, then
    each child's ICPC due date: three queries."""
    from django.contrib.contenttypes.models import ContentType

    from timescales.models import Deadline, RuleCode

    own = list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Conference), subject_id=conference.pk
        ).select_related("responsible", "child")
    )
    if conference.request_id:
        own += list(
            Deadline.objects.filter(
                rule=RuleCode.CHAIR_ALLOC,
                subject_type=ContentType.objects.get_for_model(ConferenceRequest),
                subject_id=conference.request_id,
            ).select_related("responsible", "child")
        )
    due = icpc_due_deadlines(
        link.enquiry_id for link in conference.conference_children.all() if link.enquiry_id
    )
    return sorted(due.values(), key=lambda d: (d.due_at, d.pk)) + own


def conference_of_request(conference_request) -> Conference | None:
    """The request's conference that is not cancelled, if a chair has been allocated."""
    return (
        Conference.objects.filter(request=conference_request)
        .select_related("chair")
        .exclude(status=ConferenceStatus.CANCELLED)
        .order_by("-pk")
        .first()
    )


def bookable_venues(conference):
    """The rooms a booking may use: those in use, and the one it has even if since retired."""
    return Venue.objects.filter(Q(is_active=True) | Q(pk=conference.venue_id))


def chairs():
    from accounts.models import RoleCode, User

    return User.objects.filter(is_active=True, roles__code=RoleCode.CHAIR).order_by("full_name")


def minute_takers():
    from accounts.models import RoleCode, User

    return User.objects.filter(is_active=True, roles__code=RoleCode.MINUTE_TAKER).order_by(
        "full_name"
    )


def users_among(people):
    """A queryset of these people (a form's choices) in the order given."""
    from django.db.models import Case, IntegerField, Value, When

    from accounts.models import User

    ids = [person.pk for person in people]
    if not ids:
        return User.objects.none()
    order = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return User.objects.filter(pk__in=ids).order_by(order)


def service_managers():
    from accounts.models import RoleCode, User

    return User.objects.filter(is_active=True, roles__code=RoleCode.SERVICE_MANAGER).order_by(
        "full_name"
    )


def conferences_for_children(children, user) -> dict:
    """For the child's page: each child's allocated, booked or postponed conference, as a
    summary of the next conference (it takes precedence over the request). One query."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    links = (
        ConferenceChild.objects.filter(
            child_id__in=ids,
            conference__status__in=[
                ConferenceStatus.ALLOCATED,
                ConferenceStatus.BOOKED,
                ConferenceStatus.POSTPONED,
            ],
        )
        .select_related("conference")
        .order_by("conference__starts_at", "pk")
    )
    sees_conferences = user.has_perm("conferences.list_conferences")
    summaries = {}
    for link in links:
        conference = link.conference
        if conference.status == ConferenceStatus.BOOKED:
            text = (
                f"{conference.get_kind_display()} booked for {govuk_datetime(conference.starts_at)}"
            )
        elif conference.status == ConferenceStatus.POSTPONED:
            text = f"{conference.get_kind_display()} postponed: to be re-booked"
        else:
            text = f"{conference.get_kind_display()}: chair allocated, waiting to be booked"
        if sees_conferences and user.has_perm("conferences.view_conference", conference):
            url = reverse("conferences:conference", args=[conference.pk])
        elif conference.request_id:
            url = reverse("conferences:request", args=[conference.request_id])
        else:
            url = ""
        summaries.setdefault(
            link.child_id, ConferenceSummary(text=text, when=conference.starts_at, url=url)
        )
    return summaries


# Review conferences: what has happened since the last conference -------------------------------


@dataclass
class PlanSinceLastConference:
    plan: object
    scale_history: list  # (when, what, average score or scores) oldest first
    actions: list  # the plan's actions with their current status


def since_last_conference(conference) -> list[PlanSinceLastConference]:
    """For a review: each child's plan with its safety scale history (the average score for the
    child against each danger statement at each earlier conference, or the overall average
    recorded before per-danger scaling, and the scores against each danger statement at each
    core group) and the progress on its actions. Four queries whatever the history's length."""
    from django.db.models import Avg, F, Q

    from coreGroups.models import DangerStatementScaling
    from plans.models import ChildProtectionPlan, PlanAction, PlanStatus

    from .models import SafetyScaleScore

    child_ids = [link.child_id for link in conference.conference_children.all()]
    plans = list(
        ChildProtectionPlan.objects.filter(child_id__in=child_ids, status=PlanStatus.ACTIVE)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )
    if not plans:
        return []
    # Per child and danger statement since issue 17 item 11; earlier scores (no child) are the
    # whole conference's, for each of its children.
    conference_averages = list(
        SafetyScaleScore.objects.filter(
            Q(child__isnull=True)
            | Q(child_id=F("record__conference__conference_children__child_id")),
            record__conference__conference_children__child_id__in=child_ids,
        )
        .exclude(record__conference=conference)
        .values(
            "record__conference_id",
            "record__conference__starts_at",
            "record__conference__conference_children__child_id",
            "danger_statement__position",
        )
        .annotate(average=Avg("score"))
        .order_by("record__conference__starts_at", "danger_statement__position")
    )
    core_group_scores = list(
        DangerStatementScaling.objects.filter(meeting__plan__in=plans)
        .select_related("meeting", "danger_statement")
        .order_by("meeting__held_at", "danger_statement__position")
    )
    actions = list(PlanAction.objects.filter(plan__in=plans).order_by("plan_id", "by_when", "pk"))
    result = []
    for plan in plans:
        history, per_danger = [], {}
        for row in conference_averages:
            if row["record__conference__conference_children__child_id"] != plan.child_id:
                continue
            when, position = row["record__conference__starts_at"], row["danger_statement__position"]
            if position is None:
                history.append(
                    (when, "Conference (average of everyone's scores)", round(row["average"], 1))
                )
            else:
                per_danger.setdefault(when, []).append(
                    f"danger statement {position}: {round(row['average'], 1):g}"
                )
        history += [
            (
                when,
                "Conference (average of everyone's scores for each danger statement)",
                ", ".join(scores),
            )
            for when, scores in per_danger.items()
        ]
        meetings: dict = {}
        for scaling in core_group_scores:
            if scaling.meeting.plan_id == plan.pk:
                meetings.setdefault(scaling.meeting, []).append(
                    f"danger statement {scaling.danger_statement.position}: {scaling.score}"
                )
        history += [
            (meeting.held_at, "Core group", ", ".join(scores))
            for meeting, scores in meetings.items()
        ]
        history.sort(key=lambda entry: entry[0])
        result.append(
            PlanSinceLastConference(
                plan=plan,
                scale_history=history,
                actions=[action for action in actions if action.plan_id == plan.pk],
            )
        )
    return result
