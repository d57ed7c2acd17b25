"""The emails sign-in sends: the code that lets someone set up their authenticator app, and the
notice that sign-ins to their account were locked (ADR 48).

Every one leaves through `_deliver`, so how email is sent (after commit now, an outbox later)
is decided in one place. Bodies are plain text rendered with autoescaping off (an apostrophe in a
name stays an apostrophe) and carry no more than the person needs: no password, no address
the attempts came from, no link that signs anyone in.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


def _deliver(message: EmailMessage) -> None:
    """Send once the transaction that decided to send has committed. `robust` logs a mail
    server failure rather than turning the user's request into an error page: the code can be
    sent again from the page, and a lockout notice is a courtesy."""
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
    _deliver(
        _message(
            user,
            "Your code to set up two-factor sign-in",
            "accounts/email/enrolment_code.txt",
            {"code": code, "minutes": minutes},
        )
    )


def send_lockout_notice(user, *, minutes: int, failures: int) -> None:
    _deliver(
        _message(
            user,
            "Sign-in to your account was locked",
            "accounts/email/lockout_notice.txt",
            {"minutes": minutes, "failures": failures},
        )
    )
