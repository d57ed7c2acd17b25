"""A family's request for a change of worker (issue 22 item 6; 001 §21): recorded with who asked,
when and why; only the team manager of the child's social worker decides, with a reason; agreed,
the child's lead social worker changes."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children import services
from children.models import ChangeOfWorkerRequest
from children.services.errors import ChildRecordError
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def manager(team):
    user = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    team.manager = user
    team.save()
    return user


@pytest.fixture
def worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )


@pytest.fixture
def new_worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )


@pytest.fixture
def child(worker):
    return ChildFactory(legal_forename="Oliver", legal_surname="Hughes", lead_social_worker=worker)


def _request(child, by, **overrides):
    kwargs = {
        "child": child,
        "by": by,
        "requested_by_name": "Gemma Hughes (mother)",
        "requested_on": TODAY(),
        "reason": "She feels the worker does not listen to her.",
    }
    kwargs.update(overrides)
    return services.record_worker_change_request(**kwargs)


def test_the_request_is_recorded_with_who_when_and_why(child, worker):
    request = _request(child, worker)
    assert request.current_worker == worker
    assert request.is_open
    assert request.history.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requested_by_name", "", "Enter who asked for a change of worker"),
        ("requested_by_name", "x" * 201, "Who asked must be 200 characters or fewer"),
        ("requested_on", None, "Enter the date of the request"),
        ("requested_on", "tomorrow", "The date of the request cannot be in the future"),
        ("reason", " ", "Enter the family's reason for asking"),
    ],
)
def test_the_request_needs_who_when_and_why(child, worker, field, value, message):
    if value == "tomorrow":
        value = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ChildRecordError, match=message) as refused:
        _request(child, worker, **{field: value})
    assert refused.value.field == field


def test_a_chair_may_not_record_a_request_and_one_waits_at_a_time(child, worker, chair):
    with pytest.raises(ChildRecordError, match="Only a social worker or team manager"):
        _request(child, chair)
    _request(child, worker)
    with pytest.raises(ChildRecordError, match="already waiting"):
        _request(child, worker)


def test_only_the_workers_team_manager_decides(child, worker, new_worker):
    request = _request(child, worker)
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    for someone in (worker, other_manager, UserFactory(roles=[RoleCode.SERVICE_MANAGER])):
        assert not services.may_decide_worker_change(request, someone)
        with pytest.raises(ChildRecordError, match="Only the team manager"):
            services.decide_worker_change(
                request=request, by=someone, agreed=False, reason="Not needed."
            )
    request.refresh_from_db()
    assert request.is_open


def test_agreed_changes_the_lead_social_worker(child, worker, new_worker, manager):
    request = _request(child, worker)
    with pytest.raises(ChildRecordError) as refused:
        services.decide_worker_change(request=request, by=manager, agreed=True, reason="Fair.")
    assert refused.value.field == "new_worker"
    with pytest.raises(ChildRecordError) as refused:
        services.decide_worker_change(
            request=request, by=manager, agreed=True, reason="Fair.", new_worker=worker
        )
    assert refused.value.field == "new_worker"
    with pytest.raises(ChildRecordError) as refused:
        services.decide_worker_change(
            request=request, by=manager, agreed=True, reason=" ", new_worker=new_worker
        )
    assert refused.value.field == "decision_reason"
    decided = services.decide_worker_change(
        request=request,
        by=manager,
        agreed=True,
        reason="The relationship has broken down.",
        new_worker=new_worker,
    )
    assert (decided.agreed, decided.decided_by, decided.new_worker) == (True, manager, new_worker)
    child.refresh_from_db()
    assert child.lead_social_worker == new_worker
    with pytest.raises(ChildRecordError, match="already been decided"):
        services.decide_worker_change(request=request, by=manager, agreed=False, reason="No.")


def test_not_agreed_keeps_the_worker_and_records_why(child, worker, new_worker, manager):
    request = _request(child, worker)
    decided = services.decide_worker_change(
        request=request,
        by=manager,
        agreed=False,
        reason="The worker has been with the family a month; we will meet together first.",
        new_worker=new_worker,
    )
    assert decided.agreed is False
    assert decided.new_worker is None
    child.refresh_from_db()
    assert child.lead_social_worker == worker
    assert ChangeOfWorkerRequest.objects.get().decision_reason.startswith("The worker has")
