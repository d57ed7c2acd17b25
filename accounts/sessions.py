"""A user's live sessions in the database session store, and ending them all: "sign out
everywhere" for a lost phone or a shared computer left signed in."""

from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_of(user):
    """The user's live sessions (each session's data is read to find whose it is)."""
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            yield session


def end_sessions_of(user) -> int:
    """End every live session of the user; returns how many were ended. Sessions are not
    records of the service: deleting them is how Django signs a browser out."""
    keys = [session.session_key for session in sessions_of(user)]
    deleted, _ = Session.objects.filter(session_key__in=keys).delete()
    return deleted
