"""Plans, made through plans.services so their deadlines are opened as in the service, and
set-based helpers for query-count tests. Synthetic data only."""

import datetime
import itertools

from django.utils import timezone

from plans import services
from plans.models import PlanCategory, SecondaryFactor

DANGER_STATEMENTS = [
    (
        "Social workers are worried that Amelia will be hurt when her parents argue and fight.",
        "Amelia's parents will show they can keep her safe when they disagree.",
    ),
    (
        "Amelia may go without food and clean clothes when her mother is unwell.",
        "Amelia will have meals and clean clothes every day, checked by her safety network.",
    ),
]


def plan_from(*, conference, child, by=None, **overrides):
    """A child protection plan started by the conference's chair, with two danger statements,
    a core group of two and three outline actions unless told otherwise."""
    kwargs = {
        "child": child,
        "conference": conference,
        "started_on": timezone.localdate(conference.starts_at),
        "category": PlanCategory.NEGLECT,
        "secondary_factors": [SecondaryFactor.DOMESTIC_ABUSE],
        "danger_statements": DANGER_STATEMENTS,
        "core_group_members": [
            {"name": "Sarah Jones", "role": "Mother"},
            {"name": "Hannah Visitor", "role": "Health visitor"},
        ],
        "outline_actions": [
            {
                "what": "Refer the parents to the domestic abuse programme",
                "who": "Social worker",
                "by_when": timezone.localdate() + datetime.timedelta(days=14),
                "danger_statement_index": 0,
            },
            {
                "what": "Weigh Amelia and check her health",
                "who": "Health visitor",
                "by_when": timezone.localdate() + datetime.timedelta(days=28),
                "danger_statement_index": 1,
            },
            {"what": "Agree a safety network", "who": "Sarah Jones", "by_when": None},
        ],
        "contingency_plan": "If the parents fight again, the social worker will call a strategy "
        "discussion.",
        # The family brought their safety plan to conference: the three actions above are all.
        "family_safety_plan_brought": True,
        "by": by or conference.chair,
    }
    kwargs.update(overrides)
    return services.start_child_protection_plan(**kwargs)


_review_slots = itertools.count()


def review_conference(*, child, chair, starts_at=None, started=True, minute_taker=None):
    """A review conference about the child, booked online and started (or not), written
    set-based: reviews have no request and their booking arrives with its own issue.

    Unless told, each gets its own two-minute slot earlier this morning, 3 minutes apart back
    from 45 minutes ago (the slots count from 0 in each test), clear of a conference moved to
    now by `move_to_today` (PostgreSQL refuses a chair in two conferences at once)."""
    from conferences.models import (
        Conference,
        ConferenceChild,
        ConferenceKind,
        ConferenceStatus,
    )

    if starts_at is None:
        starts_at = timezone.now() - datetime.timedelta(minutes=45 + 3 * next(_review_slots))
    conference = Conference.objects.create(
        kind=ConferenceKind.REVIEW,
        status=ConferenceStatus.BOOKED,
        chair=chair,
        minute_taker=minute_taker,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=2),
        online_link="https://meet.example/review",
        started_at=starts_at if started else None,
        started_by=chair if started else None,
    )
    ConferenceChild.objects.create(conference=conference, child=child)
    return conference


def end_plan_directly(plan, ended_on):
    """Mark a plan ended without the ending service (issue 7), for subsequent-plan tests."""
    from plans.models import ChildProtectionPlan, PlanEndReason, PlanStatus

    ChildProtectionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ENDED, ended_on=ended_on, end_reason=PlanEndReason.NO_LONGER_AT_RISK
    )
    plan.refresh_from_db()
    return plan


def bulk_actions_and_members(*, plan, actions: int = 30, members: int = 10):
    """Many actions (each linked to a danger statement, with a responsible user) and core group
    members (professionals who sign in, with their agencies), set-based."""
    from plans.models import CoreGroupMember, PlanAction, Source

    from .accounts import AgencyFactory, UserFactory

    statements = list(plan.danger_statements.all())
    users = [UserFactory(agency=AgencyFactory()) for _ in range(members)]
    PlanAction.objects.bulk_create(
        [
            PlanAction(
                plan=plan,
                danger_statement=statements[n % len(statements)] if statements else None,
                what=f"Action {n}",
                who="Core group",
                responsible=users[n % len(users)],
                by_when=timezone.localdate() + datetime.timedelta(days=n),
                source=Source.CORE_GROUP,
            )
            for n in range(actions)
        ]
    )
    CoreGroupMember.objects.bulk_create(
        [
            CoreGroupMember(plan=plan, name=user.full_name, role="Practitioner", user=user)
            for user in users
        ]
    )
