"""Who may see a child's record, and the access log of every view."""

import pytest

from accounts.models import RoleCode
from children import services
from children.models import ChildRecordView, NamedAccess
from tests.auth import login
from tests.factories.children import ChildFactory

pytestmark = pytest.mark.django_db

STAFF_ROLES = [
    RoleCode.SOCIAL_WORKER,
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.CONFERENCE_COORDINATOR,
    RoleCode.QA_MANAGER,
    RoleCode.CHAIR,
    RoleCode.MINUTE_TAKER,
]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_roles_see_the_authoritys_children(client, make_user, role):
    child = ChildFactory()
    login(client, make_user(role))
    assert client.get(f"/children/{child.pk}/").status_code == 200


@pytest.mark.parametrize("roles", [[RoleCode.AGENCY_PROFESSIONAL], [RoleCode.ENQUIRER], []])
def test_agency_professionals_enquirers_and_no_role_get_page_not_found(client, make_user, roles):
    child = ChildFactory()
    login(client, make_user(*roles))
    assert client.get(f"/children/{child.pk}/").status_code == 404
    assert not ChildRecordView.objects.exists()


def test_a_restricted_record_is_seen_only_by_the_people_named(client, make_user):
    named = make_user(RoleCode.SOCIAL_WORKER)
    manager = make_user(RoleCode.HEAD_OF_SERVICE)
    child = services.create_child(
        by=named,
        is_restricted=True,
        legal_forename="Hidden",
        legal_surname="Child",
        date_of_birth=ChildFactory.build().date_of_birth,
    )
    login(client, manager)
    assert client.get(f"/children/{child.pk}/").status_code == 404
    login(client, named)
    assert client.get(f"/children/{child.pk}/").status_code == 200
    services.grant_named_access(child=child, user=manager, by=named, reason="Oversight")
    login(client, manager)
    assert client.get(f"/children/{child.pk}/").status_code == 200
    services.revoke_named_access(child=child, user=manager, by=named)
    assert client.get(f"/children/{child.pk}/").status_code == 404
    assert NamedAccess.objects.filter(child=child, user=manager).exists()  # revoked, not deleted


def test_restricting_a_record_names_whoever_restricts_it(make_user):
    worker, colleague = make_user(RoleCode.SOCIAL_WORKER), make_user(RoleCode.TEAM_MANAGER)
    child = ChildFactory()
    services.restrict_child_record(
        child=child, by=worker, named_users=[colleague], reason="Staff member's child"
    )
    named = set(NamedAccess.objects.filter(child=child).values_list("user_id", flat=True))
    assert named == {worker.pk, colleague.pk}
    assert child.is_restricted


def test_every_view_of_a_childs_record_is_logged(client, social_worker):
    child = ChildFactory()
    login(client, social_worker)
    client.get(f"/children/{child.pk}/")
    client.get(f"/children/{child.pk}/change/")
    views = list(ChildRecordView.objects.order_by("viewed_at", "pk"))
    assert [(v.user, v.child, v.what, v.path) for v in views] == [
        (social_worker, child, "Child's record", f"/children/{child.pk}/"),
        (social_worker, child, "Child's details (to change them)", f"/children/{child.pk}/change/"),
    ]


def test_nobody_can_change_the_access_log_in_the_admin(admin_client):
    child = ChildFactory()
    log = ChildRecordView.objects.create(user=child.recorded_by or _admin(), child=child, what="x")
    assert admin_client.get(f"/admin/children/childrecordview/{log.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/children/childrecordview/add/").status_code == 403


def _admin():
    from accounts.models import User

    return User.objects.filter(is_superuser=True).first()


def test_a_view_of_several_childrens_records_logs_each_in_one_statement(social_worker):
    """A conference page logs every child on it: one INSERT, no transaction opened around it
    (issue 25), and each row carries the same moment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.clock import PINNED

    children = ChildFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        services.record_child_view(
            user=social_worker, child=iter(children), what="Conference", path="/conferences/1/"
        )
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    logged = ChildRecordView.objects.order_by("child_id")
    assert [(v.user, v.child, v.what, v.viewed_at) for v in logged] == [
        (social_worker, child, "Conference", PINNED) for child in children
    ]


def test_a_view_of_no_children_logs_nothing(social_worker):
    services.record_child_view(user=social_worker, child=[], what="Conference")
    assert not ChildRecordView.objects.exists()
