"""Reads about conferences: the list, the conferences a user may reach, one conference with its
people and place, its deadlines, and the people and rooms a booking may use."""

from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.http import Http404
from django.urls import reverse

from accounts.models import RoleCode, User
from children.models import NamedAccess, S47Enquiry
from children.rules import may_see_authority_children
from children.selectors import visible_child_q
from children.summary import ConferenceSummary
from core.templatetags.govuk import govuk_datetime
from reports.models import SocialWorkReport
from timescales.models import Deadline, RuleCode

from ..models import (
    Conference,
    ConferenceChild,
    ConferenceRequest,
    ConferenceStatus,
    Invitation,
    Venue,
)

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


def may_open_conference_q(user) -> Q:
    """The `conferences.view_conference` rule as a filter, so a list can say per row whether its
    link may be shown without asking the rule (and the database) once a row. It must agree with
    the rule in conferences/rules.py (tests/conferences/test_may_open_conference.py checks)."""
    if user.has_role(RoleCode.CONFERENCE_COORDINATOR, RoleCode.QA_MANAGER):
        return Q(pk__isnull=False)
    invited = Invitation.objects.filter(conference=OuterRef("pk"), user=user, is_active=True)
    works_with = ConferenceChild.objects.filter(conference=OuterRef("pk")).filter(
        Q(child__lead_social_worker=user) | Q(child__lead_social_worker__team__manager=user)
    )
    return Q(chair=user) | Q(minute_taker=user) | Exists(invited) | Exists(works_with)


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


# What the conference's page shows of the people and the request: their names and the date it
# was sent. Every column of the conference and of its social work report is read (the rules and
# the reports summary ask for many).
_PAGE_PEOPLE = ("chair", "minute_taker", "change_agreed_by", "change_chair_agreed_by")
_PAGE_FIELDS = (
    *(field.name for field in Conference._meta.concrete_fields),
    *(f"social_work_report__{field.name}" for field in SocialWorkReport._meta.concrete_fields),
    *(f"{person}__full_name" for person in _PAGE_PEOPLE),
    "venue__name",
    "venue__address",
    "request__sent_at",
    "request__requested_by__full_name",
)


def conference_page_for(user, pk) -> Conference:
    """`conference_for` with only what the conference's page shows: its people's names, the
    place, the request and the social work report, and its children without their enquiries
    (the page needs only the enquiry's number). Page not found unless visible to the user."""
    try:
        return (
            conferences_visible_to(user)
            .select_related(
                *_PAGE_PEOPLE, "venue", "request", "request__requested_by", "social_work_report"
            )
            .only(*_PAGE_FIELDS)
            .prefetch_related(
                Prefetch(
                    "conference_children",
                    queryset=ConferenceChild.objects.select_related("child").order_by(
                        "child__date_of_birth", "pk"
                    ),
                )
            )
            .get(pk=pk)  # unordered: ordering one row by pk costs the ORM, not the database
        )
    except Conference.DoesNotExist:
        raise Http404("No conference found") from None


def conference_deadlines(conference: Conference) -> list:
    """Each child's ICPC due date (earliest first), then the conference's own deadlines
    (invitations) and the request's chair allocation. One query, with the child and the person
    responsible that the timescales table shows, so the table asks nothing more."""
    from django.contrib.contenttypes.models import ContentType

    conference_type, request_type, enquiry_type = (
        ContentType.objects.get_for_model(model)
        for model in (Conference, ConferenceRequest, S47Enquiry)
    )
    wanted = Q(subject_type=conference_type, subject_id=conference.pk)
    if conference.request_id:
        wanted |= Q(
            rule=RuleCode.CHAIR_ALLOC, subject_type=request_type, subject_id=conference.request_id
        )
    enquiry_ids = [
        link.enquiry_id for link in conference.conference_children.all() if link.enquiry_id
    ]
    if enquiry_ids:
        wanted |= Q(rule=RuleCode.ICPC_DUE, subject_type=enquiry_type, subject_id__in=enquiry_ids)
    own, chair_allocation, due = [], [], {}
    # Sorted here, as the model orders them: the ORM's ORDER BY costs more than the sort.
    deadlines = Deadline.objects.filter(wanted).select_related("responsible", "child").order_by()
    for deadline in sorted(deadlines, key=lambda d: (d.due_at, d.pk)):
        if deadline.subject_type_id == enquiry_type.pk:
            due[deadline.subject_id] = deadline  # an enquiry's latest wins, as before
        elif deadline.subject_type_id == conference_type.pk:
            own.append(deadline)
        else:
            chair_allocation.append(deadline)
    return sorted(due.values(), key=lambda d: (d.due_at, d.pk)) + own + chair_allocation


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


def active_venues():
    """The rooms in use, for booking a conference."""
    return Venue.objects.filter(is_active=True)


def chairs():

    return User.objects.filter(is_active=True, roles__code=RoleCode.CHAIR).order_by("full_name")


def minute_takers():

    return User.objects.filter(is_active=True, roles__code=RoleCode.MINUTE_TAKER).order_by(
        "full_name"
    )


def users_among(people):
    """A queryset of these people (a form's choices) in the order given."""

    ids = [person.pk for person in people]
    if not ids:
        return User.objects.none()
    order = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return User.objects.filter(pk__in=ids).order_by(order)


def service_managers():

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
        # What the summary shows and what the view_conference rule reads (the chair and the
        # minute taker): the conference's other columns cost time to build and to read.
        .only(
            "child_id",
            "conference__status",
            "conference__kind",
            "conference__starts_at",
            "conference__request_id",
            "conference__chair_id",
            "conference__minute_taker_id",
        )
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
