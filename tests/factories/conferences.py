"""Conference requests, made through conferences.services so deadlines and QANs are real."""

from children.models import FamilyLink, ProfessionalInvolvement
from conferences import services
from conferences.models import ChildAttendance
from tests import pdfs

from .children import enquiries_needing_conference
from .voice import children_seen, children_views


def send_request(*, by, enquiries, **needs):
    """Send a request inviting everyone linked to the enquiries' children."""
    children = [enquiry.child for enquiry in enquiries]
    people = {
        link.person
        for link in FamilyLink.objects.filter(
            child__in=children, ended_at__isnull=True
        ).select_related("person")
    }
    professionals = list(ProfessionalInvolvement.objects.filter(child__in=children))
    needs.setdefault("child_attending", ChildAttendance.NOT_DECIDED)
    return services.send_conference_request(
        by=by,
        enquiries=enquiries,
        family_members=sorted(people, key=lambda person: person.pk),
        professionals=professionals,
        **needs,
    )


def conference_request_for(*, by, children, when=None, **needs):
    """Strategy discussion, S47 outcome 'conference needed' and a sent request, for children
    that already have at least one family member or professional linked."""
    enquiries = enquiries_needing_conference(by=by, children=children, when=when)
    return send_request(by=by, enquiries=enquiries, **needs)


def bulk_waiting_requests(*, count: int, by, held_on=None, children_per_request: int = 1):
    """`count` requests waiting in the queue, written set-based for query-count tests: children,
    one strategy discussion, their enquiries (conference needed) with ICPC_DUE deadlines, and
    the requests, oldest first in the order made. Returns the requests."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from children.models import S47Enquiry, S47Outcome, StrategyDecision, StrategyDiscussion
    from conferences.models import ConferenceRequest, ConferenceRequestChild
    from timescales.models import Deadline, RuleCode
    from timescales.services import compute_due, policy_for

    from .children import bulk_children

    now = timezone.now()
    held_on = held_on or timezone.localdate() - datetime.timedelta(days=3)
    held_at = timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(10)))
    children = bulk_children(count * children_per_request)
    discussion = StrategyDiscussion.objects.create(
        held_at=held_at,
        concerns="Synthetic concerns for a large queue.",
        decision=StrategyDecision.S47,
        recorded_by=by,
    )
    enquiries = S47Enquiry.objects.bulk_create(
        [
            S47Enquiry(
                child=child,
                strategy_discussion=discussion,
                started_on=held_on,
                outcome=S47Outcome.CONFERENCE_NEEDED,
                concluded_on=held_on,
                outcome_recorded_by=by,
            )
            for child in children
        ],
        batch_size=500,
    )
    policy = policy_for(RuleCode.ICPC_DUE)
    due_on, due_at = compute_due(
        value=policy.value, unit=policy.unit, direction=policy.direction, start=held_on
    )
    Deadline.objects.bulk_create(
        [
            Deadline(
                rule=RuleCode.ICPC_DUE,
                subject_type=ContentType.objects.get_for_model(S47Enquiry),
                subject_id=enquiry.pk,
                child_id=enquiry.child_id,
                starts_at=held_at,
                due_on=due_on,
                due_at=due_at,
                policy_value=policy.value,
                policy_unit=policy.unit,
                policy_direction=policy.direction,
                responsible=by,
            )
            for enquiry in enquiries
        ],
        batch_size=500,
    )
    requests = ConferenceRequest.objects.bulk_create(
        [
            ConferenceRequest(
                requested_by=by,
                team=by.team,
                sent_at=now - datetime.timedelta(minutes=count - n),
                child_attending=ChildAttendance.NOT_DECIDED,
            )
            for n in range(count)
        ],
        batch_size=500,
    )
    ConferenceRequestChild.objects.bulk_create(
        [
            ConferenceRequestChild(request=request, child_id=enquiry.child_id, enquiry=enquiry)
            for n, request in enumerate(requests)
            for enquiry in enquiries[n * children_per_request : (n + 1) * children_per_request]
        ],
        batch_size=500,
    )
    return requests


def venue(name: str = "Room 1, Civic Centre"):
    from conferences.models import Venue

    return Venue.objects.get_or_create(name=name, defaults={"address": "1 Civic Way"})[0]


def working_day_at(days_ahead: int, hour: int = 10):
    """`hour` o'clock on the working day `days_ahead` working days from today."""
    import datetime

    from django.utils import timezone

    from timescales import calendar

    day = calendar.add_working_days(timezone.localdate(), days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def allocated_conference(*, request, coordinator, chair):
    return services.allocate_chair(request=request, chair=chair, by=coordinator)


def booked_conference(*, request, coordinator, chair, starts_at=None, **kwargs):
    """A conference allocated and booked through the services (in a room unless told)."""
    conference = services.allocate_chair(request=request, chair=chair, by=coordinator)
    if "venue" not in kwargs and "online_link" not in kwargs:
        kwargs["venue"] = venue()
    return services.book_conference(
        conference=conference,
        starts_at=starts_at or working_day_at(3),
        by=coordinator,
        **kwargs,
    )


def bulk_booked_conferences(*, count: int, by, chair):
    """`count` booked conferences (one child each, an hour apart, each in its own request),
    written set-based for query-count tests."""
    import datetime

    from conferences.models import (
        Conference,
        ConferenceChild,
        ConferenceRequestChild,
        ConferenceStatus,
        RequestStatus,
    )

    requests = bulk_waiting_requests(count=count, by=by)
    first = working_day_at(5, hour=0)
    conferences = Conference.objects.bulk_create(
        [
            Conference(
                request=request,
                status=ConferenceStatus.BOOKED,
                chair=chair,
                starts_at=first + datetime.timedelta(hours=n),
                ends_at=first + datetime.timedelta(hours=n, minutes=50),
                online_link="https://meet.example/bulk",
            )
            for n, request in enumerate(requests)
        ],
        batch_size=500,
    )
    links = {
        link.request_id: link
        for link in ConferenceRequestChild.objects.filter(request__in=requests)
    }
    ConferenceChild.objects.bulk_create(
        [
            ConferenceChild(
                conference=conference,
                child_id=links[conference.request_id].child_id,
                enquiry_id=links[conference.request_id].enquiry_id,
            )
            for conference in conferences
        ],
        batch_size=500,
    )
    for request in requests:
        request.status = RequestStatus.BOOKED
    type(requests[0]).objects.bulk_update(requests, ["status"], batch_size=500)
    return conferences


# Invitations ------------------------------------------------------------------------------------

TEST_BASE_URL = "https://conferences.test/"


def agency_professional_for(*, child, role=None, **user_kwargs):
    """An agency professional who signs in (with an agency), involved with the child."""
    from accounts.models import RoleCode
    from children.models import ProfessionalRole

    from .accounts import AgencyFactory, UserFactory
    from .children import ProfessionalInvolvementFactory

    agency = user_kwargs.pop("agency", None) or AgencyFactory()
    user = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=agency, **user_kwargs)
    involvement = ProfessionalInvolvementFactory(
        child=child,
        role=role or ProfessionalRole.HEALTH_VISITOR,
        user=user,
        agency=None,
        name="",
        email="",
    )
    return user, involvement


