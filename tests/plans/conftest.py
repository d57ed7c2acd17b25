"""A child on the road to a plan: a social worker with a team manager, Amelia Jones (8) with her
mother and a health visitor, a request sent for her initial conference, and that conference booked,
invited to and started by its chair today. Synthetic data only."""

from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.shared_world import shareable


@shareable
def manager(team):
    user = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    team.manager = user
    team.save()
    return user


@shareable
def worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )


@shareable
def child(worker):
    today = timezone.localdate()
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 8, day=1),
        lead_social_worker=worker,
    )
    FamilyLinkFactory(
        child=amelia,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    ProfessionalInvolvementFactory(
        child=amelia, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    return amelia


@shareable
def conference(worker, child, coordinator, chair, minute_taker):
    """Amelia's initial conference, started by its chair today."""
    from tests.factories.conferences import send_request, started_conference

    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return started_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )


@shareable
def plan(conference, child):
    from tests.factories.plans import plan_from

    return plan_from(conference=conference, child=child)
