import pytest
from django.core.management import call_command

from accounts.models import RoleCode, User
from conferences.models import (
    Conference,
    ConferenceRequest,
    ConferenceStatus,
    Invitation,
    RequestStatus,
)
from conferences.selectors import conferences_visible_to


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_gives_one_user_per_role():
    call_command("seed_demo", verbosity=0)
    first = User.objects.count()
    call_command("seed_demo", verbosity=0)
    assert User.objects.count() == first
    for code in RoleCode:
        assert User.objects.filter(roles__code=code).exists(), code
    demo_user = User.objects.get(email="social.worker@demo.example")
    assert demo_user.check_password("demo-password-2026")
    assert demo_user.line_manager.has_role(RoleCode.TEAM_MANAGER)


@pytest.mark.django_db
def test_the_demo_has_a_request_to_book_and_a_booked_conference_to_prepare():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    # The brother and sister booked for next week (the stages of issue 18 add more conferences).
    booked = Conference.objects.get(conference_children__child__local_child_id="DEMO0006")
    assert booked.status == ConferenceStatus.BOOKED
    assert booked.invitations_sent_at is not None
    health_visitor = User.objects.get(email="health.visitor@demo.example")
    assert Invitation.objects.filter(conference=booked, user=health_visitor).exists()
    assert booked in conferences_visible_to(health_visitor)
    # Only conferences the health visitor is invited to.
    assert not conferences_visible_to(health_visitor).exclude(
        invitations__user=health_visitor, invitations__is_active=True
    )
    assert ConferenceRequest.objects.filter(status=RequestStatus.SENT).count() == 1