def send_invitations(*, conference, by):
    """Invitations sent through the service, with the emails' on-commit sending run at once when
    called inside a test transaction (pytest-django's `db`).

    The family's and children's letters are a stand-in PDF (tests.pdfs.stand_in_pdf) unless the
    test is marked real_letters: laying out the five-page letter was a third of building a
    started conference, and only a test about the letters reads them (ADR 74). Everything else
    the service does (invitations, emails, calendar files, history) is real."""
    from django.db import connection

    with _run_on_commit(connection), pdfs.letters_as_stand_ins():
        return services.send_invitations(conference=conference, by=by, base_url=TEST_BASE_URL)


class _run_on_commit:
    """Like django_capture_on_commit_callbacks(execute=True), for use outside a fixture."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.start = len(self.connection.run_on_commit)

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        if self.connection.in_atomic_block:
            callbacks = self.connection.run_on_commit[self.start :]
            del self.connection.run_on_commit[self.start :]
            for _, callback, _robust in callbacks:
                callback()
        return False


def invited_conference(*, request, coordinator, chair, **kwargs):
    """A conference allocated, booked and invited to, through the services."""
    conference = booked_conference(request=request, coordinator=coordinator, chair=chair, **kwargs)
    send_invitations(conference=conference, by=coordinator)
    conference.refresh_from_db()
    return conference


def bulk_invitations(*, conferences, user):
    """One active, sent email invitation for `user` to each conference, set-based (for
    query-count tests)."""
    from django.utils import timezone

    from conferences.models import Invitation, InvitationMethod, InviteeKind

    now = timezone.now()
    return Invitation.objects.bulk_create(
        [
            Invitation(
                conference=conference,
                kind=InviteeKind.PROFESSIONAL,
                user=user,
                agency_id=user.agency_id,
                name=user.full_name,
                connection="Health visitor",
                email=user.email,
                method=InvitationMethod.EMAIL,
                sent_at=now,
            )
            for conference in conferences
        ],
        batch_size=500,
    )


# Holding the conference (issue 6) ----------------------------------------------------------------


def move_to_today(conference, *, seen=True):
    """Move a booked conference to now (half an hour ago until 90 minutes ahead), set-based: the
    booking service refuses a time in the past, and a conference is started on its day. Ready to
    start: unless `seen=False`, each born child is recorded as seen (issue 21: an initial
    conference is not started for a child not seen), through voice.services."""
    import datetime

    from django.utils import timezone

    from conferences.models import Conference

    now = timezone.now()
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(minutes=90)
    )
    conference.refresh_from_db()
    if seen:
        children_seen(conference)
    return conference


def started_conference(*, request, coordinator, chair, minute_taker=None, invite=True, **kwargs):
    """A conference booked (with a minute taker if given), invited to, moved to today and started
    by its chair, through the services."""
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker, **kwargs
    )
    if invite:
        send_invitations(conference=conference, by=coordinator)
    move_to_today(conference)
    return services.start_conference(conference=conference, by=chair)


def bulk_attendance(*, conference, count: int, agencies: int = 5):
    """`count` attending professionals from `agencies` agencies, set-based (query-count tests)."""
    from conferences.models import Attendance, AttendanceKind, AttendanceStatus

    from .accounts import AgencyFactory

    made = [AgencyFactory() for _ in range(agencies)]
    return Attendance.objects.bulk_create(
        [
            Attendance(
                conference=conference,
                agency=made[n % agencies],
                name=f"Professional {n}",
                capacity="Practitioner",
                kind=AttendanceKind.PROFESSIONAL,
                status=AttendanceStatus.ATTENDED,
            )
            for n in range(count)
        ]
    )


# The decision (issue 6 parts 3 and 4) ------------------------------------------------------------


def make_quorate(conference, *, by, agencies=("Police", "Primary school")):
    """Everyone on the attendance list attended, and professionals of `agencies` (other than
    children's social care) were added as attending: the conference is quorate."""
    from conferences.models import Attendance, AttendanceKind, AttendanceStatus

    rows = Attendance.objects.filter(conference=conference).exclude(
        status=AttendanceStatus.ATTENDED
    )
    services.record_attendance(
        conference=conference, by=by, rows=dict.fromkeys(rows, AttendanceStatus.ATTENDED)
    )
    for agency in agencies:
        services.add_attendee(
            conference=conference,
            by=by,
            name=f"{agency} representative",
            kind=AttendanceKind.PROFESSIONAL,
            organisation=agency,
            capacity="Practitioner",
        )
    conference.refresh_from_db()
    return conference


def add_danger_statements(conference, *, by, count: int = 2):
    """`count` danger statements with their safety goals, through the service."""
    return [
        services.add_danger_statement(
            conference=conference,
            by=by,
            statement=f"Danger statement {n}: the children may be hurt when adults fight.",
            safety_goal=f"Safety goal {n}: the adults keep the children safe when they disagree.",
        )
        for n in range(1, count + 1)
    ]


def give_views(decision, *, by, views):
    """Professionals' views through the service: `views` is a list of view codes (or
    (view, dissent_reason) pairs); each from a different named professional."""
    made = []
    for n, item in enumerate(views, start=1):
        view, reason = item if isinstance(item, tuple) else (item, "")
        made.append(
            services.record_professional_view(
                decision=decision,
                by=by,
                name=f"Professional {n}",
                role=f"Agency {n}",
                view=view,
                dissent_reason=reason,
            )
        )
    return made


DEFAULT_CONTINGENCY = "If the plan is not followed, the core group meets within 2 working days."
DEFAULT_OUTCOMES = "The children are safe at home and the adults keep them safe when they argue."


def ready_to_decide(conference, *, with_views=True):
    """The conference has its inputs (issue 17 item 10): unless the invitations were sent and
    the social work report received, its chair records why it goes ahead without them."""
    from conferences.models import ConferenceStatus
    from conferences.readiness import inputs_of, record_inputs_reason

    conference.refresh_from_db()
    started = conference.started_at and conference.status == ConferenceStatus.BOOKED
    if started and conference.chair_id and with_views:
        children_views(conference)  # issue 21: a born child's views before the decision
    if started and conference.chair_id and not inputs_of(conference).may_proceed:
        record_inputs_reason(
            conference=conference,
            by=conference.chair,
            reason="The social worker presented the report at the conference.",
        )
    return conference


def _plan_worth_the_name(decision, *, by, kwargs):
    """A plan decision as issue 17 item 12 asks, unless the test says otherwise: a contingency
    plan, the outcomes for the child and an action (who, what, by when) towards danger
    statement 1 (added if the conference has none). At a review what the plan holds stays."""
    import datetime

    from django.utils import timezone

    from conferences.models import DangerStatement
    from conferences.plan_decision import plan_under_review

    plan = plan_under_review(decision.conference, decision.child)
    if plan is None:
        kwargs.setdefault("category", "emotional_abuse")
    if plan is None or not plan.contingency_plan:
        kwargs.setdefault("contingency_plan", DEFAULT_CONTINGENCY)
    if plan is None or not plan.outcomes_for_child:
        kwargs.setdefault("outcomes_for_child", DEFAULT_OUTCOMES)
    by_when = timezone.localdate() + datetime.timedelta(days=28)
    actions = [dict(row) for row in kwargs.get("actions") or ()]
    for row in actions:
        if (row.get("what") or row.get("who")) and not row.get("by_when"):
            row["by_when"] = by_when
    if not any(row.get("danger_statement_position") for row in actions):
        if not DangerStatement.objects.filter(
            record__conference=decision.conference, position=1
        ).exists():
            add_danger_statements(decision.conference, by=by, count=1)
        filled = [row for row in actions if row.get("what") or row.get("who")]
        if filled:
            filled[0]["danger_statement_position"] = 1
        elif "actions" not in kwargs:
            actions = [
                {
                    "what": "Attend a parenting course",
                    "who": "The parents, with the social worker",
                    "by_when": by_when,
                    "danger_statement_position": 1,
                }
            ]
    if actions or "actions" in kwargs:
        kwargs["actions"] = actions


def decide(decision, *, by, outcome="cp_plan", with_views=True, **kwargs):
    """The chair's decision, with a rationale and (for a plan) a category, contingency plan,
    outcomes and an action, through the service; the conference ready to decide."""
    kwargs.setdefault("rationale", "The children are at continuing risk of significant harm.")
    if outcome == "cp_plan":
        _plan_worth_the_name(decision, by=by, kwargs=kwargs)
    ready_to_decide(decision.conference, with_views=with_views)
    return services.record_decision(decision=decision, by=by, outcome=outcome, **kwargs)


def decide_every_child(conference, *, chair, outcome="cp_plan", views=("cp_plan",) * 3, **kwargs):
    """Every child's decision recorded (with `views`) and finalised by the chair."""
    decisions = services.open_decisions(conference=conference, by=chair)
    for decision in decisions:
        give_views(decision, by=chair, views=views)
        decide(decision, by=chair, outcome=outcome, **kwargs)
        services.finalise_decision(decision=decision, by=chair)
    return decisions


# Reviews (issue 7 part 6) ---------------------------------------------------------------------------


def booked_review(*, plan, coordinator, chair, starts_at=None, **kwargs):
    """The plan's review conference scheduled, given its chair and booked, through the services
    (online unless told)."""
    conference = services.schedule_review_conference(plan=plan, by=coordinator)
    services.allocate_review_chair(conference=conference, chair=chair, by=coordinator)
    if "venue" not in kwargs and "online_link" not in kwargs:
        kwargs["online_link"] = "https://meet.example/review"
    return services.book_conference(
        conference=conference, starts_at=starts_at or working_day_at(15), by=coordinator, **kwargs
    )


def started_review(*, plan, coordinator, chair, minute_taker=None, invite=True):
    """The plan's review booked, invited to (from the core group), moved to today and started."""
    conference = booked_review(
        plan=plan, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    if invite:
        send_invitations(conference=conference, by=coordinator)
    move_to_today(conference)
    return services.start_conference(conference=conference, by=chair)
