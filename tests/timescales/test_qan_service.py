"""Raising QANs for events, who receives them, their lifecycle and their email."""

import pytest
from django.core import mail

from accounts.models import RoleCode
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from timescales import services
from timescales.models import QanKind, QanStatus
from timescales.services import TimescaleError

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER])
    team_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], line_manager=service_manager)
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=TeamFactory(), line_manager=team_manager
    )
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    return {"sm": service_manager, "tm": team_manager, "sw": worker, "qa": qa}


def raise_one(people, responsible=None, **kwargs):
    return services.raise_qan(
        kind=QanKind.POSTPONED,
        description="The conference was postponed because the chair was unwell.",
        responsible=responsible or people["sw"],
        child=ChildFactory(),
        raised_by=people["qa"],
        **kwargs,
    )


def test_a_qan_goes_to_the_line_manager_of_whoever_was_responsible(people):
    qan = raise_one(people)
    assert qan.addressed_to == people["tm"]
    assert qan.team == people["sw"].team
    assert qan.reference == f"QAN-{qan.pk:06d}"


def test_without_a_line_manager_it_goes_to_a_service_manager(people):
    loner = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    assert raise_one(people, responsible=loner).addressed_to == people["sm"]


def test_the_addressee_is_emailed_once_the_qan_is_committed(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        qan = raise_one(people)
    assert [m.to for m in mail.outbox] == [[people["tm"].email]]
    assert qan.reference in mail.outbox[0].subject
    qan.refresh_from_db()
    assert qan.emailed_at is not None
    assert services.notify_pending_qans() == 0  # never twice


def test_lifecycle_open_acknowledged_explained_closed(people):
    qan = raise_one(people)
    qan = services.acknowledge_qan(qan=qan, by=people["tm"])
    assert qan.status == QanStatus.ACKNOWLEDGED
    with pytest.raises(TimescaleError, match="Enter an explanation"):
        services.explain_qan(qan=qan, by=people["tm"], explanation=" ")
    qan = services.explain_qan(
        qan=qan, by=people["tm"], explanation="Chair unwell; the child was visited daily."
    )
    assert qan.status == QanStatus.EXPLAINED
    qan = services.close_qan(qan=qan, by=people["qa"], note="Reasonable.")
    assert qan.status == QanStatus.CLOSED and qan.closed_by == people["qa"]
    assert [h.status for h in qan.history.order_by("history_date")] == [
        "open",
        "acknowledged",
        "explained",
        "closed",
    ]


def test_only_the_addressee_or_qa_acts_and_only_qa_closes_after_an_explanation(people):
    qan = raise_one(people)
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    with pytest.raises(TimescaleError, match="Only the manager it was sent to"):
        services.acknowledge_qan(qan=qan, by=other_manager)
    with pytest.raises(TimescaleError, match="An explanation must be given"):
        services.close_qan(qan=qan, by=people["qa"])
    services.explain_qan(qan=qan, by=people["tm"], explanation="Explained.")
    with pytest.raises(TimescaleError, match="Only a quality assurance manager"):
        services.close_qan(qan=qan, by=people["tm"])
