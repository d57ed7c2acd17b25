"""Claiming a submission token and recording the first submission's answer (ADR 49).

Each write is its own short transaction, outside the view's, so a repeat sees the claim at once
and the answer as soon as the first request has finished."""

import re
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmissionStatus, SubmissionToken

FIELD_NAME = "submission_token"
TOKEN_LENGTH = 64
# What new_token() makes (token_urlsafe); anything else was typed or tampered with, and must not
# reach the database (PostgreSQL refuses a NUL in text: that was a 500).
WELL_FORMED = re.compile(rf"[A-Za-z0-9_-]{{1,{TOKEN_LENGTH}}}")


class Claim:
    """What claiming a token found: this request goes first (`mine`), or where the first went."""

    def __init__(self, *, mine: bool, row: SubmissionToken | None = None):
        self.mine = mine
        self.row = row


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _insert(token: str, *, user, path: str) -> SubmissionToken | None:
    try:
        with transaction.atomic():
            return SubmissionToken.objects.create(token=token, user=user, path=path)
    except IntegrityError:
        return None


def _take_over_released(token: str) -> bool:
    """A first submission that answered without a result (a form with errors, a failure) left its
    token released: the first repeat to take it over is handled afresh."""
    with transaction.atomic():
        return bool(
            SubmissionToken.objects.filter(token=token, status=SubmissionStatus.RELEASED).update(
                status=SubmissionStatus.RUNNING, claimed_at=timezone.now(), finished_at=None
            )
        )


def _take_over_stale(token: str) -> bool:
    """A first submission whose process died never answers: after SUBMISSION_STALE_AFTER a
    repeat takes its token over and is handled afresh."""
    cutoff = timezone.now() - settings.SUBMISSION_STALE_AFTER
    with transaction.atomic():
        return bool(
            SubmissionToken.objects.filter(
                token=token, status=SubmissionStatus.RUNNING, claimed_at__lt=cutoff
            ).update(claimed_at=timezone.now())
        )


def claim(token: str, *, user, path: str) -> Claim:
    """Claim the token for this request, or wait (briefly) for the request that claimed it first.

    Returns Claim(mine=True) when this request should run; Claim(mine=False, row=…) with the
    first's answer (row.status DONE) or, when it is still running after the wait, its row."""
    row = _insert(token, user=user, path=path)
    if row is not None:
        return Claim(mine=True, row=row)
    polls = max(1, int(settings.SUBMISSION_WAIT_SECONDS / 0.05))
    for _ in range(polls):
        row = SubmissionToken.objects.filter(token=token).first()
        if row is None:  # pruned between the two queries: a very old token
            return Claim(mine=False, row=None)
        if row.user_id != user.pk or row.path != path:
            return Claim(mine=False, row=None)
        if row.status == SubmissionStatus.DONE:
            return Claim(mine=False, row=row)
        if row.status == SubmissionStatus.RELEASED and _take_over_released(token):
            row.status = SubmissionStatus.RUNNING
            return Claim(mine=True, row=row)
        if row.status == SubmissionStatus.RUNNING and _take_over_stale(token):
            return Claim(mine=True, row=row)
        time.sleep(0.05)
    return Claim(mine=False, row=row)


def finish(row: SubmissionToken, *, location: str) -> None:
    """The first submission answered with a redirect: a repeat goes to the same place."""
    SubmissionToken.objects.filter(pk=row.pk).update(
        status=SubmissionStatus.DONE, location=location, finished_at=timezone.now()
    )


def release(row: SubmissionToken) -> None:
    """The first submission answered without a result: a repeat is handled afresh."""
    SubmissionToken.objects.filter(pk=row.pk).update(
        status=SubmissionStatus.RELEASED, finished_at=timezone.now()
    )


def prune(*, older_than=None) -> int:
    """Forget tokens claimed before SUBMISSION_TOKEN_MAX_AGE ago (they are not records)."""
    cutoff = timezone.now() - (older_than or settings.SUBMISSION_TOKEN_MAX_AGE)
    deleted, _ = SubmissionToken.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted
