"""One collection year (1 April 2025 to 31 March 2026) of child protection work:

- Amelia: Section 47 from Monday 2 June 2025, initial conference Friday 20 June 2025 started a
  neglect plan (emotional abuse since a review), reviewed Monday 15 September 2025 and Monday
  9 March 2026; still on the plan.
- Ben: Section 47 from Wednesday 1 October 2025 found no conference was needed.
- Cara: a physical abuse plan from Wednesday 20 November 2024 that ended on Tuesday 1 July 2025,
  then a second plan from Tuesday 4 November 2025 after another enquiry.
Synthetic data only.
"""

import datetime

import pytest

from accounts.models import RoleCode
from children.models import Disability, PrimaryNeed, ReferralSource, S47Outcome, UpnUnknownReason
from plans.models import PlanCategory
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.census import plan_with_history, s47_enquiry
from tests.factories.children import ChildFactory

REFERENCE_DATE = datetime.date(2026, 3, 31)
D = datetime.date


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Prepared census files go to a temporary private storage, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(db):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=TeamFactory(name="Assessment Team North"),
        full_name="Wendy Worker",
    )


@pytest.fixture
def chair(db):
    return UserFactory(roles=[RoleCode.CHAIR])


@pytest.fixture
def qa_manager(db):
    return UserFactory(roles=[RoleCode.QA_MANAGER])


def census_child(worker, **fields):
    defaults = {
        "lead_social_worker": worker,
        "cin_referral_date": D(2025, 5, 28),
        "referral_source": ReferralSource.SCHOOLS,
        "primary_need": PrimaryNeed.N1,
        "upn_unknown_reason": UpnUnknownReason.UN2,
        "disabilities": [Disability.NONE],
    }
    defaults.update(fields)
    return ChildFactory(**defaults)


@pytest.fixture
def year(worker, chair):
    amelia = census_child(
        worker,
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=D(2017, 3, 14),
        local_child_id="CH0001",
        upn="A123456789012",
        upn_unknown_reason="",
    )
    amelias_plan = plan_with_history(
        child=amelia,
        by=worker,
        chair=chair,
        s47_on=D(2025, 6, 2),
        icpc_on=D(2025, 6, 20),
        reviews=[D(2025, 9, 15), D(2026, 3, 9)],
        category=PlanCategory.EMOTIONAL_ABUSE,
        initial_category=PlanCategory.NEGLECT,
    )
    ben = census_child(
        worker,
        legal_forename="Ben",
        legal_surname="Smith",
        date_of_birth=D(2012, 1, 2),
        local_child_id="CH0002",
        cin_referral_date=D(2025, 9, 30),
    )
    s47_enquiry(
        child=ben,
        by=worker,
        started_on=D(2025, 10, 1),
        outcome=S47Outcome.NO_CONFERENCE,
        concluded_on=D(2025, 10, 10),
    )
    cara = census_child(
        worker,
        legal_forename="Cara",
        legal_surname="Brown",
        date_of_birth=D(2015, 7, 7),
        local_child_id="CH0003",
        cin_referral_date=D(2024, 11, 1),
        disabilities=[Disability.COMM, Disability.LD],
    )
    first = plan_with_history(
        child=cara,
        by=worker,
        chair=chair,
        s47_on=D(2024, 11, 4),
        icpc_on=D(2024, 11, 20),
        ended_on=D(2025, 7, 1),
        category=PlanCategory.PHYSICAL_ABUSE,
    )
    second = plan_with_history(
        child=cara,
        by=worker,
        chair=chair,
        s47_on=D(2025, 10, 20),
        icpc_on=D(2025, 11, 4),
        category=PlanCategory.PHYSICAL_ABUSE,
    )
    return {
        "amelia": amelia,
        "amelias_plan": amelias_plan,
        "ben": ben,
        "cara": cara,
        "caras_plans": [first, second],
    }


def prepared_census(client, reference_date="2026-03-31", capture=None):
    """Ask for the census on the page, as the QA manager would; returns the response after the
    redirect to the run's page. `capture` is pytest-django's on-commit fixture, so the task is
    sent (and, with eager_tasks, run) as it would be after the request's transaction."""
    year, month, day = reference_date.split("-")
    data = {
        "reference_date_day": str(int(day)),
        "reference_date_month": str(int(month)),
        "reference_date_year": year,
    }
    with capture(execute=True):
        response = client.post("/returns/", data)
    assert response.status_code == 302, response.content
    return client.get(response["Location"])
