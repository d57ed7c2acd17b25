"""A booked initial conference for two children, their social worker (with a team manager as
line manager), a coordinator, a chair and a service manager; invited professionals are added by
each test. Synthetic data only; uploads go to a temporary MEDIA_ROOT."""

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request, working_day_at
from tests.shared_world import shareable


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@shareable
def manager(team, service_manager):
    return UserFactory(
        roles=[RoleCode.TEAM_MANAGER],
        team=team,
        agency=team.agency,
        line_manager=service_manager,
        full_name="Tessa Manager",
    )


@shareable
def worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        full_name="Sophie Worker",
    )


@shareable
def children(worker):
    today = timezone.localdate()
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 8, day=1),
        lead_social_worker=worker,
    )
    noah = ChildFactory(
        legal_forename="Noah",
        legal_surname="Jones",
        household=amelia.household,
        date_of_birth=today.replace(year=today.year - 3, day=1),
        lead_social_worker=worker,
    )
    mother = PersonFactory(forename="Sarah", surname="Jones")
    for child in (amelia, noah):
        FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
    return [amelia, noah]


@shareable
def starts_at(db):
    return working_day_at(10)


@shareable
def conference(worker, coordinator, chair, children, starts_at):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    return booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=starts_at
    )


@shareable
def agency_user(db):
    """A health visitor who signs in, with a line manager in their own agency."""
    from tests.factories.accounts import AgencyFactory

    agency = AgencyFactory(name="Synthetic Community Health Trust")
    lead = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=agency, full_name="Helen Lead")
    return UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL],
        agency=agency,
        line_manager=lead,
        full_name="Hannah Visitor",
        email="hannah.visitor@health.example",
    )
