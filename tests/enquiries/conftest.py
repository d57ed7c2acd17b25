"""An enquirer at Demo Constabulary (switchboard 01632 960222), a social worker, and Amelia Jones
(on a neglect plan) living at 12 Acacia Avenue, DE1 2AB. Synthetic data only."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import AgencyKind, RoleCode
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.census import held_conference_on, plan_on
from tests.factories.children import ChildFactory

ADDRESS = {"address_line_1": "12 Acacia Avenue", "town": "Demoton", "postcode": "DE1 2AB"}


@pytest.fixture
def police(db):
    return AgencyFactory(
        name="Demo Constabulary", kind=AgencyKind.POLICE, known_phone_number="01632 960222"
    )


@pytest.fixture
def enquirer(police):
    return UserFactory(
        roles=[RoleCode.ENQUIRER], agency=police, full_name="Olive Outofhours", job_title="Duty"
    )


@pytest.fixture
def worker(db):
    team = TeamFactory(name="Assessment Team North")
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        full_name="Wendy Worker",
        email="wendy.worker@council.example",
        phone="01632 960555",
    )


@pytest.fixture
def chair(db):
    return UserFactory(roles=[RoleCode.CHAIR])


@pytest.fixture
def amelia(worker):
    today = timezone.localdate()
    return ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=datetime.date(today.year - 8, 3, 14),
        lead_social_worker=worker,
        **ADDRESS,
    )


@pytest.fixture
def amelias_plan(amelia, chair):
    day = timezone.localdate() - datetime.timedelta(days=60)
    conference = held_conference_on(child=amelia, on=day, chair=chair)
    return plan_on(child=amelia, conference=conference)


@pytest.fixture
def service_manager(db):
    return UserFactory(
        roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Manager", email="sam@council.example"
    )


def call_details(police, **overrides):
    details = {
        "caller_name": "DC Priya Patel",
        "caller_role": "Detective constable",
        "agency": police,
        "caller_number": "07700 900123",
        "reason": "Called to a domestic incident at the address last night.",
        "called_back_on": "01632 960222",
    }
    details.update(overrides)
    return details
