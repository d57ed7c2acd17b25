"""The emails sign-in sends: the code that lets someone set up their authenticator app, and the
notice that sign-ins to their account were locked (ADR 48).

The lockout notice goes through the outbox like every other email (ADR 50). The set-up code
does not: the outbox keeps what it sends, and a live code kept in clear beside its hash would
let anyone who can read the outbox set up an authenticator in someone's name. It is sent once the
transaction commits; if the mail server is down the page offers to send another (ADR 48).

Bodies are plain text rendered with autoescaping off (an apostrophe in a name stays an
apostrophe) and carry no more than the person needs: no password, no address the attempts came
from, no link that signs anyone in.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from core.outbox import queue_email


def _deliver_secret(message: EmailMessage) -> None:
    """Send once the transaction that decided to send has committed, never kept. `robust` logs
    a mail server failure rather than turning the user's request into an error page: the code
    can be sent again from the page."""
    transaction.on_commit(message.send, robust=True)


def _message(user, subject: str, template: str, context: dict) -> EmailMessage:
    body = render_to_string(
        template,
        {
            "user": user,
            "service_name": settings.SERVICE_NAME,
            "authority_name": settings.AUTHORITY_NAME,
            **context,
        },
    )
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


def send_enrolment_code(user, code: str, *, minutes: int) -> None:
    _deliver_secret(
        _message(
            user,
            "Your code to set up two-factor sign-in",
            "accounts/email/enrolment_code.txt",
            {"code": code, "minutes": minutes},
        )
    )


def send_lockout_notice(user, *, minutes: int, failures: int) -> None:
    queue_email(
        _message(
            user,
            "Sign-in to your account was locked",
            "accounts/email/lockout_notice.txt",
            {"minutes": minutes, "failures": failures},
        ),
        kind="lockout-notice",
    )
