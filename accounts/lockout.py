"""Telling a user that sign-ins to their account were locked (ADR 48).

django-axes counts failed sign-ins per account and source address together, so a stranger
elsewhere locks only their own address out. When it locks, it sends `user_locked_out`; the
account's owner is emailed once per cool-off period (axes sends the signal again on every try
during the lock, and a stranger must not be able to fill the owner's inbox).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails
from .models import LockoutNotice, User


def notify_locked_account(sender, request=None, username=None, **kwargs) -> None:
    """Email the owner of the account that was locked. An address no account has gets nothing:
    the service never emails addresses a stranger typed."""
    email = (username or "").strip().lower()
    if not email:
        return
    cool_off = settings.AXES_COOLOFF_TIME
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email, is_active=True).first()
        if user is None:
            return
        now = timezone.now()
        if LockoutNotice.objects.filter(user=user, sent_at__gt=now - cool_off).exists():
            return
        LockoutNotice.objects.create(user=user, sent_at=now)
        emails.send_lockout_notice(
            user,
            minutes=int(cool_off.total_seconds() // 60),
            failures=settings.AXES_FAILURE_LIMIT,
        )
