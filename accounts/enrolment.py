"""The second channel before an authenticator app is set up (ADR 48).

A password alone never shows the app's secret: first a one-time code goes to the user's email
address, and only the session that enters it may see the QR code. Codes are 6 digits, kept as
a keyed hash (HMAC with SECRET_KEY: a plain hash of 6 digits is undone by trying all million),
work once, for 15 minutes and for 5 wrong tries. A new code can be asked for after a minute,
at most 5 an hour, so guessing stays hopeless and the user's inbox is not flooded.

Someone who cannot receive the email gets a one-time set-up link from an administrator instead
(`issue_link`), which works only for the account it was issued for, once, within 15 minutes.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.errors import DomainError

from . import emails
from .models import EnrolmentCode, User

CODE_LIFETIME = timedelta(minutes=15)
LINK_LIFETIME = timedelta(minutes=15)
MAX_WRONG_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=1)
MAX_CODES_PER_HOUR = 5
PROVEN_SESSION_KEY = "accounts.enrolment_proven"


class EnrolmentCodeError(DomainError):
    """A code that cannot be sent or accepted; the message is for the page."""


def _hash(code: str) -> str:
    return salted_hmac("accounts.enrolment.EnrolmentCode", code, algorithm="sha256").hexdigest()


def live_code(user) -> EnrolmentCode | None:
    """The code the user can still enter: not used, not replaced, not expired, tries left."""
    return (
        EnrolmentCode.objects.filter(
            user=user,
            kind=EnrolmentCode.Kind.EMAILED_CODE,
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
            wrong_attempts__lt=MAX_WRONG_ATTEMPTS,
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def send_code(user, *, again: bool = False) -> EnrolmentCode:
    """Email a new code, unless one is still live and this is not a request to send again.

    The user's row is locked so two tabs opening the page at once send one code, not two."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    current = live_code(user)
    if current is not None and not again:
        return current
    emailed = EnrolmentCode.objects.filter(user=user, kind=EnrolmentCode.Kind.EMAILED_CODE)
    latest = emailed.order_by("-created_at").first()
    if again and latest is not None and now - latest.created_at < RESEND_AFTER:
        raise EnrolmentCodeError(
            "We sent a code less than a minute ago. Wait a minute before asking for another",
            field="code",
        )
    sent_this_hour = emailed.filter(created_at__gt=now - timedelta(hours=1)).count()
    if sent_this_hour >= MAX_CODES_PER_HOUR:
        raise EnrolmentCodeError(
            "We have sent you 5 codes in the last hour. Wait an hour, or contact your system "
            "administrator",
            field="code",
        )
    emailed.filter(used_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = EnrolmentCode.objects.create(
        user=user, code_hash=_hash(code), created_at=now, expires_at=now + CODE_LIFETIME
    )
    emails.send_enrolment_code(user, code, minutes=int(CODE_LIFETIME.total_seconds() // 60))
    return row


def check_code(user, entered: str) -> EnrolmentCode:
    """Use the live code if `entered` is it; count a wrong try otherwise (the count is saved
    even though the caller is told no, which is what limits guessing)."""
    entered = "".join(entered.split())
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        row = live_code(user)
        if row is None:
            raise EnrolmentCodeError(
                "The code has expired or has been used. Send a new code", field="code"
            )
        if constant_time_compare(row.code_hash, _hash(entered)):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return row
        row.wrong_attempts += 1
        row.save(update_fields=["wrong_attempts"])
        left = MAX_WRONG_ATTEMPTS - row.wrong_attempts
    if left <= 0:
        raise EnrolmentCodeError(
            "The code is not right, and it has been entered wrongly too many times. "
            "Send a new code",
            field="code",
        )
    raise EnrolmentCodeError(
        f"The code is not right. Check the email and enter the 6-digit code "
        f"({left} {'try' if left == 1 else 'tries'} left)",
        field="code",
    )


@transaction.atomic
def issue_link(user, *, by) -> str:
    """A set-up link for a user who cannot get the emailed code, issued by an administrator who
    has checked who they are (a call back on a known number, as for a lost phone). The path is
    shown to the administrator once; a link issued before stops working."""
    now = timezone.now()
    EnrolmentCode.objects.filter(
        user=user,
        kind=EnrolmentCode.Kind.ADMINISTRATOR_LINK,
        used_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    EnrolmentCode.objects.create(
        user=user,
        kind=EnrolmentCode.Kind.ADMINISTRATOR_LINK,
        issued_by=by,
        code_hash=_hash(token),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    return reverse("two-factor-enrolment-link", args=[token])


def use_link(user, token: str) -> EnrolmentCode:
    """Use the link if it is live and was issued for this user (the one who signed in with the
    password): a link alone, or someone else's password, opens nothing."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        row = EnrolmentCode.objects.filter(
            user=user,
            kind=EnrolmentCode.Kind.ADMINISTRATOR_LINK,
            code_hash=_hash(token),
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).first()
        if row is not None:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return row
    raise EnrolmentCodeError(
        "This set-up link has expired, has been used, or is not for the account you signed in "
        "with. Ask your system administrator for a new one"
    )


def mark_proven(session, user) -> None:
    """This session (and only this one) has shown it reads the user's email."""
    session[PROVEN_SESSION_KEY] = user.pk


def is_proven(session, user) -> bool:
    return session.get(PROVEN_SESSION_KEY) == user.pk


def forget_proof(session) -> None:
    session.pop(PROVEN_SESSION_KEY, None)
