import pytest
from django.core.management import call_command

from accounts.models import RoleCode, User


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
